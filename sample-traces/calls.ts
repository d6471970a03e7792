/**
 * Building blocks that emit spans the way the usual auto-instrumentations do,
 * with current semantic-convention attributes: in-mesh HTTP and gRPC hops
 * (CLIENT span in the caller, SERVER child in the callee), database queries,
 * calls to uninstrumented external APIs, and Kafka publish/process.
 */
import type { Attributes, SpanContext } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { Ctx, Failure } from './fleet.js';

/** What the server side of a call reports back to its caller. */
export interface Outcome {
  /** When the work finished (ms offset). */
  end: number;
  failure?: Failure;
  /** HTTP status or gRPC code to answer with; defaults depend on the protocol. */
  status?: number;
}

/** Runs the callee side; `ctx` parents spans under the callee's SERVER/CONSUMER span. */
export type Handler = (ctx: Ctx, start: number) => Outcome;

const MESH_DOMAIN = 'shop.svc.cluster.local';
const MESH_HTTP_PORT = 8080;
const MESH_GRPC_PORT = 50051;

/** Network plus sidecar-proxy time on one side of an in-mesh hop. */
function proxyDelay(ctx: Ctx): number {
  return ctx.rng.float(0.5, 3);
}

/** Request parsing and middleware before the handler runs. */
function requestRead(ctx: Ctx): number {
  return ctx.rng.float(0.05, 0.4);
}

/** Time between the handler finishing and the response leaving the process. */
function responseWrite(ctx: Ctx): number {
  return ctx.rng.float(0.05, 0.3);
}

export interface HttpRequest {
  method: string;
  route: string;
  path: string;
  okStatus: number;
  /** Set on retries: 1 for the first retry, 2 for the second... */
  resendCount?: number;
}

export function httpCall(caller: Ctx, service: string, req: HttpRequest, start: number, handle: Handler): Outcome {
  const pod = caller.fleet.pick(service, caller.rng);
  const host = `${service}.${MESH_DOMAIN}`;
  const name = `${req.method} ${req.route}`;
  const client = caller.start('http', name, SpanKind.CLIENT, start, {
    'http.request.method': req.method,
    'url.full': `http://${host}:${MESH_HTTP_PORT}${req.path}`,
    'url.template': req.route,
    'server.address': host,
    'server.port': MESH_HTTP_PORT,
    'network.peer.address': pod.ip,
    'network.protocol.version': '1.1',
    ...(req.resendCount ? { 'http.request.resend_count': req.resendCount } : {}),
  });

  const serverStart = start + proxyDelay(caller);
  const callee = caller.remote(pod, client.spanContext());
  const server = callee.start('http', name, SpanKind.SERVER, serverStart, {
    'http.request.method': req.method,
    'url.scheme': 'http',
    'url.path': req.path,
    'http.route': req.route,
    'server.address': host,
    'server.port': MESH_HTTP_PORT,
    'client.address': caller.pod.ip,
    'network.peer.address': caller.pod.ip,
    'network.protocol.version': '1.1',
    'user_agent.original': 'node',
  });
  const outcome = handle(callee.child(server), serverStart + requestRead(caller));
  const status = outcome.status ?? (outcome.failure ? 500 : req.okStatus);
  const serverEnd = outcome.end + responseWrite(caller);
  server.setAttribute('http.response.status_code', status);
  callee.end(server, serverEnd, outcome.failure && { type: String(status), message: outcome.failure.message });

  const clientEnd = serverEnd + proxyDelay(caller);
  const failure = outcome.failure && { type: String(status), message: `${service} responded ${status}: ${outcome.failure.message}` };
  client.setAttribute('http.response.status_code', status);
  caller.end(client, clientEnd, failure);
  return { end: clientEnd, ...(failure ? { failure } : {}) };
}

const GRPC_CODES: Record<number, string> = { 0: 'OK', 13: 'INTERNAL', 14: 'UNAVAILABLE' };

export interface GrpcRequest {
  /** Fully qualified service, e.g. "inventory.v1.InventoryService". */
  service: string;
  method: string;
}

export function grpcCall(caller: Ctx, service: string, req: GrpcRequest, start: number, handle: Handler): Outcome {
  const pod = caller.fleet.pick(service, caller.rng);
  const host = `${service}.${MESH_DOMAIN}`;
  const name = `${req.service}/${req.method}`;
  const rpc = { 'rpc.system': 'grpc', 'rpc.service': req.service, 'rpc.method': req.method };
  const client = caller.start('grpc', name, SpanKind.CLIENT, start, {
    ...rpc,
    'server.address': host,
    'server.port': MESH_GRPC_PORT,
    'network.peer.address': pod.ip,
  });

  const serverStart = start + proxyDelay(caller);
  const callee = caller.remote(pod, client.spanContext());
  const server = callee.start('grpc', name, SpanKind.SERVER, serverStart, {
    ...rpc,
    'server.address': host,
    'server.port': MESH_GRPC_PORT,
    'client.address': caller.pod.ip,
    'network.peer.address': caller.pod.ip,
  });
  const outcome = handle(callee.child(server), serverStart + requestRead(caller));
  const code = outcome.status ?? (outcome.failure ? 13 : 0);
  const codeName = GRPC_CODES[code] ?? String(code);
  const serverEnd = outcome.end + responseWrite(caller);
  server.setAttribute('rpc.grpc.status_code', code);
  callee.end(server, serverEnd, outcome.failure && { type: codeName, message: outcome.failure.message });

  const clientEnd = serverEnd + proxyDelay(caller);
  const failure = outcome.failure && { type: codeName, message: `${codeName}: ${outcome.failure.message}` };
  client.setAttribute('rpc.grpc.status_code', code);
  caller.end(client, clientEnd, failure);
  return { end: clientEnd, ...(failure ? { failure } : {}) };
}

export interface Database {
  system: 'postgresql' | 'redis';
  /** Database name for PostgreSQL, database index for Redis. */
  namespace: string;
  host: string;
  port: number;
  ip: string;
}

export interface Query {
  db: Database;
  operation: string;
  collection?: string;
  text: string;
  medianMs: number;
}

/** A query against a database that is not itself traced: a CLIENT span with no children. Returns its end. */
export function query(ctx: Ctx, q: Query, start: number): number {
  const { db } = q;
  const name = q.collection ? `${q.operation} ${q.collection}` : q.operation;
  const span = ctx.start(db.system === 'redis' ? 'redis' : 'pg', name, SpanKind.CLIENT, start, {
    'db.system.name': db.system,
    'db.namespace': db.namespace,
    'db.operation.name': q.operation,
    ...(q.collection ? { 'db.collection.name': q.collection } : {}),
    'db.query.text': q.text,
    'server.address': db.host,
    'server.port': db.port,
    'network.peer.address': db.ip,
  });
  const end = start + Math.max(0.15, ctx.rng.latency(q.medianMs, 0.4));
  ctx.end(span, end);
  return end;
}

export interface ExternalApi {
  host: string;
  ip: string;
  /** `peer.service`: the logical name of the uninstrumented remote. */
  peerService: string;
}

export interface ExternalResult {
  durationMs: number;
  /** Response status, or undefined when the client gave up waiting. */
  status?: number;
}

/** HTTPS call to a third party that sends no spans back: the CLIENT span is all we see. */
export function externalCall(
  ctx: Ctx,
  api: ExternalApi,
  req: Omit<HttpRequest, 'okStatus'>,
  start: number,
  result: ExternalResult,
): number {
  const span = ctx.start('http', `${req.method} ${req.route}`, SpanKind.CLIENT, start, {
    'http.request.method': req.method,
    'url.full': `https://${api.host}${req.path}`,
    'url.template': req.route,
    'server.address': api.host,
    'server.port': 443,
    'network.peer.address': api.ip,
    'peer.service': api.peerService,
    ...(req.resendCount ? { 'http.request.resend_count': req.resendCount } : {}),
  });
  const end = start + result.durationMs;
  if (result.status === undefined) {
    const message = `request to ${api.host} timed out after ${Math.round(result.durationMs)} ms`;
    span.recordException({ name: 'TimeoutError', message }, ctx.fleet.hrTime(end));
    ctx.end(span, end, { type: 'timeout', message });
  } else {
    span.setAttribute('http.response.status_code', result.status);
    ctx.end(span, end);
  }
  return end;
}

/** In-process work traced by the service itself (business logic, CPU-bound steps). Returns its end. */
export function internal(ctx: Ctx, name: string, start: number, medianMs: number, attributes: Attributes = {}): number {
  const span = ctx.start('app', name, SpanKind.INTERNAL, start, attributes);
  const end = start + ctx.rng.latency(medianMs, 0.3);
  ctx.end(span, end);
  return end;
}

const KAFKA = { 'messaging.system': 'kafka', 'server.address': 'kafka.internal', 'server.port': 9092 } as const;
const KAFKA_PARTITIONS = 12;

export interface Message {
  topic: string;
  key: string;
  id: string;
  partition: string;
  /** Context of the PRODUCER span, as carried in the message headers. */
  producer: SpanContext;
  /** When the broker acknowledged the message. */
  sentAt: number;
}

export function publish(ctx: Ctx, topic: string, key: string, start: number): Message {
  const message = { topic, key, id: ctx.rng.uuid(), partition: String(ctx.rng.int(0, KAFKA_PARTITIONS - 1)) };
  const span = ctx.start('kafka', `publish ${topic}`, SpanKind.PRODUCER, start, {
    ...KAFKA,
    'messaging.operation.type': 'send',
    'messaging.operation.name': 'publish',
    'messaging.destination.name': topic,
    'messaging.destination.partition.id': message.partition,
    'messaging.message.id': message.id,
    'messaging.kafka.message.key': key,
  });
  const sentAt = start + Math.max(0.8, ctx.rng.latency(3, 0.4)); // acks=all round trip
  ctx.end(span, sentAt);
  return { ...message, producer: span.spanContext(), sentAt };
}

/**
 * A consumer group processing `message` in `service`. The CONSUMER span is a
 * child of the PRODUCER span (same trace) and also links to it, the way
 * batch-aware consumers record their origin.
 */
export function consume(from: Ctx, service: string, group: string, message: Message, start: number, handle: Handler): Outcome {
  const ctx = from.remote(from.fleet.pick(service, from.rng), message.producer);
  const attributes: Attributes = {
    ...KAFKA,
    'messaging.operation.type': 'process',
    'messaging.operation.name': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': message.partition,
    'messaging.consumer.group.name': group,
    'messaging.message.id': message.id,
    'messaging.kafka.message.key': message.key,
  };
  const link = { context: { ...message.producer, isRemote: true } };
  const span = ctx.start('kafka', `process ${message.topic}`, SpanKind.CONSUMER, start, attributes, [link]);
  const outcome = handle(ctx.child(span), start + requestRead(ctx));
  const end = outcome.end + ctx.rng.float(0.2, 1.5); // offset commit
  ctx.end(span, end, outcome.failure);
  return { end, ...(outcome.failure ? { failure: outcome.failure } : {}) };
}
