/**
 * The simulated Kubernetes fleet: one OpenTelemetry TracerProvider per pod, so
 * every span carries the Resource of the pod that emitted it, exactly as with
 * real per-process SDKs. All providers share one seeded IdGenerator and one
 * collecting SpanProcessor, so the spans of all services end up in one list.
 */
import type { Attributes, Context, HrTime, Link, Span, SpanContext, SpanKind } from '@opentelemetry/api';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { IdGenerator, ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { Random, hashLabel, mixSeed } from './seeded-random.js';

export interface ServiceSpec {
  name: string;
  version: string;
  replicas: number;
}

/** Instrumentation scopes as the usual Node.js auto-instrumentations report them. */
const SCOPES = {
  http: { name: '@opentelemetry/instrumentation-http', version: '0.301.1' },
  grpc: { name: '@opentelemetry/instrumentation-grpc', version: '0.301.1' },
  pg: { name: '@opentelemetry/instrumentation-pg', version: '0.61.0' },
  redis: { name: '@opentelemetry/instrumentation-ioredis', version: '0.56.0' },
  kafka: { name: '@opentelemetry/instrumentation-kafkajs', version: '0.19.0' },
} as const;

/** `app` is the service's own manual instrumentation. */
export type ScopeName = keyof typeof SCOPES | 'app';

export interface Failure {
  /** Value for the `error.type` attribute. */
  type: string;
  message: string;
}

class SeededIdGenerator implements IdGenerator {
  rng = new Random(0);
  generateTraceId(): string {
    return this.rng.hex(16);
  }
  generateSpanId(): string {
    return this.rng.hex(8);
  }
}

/** Keeps every ended span; synchronous so the order of spans is deterministic. */
class SpanCollector implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export class Pod {
  constructor(
    readonly service: string,
    readonly ip: string,
    private readonly provider: TracerProvider,
    private readonly serviceVersion: string,
  ) {}

  tracer(scope: ScopeName) {
    if (scope === 'app') return this.provider.getTracer(`shop.${this.service}`, this.serviceVersion);
    return this.provider.getTracer(SCOPES[scope].name, SCOPES[scope].version);
  }
}

/** Kubernetes-style random suffix alphabet (no vowels, no look-alike digits). */
const K8S_ALPHABET = [...'bcdfghjklmnpqrstvwxz2456789'];

function k8sSuffix(rng: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += rng.pick(K8S_ALPHABET);
  return out;
}

export interface FleetOptions {
  seed: number;
  /** Distinguishes the datasets so they get different pods and ids for the same seed. */
  dataset: string;
  /** Wall-clock origin of the dataset; all span times are offsets (ms) from it. */
  epochMs: number;
  services: readonly ServiceSpec[];
}

export class Fleet {
  private readonly ids = new SeededIdGenerator();
  private readonly collector = new SpanCollector();
  private readonly pods = new Map<string, Pod[]>();
  private readonly epochSec: number;
  private readonly epochRemainderUs: number;

  constructor(private readonly options: FleetOptions) {
    this.epochSec = Math.floor(options.epochMs / 1000);
    this.epochRemainderUs = (options.epochMs % 1000) * 1000;
    const rng = new Random(mixSeed(options.seed, hashLabel(options.dataset), hashLabel('pods')));
    for (const spec of options.services) {
      const replicaSet = k8sSuffix(rng, 10);
      const pods: Pod[] = [];
      for (let i = 0; i < spec.replicas; i++) pods.push(this.createPod(spec, replicaSet, rng));
      this.pods.set(spec.name, pods);
    }
  }

  private createPod(spec: ServiceSpec, replicaSet: string, rng: Random): Pod {
    const node = `ip-10-0-${rng.int(1, 3)}-${rng.int(10, 250)}.eu-west-1.compute.internal`;
    const resource = resourceFromAttributes({
      'service.name': spec.name,
      'service.version': spec.version,
      'service.namespace': 'shop',
      'service.instance.id': rng.uuid(),
      'deployment.environment.name': 'production',
      'k8s.cluster.name': 'prod-eu-west-1',
      'k8s.namespace.name': 'shop',
      'k8s.deployment.name': spec.name,
      'k8s.pod.name': `${spec.name}-${replicaSet}-${k8sSuffix(rng, 5)}`,
      'k8s.node.name': node,
      'host.name': node,
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': '3.1.1',
    });
    const provider = new TracerProvider({
      resource,
      idGenerator: this.ids,
      spanProcessors: [this.collector],
    });
    return new Pod(spec.name, `10.42.${rng.int(0, 15)}.${rng.int(2, 254)}`, provider, spec.version);
  }

  /** Load balancing: each request lands on a random replica. */
  pick(service: string, rng: Random): Pod {
    const pods = this.pods.get(service);
    if (!pods) throw new Error(`unknown service ${service}`);
    return rng.pick(pods);
  }

  /** Ids of each trace come from their own stream, so trace i is the same whatever else is generated. */
  beginTrace(traceIndex: number): void {
    this.ids.rng = new Random(mixSeed(this.options.seed, hashLabel(this.options.dataset), hashLabel('ids'), traceIndex));
  }

  /** All ended spans, grouped by trace in generation order. */
  get spans(): ReadableSpan[] {
    return this.collector.spans;
  }

  /** Converts a dataset offset in ms to an absolute HrTime, rounded to whole microseconds. */
  hrTime(offsetMs: number): HrTime {
    const totalUs = this.epochRemainderUs + Math.round(offsetMs * 1000);
    return [this.epochSec + Math.floor(totalUs / 1e6), (totalUs % 1e6) * 1000];
  }
}

/**
 * Where new spans go: a pod, the span that parents them, and the trace's random stream.
 * Times are ms offsets from the fleet epoch and are always passed explicitly.
 */
export class Ctx {
  private constructor(
    readonly fleet: Fleet,
    readonly rng: Random,
    readonly pod: Pod,
    private readonly parent: Context,
  ) {}

  static root(fleet: Fleet, rng: Random, pod: Pod): Ctx {
    return new Ctx(fleet, rng, pod, ROOT_CONTEXT);
  }

  /** Work in `pod` triggered by a span context that crossed the wire (traceparent header, Kafka header). */
  remote(pod: Pod, parent: SpanContext): Ctx {
    return new Ctx(this.fleet, this.rng, pod, trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true }));
  }

  child(span: Span): Ctx {
    return new Ctx(this.fleet, this.rng, this.pod, trace.setSpan(ROOT_CONTEXT, span));
  }

  start(scope: ScopeName, name: string, kind: SpanKind, startMs: number, attributes: Attributes, links?: Link[]): Span {
    const options = { kind, attributes, startTime: this.fleet.hrTime(startMs), ...(links ? { links } : {}) };
    return this.pod.tracer(scope).startSpan(name, options, this.parent);
  }

  end(span: Span, endMs: number, failure?: Failure): void {
    if (failure) {
      span.setAttribute('error.type', failure.type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
    }
    span.end(this.fleet.hrTime(endMs));
  }
}
