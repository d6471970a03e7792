/**
 * Synthetic traces as OTLP JSON span objects: trees of 5–60 spans with
 * client/server pairs across services, database calls, Kafka producer →
 * consumer hops (with links) and errors that carry an exception event and
 * propagate up to the callers, like instrumented services produce them.
 */
import { bool, dbl, int, str, type Fleet, type OtlpAttribute, type Service } from './synthetic-fleet.js';
import type { Random } from './seeded-random.js';

export interface OtlpScope {
  name: string;
  version: string;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  flags: number;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: OtlpAttribute[];
  events?: { timeUnixNano: string; name: string; attributes: OtlpAttribute[] }[];
  links?: { traceId: string; spanId: string; flags: number; attributes: OtlpAttribute[] }[];
  status: { code?: number; message?: string };
}

export interface GeneratedSpan {
  service: Service;
  scope: OtlpScope;
  span: OtlpSpan;
}

type NodeType = 'http-server' | 'http-client' | 'grpc-server' | 'grpc-client' | 'db' | 'producer' | 'consumer' | 'internal';

/** Spans that do work of their own and so can get children; clients, queries and sends are leaves or have one fixed child. */
const GROWS: ReadonlySet<NodeType> = new Set(['http-server', 'grpc-server', 'consumer', 'internal']);

/** What every span of one trace shares. */
interface TraceContext {
  traceId: string;
  tenant: string;
  requestId: string;
  flag: string;
}

interface Node {
  type: NodeType;
  service: Service;
  /** The other end of a call (clients) or the topic's producer service (messaging). */
  peer: Service | null;
  /** HTTP "METHOD /route", gRPC method, query index, topic or function name. */
  operation: string;
  spanId: string;
  children: Node[];
  /** Time spent in the span itself (µs): what its children do not cover. */
  selfUs: number;
  /** Started by a message rather than by its parent's call: does not extend the parent. */
  async: boolean;
  error: string | null;
  links: { traceId: string; spanId: string }[];
  durationUs: number;
  startUs: number;
}

/** OTLP SpanKind numbers. */
const KIND: Record<NodeType, number> = {
  'http-server': 2,
  'grpc-server': 2,
  consumer: 5,
  'http-client': 3,
  'grpc-client': 3,
  db: 3,
  producer: 4,
  internal: 1,
};

const SCOPES: Record<string, OtlpScope> = {
  http: { name: 'io.opentelemetry.http', version: '2.12.0' },
  grpc: { name: 'io.opentelemetry.grpc-1.6', version: '2.12.0' },
  kafka: { name: 'io.opentelemetry.kafka-clients-2.6', version: '2.12.0' },
  postgresql: { name: 'io.opentelemetry.jdbc', version: '2.12.0' },
  mysql: { name: 'io.opentelemetry.jdbc', version: '2.12.0' },
  redis: { name: 'io.opentelemetry.lettuce-5.1', version: '2.12.0' },
  mongodb: { name: 'io.opentelemetry.mongo-3.1', version: '2.12.0' },
};

const KAFKA_HOST = 'kafka.data.svc.cluster.local';
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'shop-ios/5.3.0 (iPhone15,2; iOS 17.4)',
  'okhttp/4.12.0',
];
const FEATURE_FLAGS = ['control', 'new-pricing', 'fast-checkout', 'reco-v2'];
const FUNCTIONS = ['validate', 'loadConfig', 'render', 'computeTotals', 'serialize', 'authorize', 'mapResponse'];
const ERRORS: Record<string, [type: string, message: string]> = {
  http: ['java.net.SocketTimeoutException', 'Read timed out after 2000 ms'],
  grpc: ['io.grpc.StatusRuntimeException', 'UNAVAILABLE: upstream connect error or disconnect/reset before headers'],
  db: ['org.postgresql.util.PSQLException', 'ERROR: canceling statement due to lock timeout'],
  internal: ['IllegalStateException', 'inventory reservation expired'],
};
const TENANTS = Array.from({ length: 200 }, (_, i) => `tenant-${String(i).padStart(4, '0')}`);

export class TraceGenerator {
  private readonly appScopes = new Map<Service, OtlpScope>();
  /** A message from an earlier trace, for consumers that link to a batch of messages. */
  private earlierMessage: { traceId: string; spanId: string } | null = null;
  private readonly epochNs = 1_740_000_000_000_000_000n; // 2025-02-19T21:20:00Z

  constructor(
    private readonly random: Random,
    private readonly fleet: Fleet,
  ) {}

  /** One trace of exactly `size` spans starting `startUs` after the dataset's epoch. */
  trace(size: number, startUs: number): GeneratedSpan[] {
    const r = this.random;
    const traceId = r.hex(16);
    const entry = r.pick(this.fleet.entries);
    const root = this.node('http-server', entry, null, r.pick(entry.http!));
    const nodes = [root];
    const open = [root];
    while (nodes.length < size) {
      const parent = r.pick(open);
      for (const added of this.grow(parent, size - nodes.length, traceId)) {
        nodes.push(added);
        if (GROWS.has(added.type)) open.push(added);
      }
    }
    this.settle(root);
    this.place(root, startUs);
    const context: TraceContext = { traceId, tenant: r.pick(TENANTS), requestId: r.hex(16), flag: r.pick(FEATURE_FLAGS) };
    const out: GeneratedSpan[] = [];
    const visit = (n: Node, parent: Node | null) => {
      out.push({ service: n.service, scope: this.scopeOf(n), span: this.toOtlp(n, parent, context) });
      for (const c of n.children) visit(c, n);
    };
    visit(root, null);
    return out;
  }

  /** Adds one thing `parent` does (at most `room` spans): a call, a query, a message or a step of its own. */
  private grow(parent: Node, room: number, traceId: string): Node[] {
    const r = this.random;
    const s = parent.service;
    const options: ('call' | 'db' | 'produce' | 'internal')[] = ['internal'];
    if (room >= 2 && s.calls.length > 0) options.push('call', 'call', 'call', 'call', 'call');
    if (s.db) options.push('db', 'db', 'db');
    if (room >= 2 && s.produces) options.push('produce', 'produce');
    const choice = r.pick(options);
    if (choice === 'call') {
      const callee = this.fleet.byName.get(r.pick(s.calls))!;
      const http = callee.http !== undefined;
      const operation = http ? r.pick(callee.http!) : r.pick(callee.rpcMethods!);
      const client = this.node(http ? 'http-client' : 'grpc-client', s, callee, operation);
      const server = this.node(http ? 'http-server' : 'grpc-server', callee, null, operation);
      client.children.push(server);
      parent.children.push(client);
      return [client, server];
    }
    if (choice === 'db') {
      const db = this.node('db', s, null, String(r.int(0, s.db!.queries.length - 1)));
      parent.children.push(db);
      return [db];
    }
    if (choice === 'produce') {
      const topic = s.produces!;
      const producer = this.node('producer', s, null, topic);
      parent.children.push(producer);
      const added = [producer];
      for (const consumerService of this.fleet.consumersOf(topic).slice(0, room - 1)) {
        const consumer = this.node('consumer', consumerService, s, topic);
        consumer.async = true;
        consumer.links.push({ traceId, spanId: producer.spanId });
        if (this.earlierMessage && r.chance(0.3)) consumer.links.push(this.earlierMessage);
        producer.children.push(consumer);
        added.push(consumer);
      }
      this.earlierMessage = { traceId, spanId: producer.spanId };
      return added;
    }
    const step = this.node('internal', s, null, r.pick(FUNCTIONS));
    parent.children.push(step);
    return [step];
  }

  private node(type: NodeType, service: Service, peer: Service | null, operation: string): Node {
    const r = this.random;
    const selfUs =
      type === 'db'
        ? r.latency(service.db!.system === 'redis' ? 400 : 2500, 0.5)
        : type === 'http-client' || type === 'grpc-client'
          ? r.latency(600, 0.5)
          : type === 'internal'
            ? r.latency(300, 0.8)
            : r.latency(1500, 0.7);
    const errorRate = type === 'db' ? 0.015 : type.endsWith('server') || type === 'consumer' ? 0.02 : type === 'internal' ? 0.005 : 0;
    const kindOfError = type === 'db' ? 'db' : type === 'internal' ? 'internal' : type.startsWith('grpc') ? 'grpc' : 'http';
    return {
      type,
      service,
      peer,
      operation,
      spanId: r.hex(8),
      children: [],
      selfUs,
      async: false,
      error: r.chance(errorRate) ? kindOfError : null,
      links: [],
      durationUs: 0,
      startUs: 0,
    };
  }

  /** Durations bottom-up, and errors propagated to the callers (a client always sees its server fail). */
  private settle(n: Node): void {
    let duration = n.selfUs;
    for (const c of n.children) {
      this.settle(c);
      if (c.async) continue;
      duration += c.durationUs;
      if (c.error && !n.error && (n.type.endsWith('client') || this.random.chance(0.4)))
        n.error = n.type.startsWith('grpc') ? 'grpc' : 'http';
    }
    n.durationUs = duration;
  }

  /** Start times top-down: synchronous children one after another, consumers after a queueing delay. */
  private place(n: Node, startUs: number): void {
    n.startUs = startUs;
    let cursor = startUs + n.selfUs / 2;
    for (const c of n.children) {
      if (c.async) {
        this.place(c, startUs + n.durationUs + this.random.latency(8000, 0.5));
      } else {
        this.place(c, cursor);
        cursor += c.durationUs;
      }
    }
  }

  private nanos(us: number): string {
    return (this.epochNs + BigInt(Math.round(us * 1000))).toString();
  }

  private scopeOf(n: Node): OtlpScope {
    if (n.type === 'db') return SCOPES[n.service.db!.system]!;
    if (n.type === 'producer' || n.type === 'consumer') return SCOPES.kafka!;
    if (n.type === 'internal') {
      let scope = this.appScopes.get(n.service);
      if (!scope) this.appScopes.set(n.service, (scope = { name: `shop.${n.service.name}`, version: n.service.version }));
      return scope;
    }
    return n.type.startsWith('http') ? SCOPES.http! : SCOPES.grpc!;
  }

  private toOtlp(n: Node, parent: Node | null, context: TraceContext): OtlpSpan {
    const span: OtlpSpan = {
      traceId: context.traceId,
      spanId: n.spanId,
      flags: 257,
      name: '',
      kind: KIND[n.type],
      startTimeUnixNano: this.nanos(n.startUs),
      endTimeUnixNano: this.nanos(n.startUs + n.durationUs),
      attributes: [],
      status: {},
    };
    // protojson leaves out empty fields: a root span has no parentSpanId at all.
    if (parent) span.parentSpanId = parent.spanId;
    const a = this.attributes(n, span, context);
    a.push(str('app.tenant.id', context.tenant));
    span.attributes = a;
    if (n.links.length > 0) span.links = n.links.map((l) => ({ ...l, flags: 257, attributes: [] }));
    if (n.error) {
      const [type, message] = ERRORS[n.error]!;
      span.status = { code: 2, message };
      // Only where it was thrown; callers just see the status.
      if (!n.children.some((c) => c.error && !c.async)) {
        const at = this.nanos(n.startUs + n.durationUs * 0.9);
        const stack = `${type}: ${message}\n\tat ${n.service.name}.${n.operation}(Handler.java:${this.random.int(40, 400)})\n\tat shop.core.Dispatcher.run(Dispatcher.java:118)`;
        const attributes = [str('exception.type', type), str('exception.message', message), str('exception.stacktrace', stack)];
        span.events = [{ timeUnixNano: at, name: 'exception', attributes }];
      }
    }
    return span;
  }

  /** Semantic-convention attributes by span type (8–12 per span with the tenant id). */
  private attributes(n: Node, span: OtlpSpan, context: TraceContext): OtlpAttribute[] {
    const r = this.random;
    const s = n.service;
    switch (n.type) {
      case 'http-server':
      case 'http-client': {
        const [method, route] = n.operation.split(' ') as [string, string];
        const path = route.replace(/\{\w+\}/, () => String(r.int(1, 99_999)));
        const status = n.error ? r.pick([500, 503]) : method === 'POST' ? 201 : 200;
        if (n.type === 'http-client') {
          const peer = n.peer!;
          span.name = method;
          return [
            str('http.request.method', method),
            str('url.full', `http://${peer.host}:${peer.port}${path}`),
            str('server.address', peer.host),
            int('server.port', peer.port),
            int('http.response.status_code', status),
            str('network.protocol.version', '1.1'),
            str('peer.service', peer.name),
          ];
        }
        span.name = n.operation;
        return [
          str('http.request.method', method),
          str('url.path', path),
          str('url.scheme', 'http'),
          str('http.route', route),
          int('http.response.status_code', status),
          str('server.address', s.host),
          int('server.port', s.port),
          str('client.address', `10.0.${r.int(0, 15)}.${r.int(2, 254)}`),
          str('user_agent.original', r.pick(USER_AGENTS)),
          str('network.protocol.version', '1.1'),
          str('app.request.id', context.requestId),
        ];
      }
      case 'grpc-server':
      case 'grpc-client': {
        const target = n.type === 'grpc-client' ? n.peer! : s;
        span.name = `${target.rpcService}/${n.operation}`;
        const common = [
          str('rpc.system', 'grpc'),
          str('rpc.service', target.rpcService!),
          str('rpc.method', n.operation),
          int('rpc.grpc.status_code', n.error ? 14 : 0),
          str('server.address', target.host),
          int('server.port', target.port),
          str('network.peer.address', `10.0.${r.int(0, 15)}.${r.int(2, 254)}`),
        ];
        if (n.type === 'grpc-client') return [...common, str('peer.service', target.name)];
        return [...common, int('network.peer.port', r.int(32_768, 60_999)), str('app.feature_flag', context.flag)];
      }
      case 'db': {
        const db = s.db!;
        const [operation, collection, text] = db.queries[Number(n.operation)]!;
        span.name = db.system === 'redis' ? operation : `${operation} ${db.namespace}.${collection}`;
        const attributes = [
          str('db.system.name', db.system),
          str('db.namespace', db.namespace),
          str('db.operation.name', operation),
          str('db.collection.name', collection),
          str('db.query.text', text),
          str('server.address', db.host),
          int('server.port', db.port),
          int('db.response.returned_rows', r.int(0, 50)),
          str('network.peer.address', `10.1.${r.int(0, 3)}.${r.int(2, 254)}`),
        ];
        if (db.system === 'redis') attributes.push(bool('app.cache_hit', r.chance(0.8)));
        return attributes;
      }
      case 'producer':
      case 'consumer': {
        const send = n.type === 'producer';
        span.name = `${send ? 'send' : 'process'} ${n.operation}`;
        const attributes = [
          str('messaging.system', 'kafka'),
          str('messaging.destination.name', n.operation),
          str('messaging.operation.type', send ? 'send' : 'process'),
          str('messaging.operation.name', send ? 'send' : 'process'),
          str('messaging.destination.partition.id', String(r.int(0, 11))),
          int('messaging.message.body.size', r.int(300, 4000)),
          str('messaging.kafka.message.key', `order-${r.int(1, 9_999_999)}`),
          str('server.address', KAFKA_HOST),
          int('server.port', 9092),
        ];
        if (send) attributes.push(str('messaging.client.id', `${s.name}-producer-1`));
        else attributes.push(str('messaging.consumer.group.name', s.name), int('messaging.kafka.offset', r.int(1, 50_000_000)));
        return attributes;
      }
      case 'internal':
        span.name = `${s.name}.${n.operation}`;
        return [
          str('code.function.name', n.operation),
          str('code.file.path', `/app/src/${s.name}/${n.operation}.${s.language === 'go' ? 'go' : 'ts'}`),
          int('code.line.number', r.int(10, 900)),
          str('thread.name', `worker-${r.int(1, 16)}`),
          int('app.items.count', r.int(0, 40)),
          dbl('app.score', Math.round(r.next() * 1e4) / 1e4),
          str('app.feature_flag', context.flag),
        ];
    }
  }
}
