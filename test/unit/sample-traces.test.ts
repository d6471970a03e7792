import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { HrTime } from '@opentelemetry/api';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import {
  DATASETS,
  batchByTrace,
  encodeDataset,
  generateAfter,
  generateBefore,
  splitLengthPrefixed,
  toJsonLines,
} from '../../sample-traces/generate.js';

const nanos = (t: HrTime): bigint => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
const millis = (t: HrTime): number => t[0] * 1e3 + t[1] / 1e6;
const service = (s: ReadableSpan): unknown => s.resource.attributes['service.name'];
const parentId = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;

function childrenOf(spans: readonly ReadableSpan[]): Map<string, ReadableSpan[]> {
  const children = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const parent = parentId(span);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  return children;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const rootLatencies = (spans: readonly ReadableSpan[]): number[] =>
  spans.filter((s) => !s.parentSpanContext).map((s) => millis(s.duration));

// The default datasets (what is committed), generated once: ~1 s.
const before = generateBefore();
const after = generateAfter();

describe('sample-traces generators', () => {
  it('are deterministic for a seed and differ between seeds', () => {
    for (const generate of [generateBefore, generateAfter]) {
      const first = encodeDataset(generate({ traces: 15, seed: 7 }));
      const again = encodeDataset(generate({ traces: 15, seed: 7 }));
      const other = encodeDataset(generate({ traces: 15, seed: 8 }));
      expect(first.jsonl.equals(again.jsonl)).toBe(true);
      expect(first.pb.equals(again.pb)).toBe(true);
      expect(first.jsonl.equals(other.jsonl)).toBe(false);
      expect(first.pb.equals(other.pb)).toBe(false);
    }
  });

  it('generates a trace identically whether or not it is part of a larger run (chunking)', () => {
    const whole = batchByTrace(generateBefore({ traces: 15 }), 10);
    const chunk = generateBefore({ traces: 5, firstTrace: 10 });
    expect(whole).toHaveLength(2);
    expect(toJsonLines([chunk]).equals(toJsonLines([whole[1] ?? []]))).toBe(true);
  });

  it('emits the requested number of traces, each with a single root', () => {
    for (const spans of [before, after]) {
      const roots = spans.filter((s) => !s.parentSpanContext);
      expect(roots).toHaveLength(300);
      expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(300);
      expect(new Set(roots.map((s) => `${String(service(s))} ${s.name}`))).toEqual(new Set(['gateway POST /orders']));
    }
  });

  it('gives every span the resource of its own service pod', () => {
    const services = ['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification'];
    for (const spans of [before, after]) {
      expect(new Set(spans.map(service))).toEqual(new Set(services));
      const resources = new Set(spans.map((s) => s.resource));
      expect(resources.size).toBe(12); // one per pod: 2 + 3 + 2 + 2 + 2 + 1 replicas
      for (const { attributes: attrs } of resources) {
        expect(attrs['k8s.deployment.name']).toBe(attrs['service.name']);
        expect(String(attrs['k8s.pod.name'])).toMatch(new RegExp(`^${String(attrs['service.name'])}-[a-z0-9]{10}-[a-z0-9]{5}$`));
        for (const key of ['service.version', 'service.namespace', 'deployment.environment.name', 'k8s.namespace.name', 'host.name']) {
          expect(attrs[key], key).toBeTruthy();
        }
      }
    }
  });

  it('uses the expected span kinds', () => {
    const kinds = (spans: readonly ReadableSpan[]) => new Set(spans.map((s) => s.kind));
    expect(kinds(before)).toEqual(new Set([SpanKind.SERVER, SpanKind.CLIENT, SpanKind.INTERNAL]));
    expect(kinds(after)).toEqual(new Set([SpanKind.SERVER, SpanKind.CLIENT, SpanKind.INTERNAL, SpanKind.PRODUCER, SpanKind.CONSUMER]));
  });

  it('nests each in-mesh SERVER span inside its CLIENT span, in another service', () => {
    const byId = new Map(before.map((s) => [s.spanContext().spanId, s]));
    const servers = before.filter((s) => s.kind === SpanKind.SERVER && s.parentSpanContext);
    expect(servers.length).toBeGreaterThan(300 * 4);
    for (const server of servers) {
      const client = byId.get(parentId(server) ?? '');
      expect(client?.kind).toBe(SpanKind.CLIENT);
      if (!client) continue;
      expect(service(client)).not.toBe(service(server));
      expect(server.parentSpanContext?.isRemote).toBe(true);
      expect(nanos(server.startTime)).toBeGreaterThan(nanos(client.startTime));
      expect(nanos(server.endTime)).toBeLessThan(nanos(client.endTime));
    }
  });

  it('before: inventory checks stock with one sequential query per line item (N+1)', () => {
    const children = childrenOf(before);
    const inventoryServers = before.filter((s) => service(s) === 'inventory' && s.kind === SpanKind.SERVER);
    expect(inventoryServers).toHaveLength(300);
    for (const server of inventoryServers) {
      const selects = (children.get(server.spanContext().spanId) ?? [])
        .filter((s) => s.attributes['db.system.name'] === 'postgresql' && s.name === 'SELECT stock')
        .sort((a, b) => Number(nanos(a.startTime) - nanos(b.startTime)));
      expect(selects.length).toBeGreaterThanOrEqual(5);
      expect(selects.length).toBeLessThanOrEqual(25);
      for (let i = 1; i < selects.length; i++) {
        expect(nanos(selects[i]?.startTime ?? [0, 0])).toBeGreaterThanOrEqual(nanos(selects[i - 1]?.endTime ?? [0, 0]));
      }
      for (const select of selects) {
        expect(select.kind).toBe(SpanKind.CLIENT);
        expect(select.attributes['db.namespace']).toBe('inventory-db');
        expect(children.has(select.spanContext().spanId)).toBe(false);
      }
    }
  });

  it('before: payment-gateway timeouts are retried with http.request.resend_count and cascade up on exhaustion', () => {
    const retries = before.filter((s) => typeof s.attributes['http.request.resend_count'] === 'number');
    expect(retries.some((s) => s.attributes['peer.service'] === 'payment-gateway' && s.attributes['http.request.resend_count'] === 2)).toBe(
      true,
    );
    expect(retries.some((s) => service(s) === 'inventory' && s.name === 'POST /payments')).toBe(true);

    const timeouts = before.filter((s) => s.attributes['error.type'] === 'timeout');
    expect(timeouts.length).toBeGreaterThan(0);
    for (const span of timeouts) {
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toBeTruthy();
      expect(millis(span.duration)).toBeGreaterThanOrEqual(800);
      expect(span.events.map((e) => e.name)).toEqual(['exception']);
    }

    const failedRoots = before.filter((s) => !s.parentSpanContext && s.status.code === SpanStatusCode.ERROR);
    expect(failedRoots.length).toBeGreaterThan(0);
    for (const root of failedRoots) {
      expect(root.attributes['http.response.status_code']).toBe(502);
      const traceId = root.spanContext().traceId;
      const failedServers = before.filter(
        (s) => s.spanContext().traceId === traceId && s.kind === SpanKind.SERVER && s.status.code === SpanStatusCode.ERROR,
      );
      expect(new Set(failedServers.map(service))).toEqual(new Set(['gateway', 'order', 'inventory', 'payment']));
    }
  });

  it('after: consumers are children of the producer span and link to it', () => {
    const byId = new Map(after.map((s) => [s.spanContext().spanId, s]));
    const consumers = after.filter((s) => s.kind === SpanKind.CONSUMER);
    expect(consumers).toHaveLength(300 * 4);
    for (const consumer of consumers) {
      const producer = byId.get(parentId(consumer) ?? '');
      expect(producer?.kind).toBe(SpanKind.PRODUCER);
      if (!producer) continue;
      expect(consumer.links).toHaveLength(1);
      expect(consumer.links[0]?.context.spanId).toBe(producer.spanContext().spanId);
      expect(consumer.links[0]?.context.traceId).toBe(producer.spanContext().traceId);
      expect(consumer.attributes['messaging.destination.name']).toBe(producer.attributes['messaging.destination.name']);
      expect(consumer.attributes['messaging.message.id']).toBe(producer.attributes['messaging.message.id']);
      expect(millis(consumer.startTime) - millis(producer.endTime)).toBeGreaterThanOrEqual(5);
    }
    const topics = (topic: string) => consumers.filter((s) => s.attributes['messaging.destination.name'] === topic).map(service);
    expect(new Set(topics('orders.placed'))).toEqual(new Set(['inventory', 'payment', 'fulfillment']));
    expect(new Set(topics('orders.fulfilled'))).toEqual(new Set(['notification']));
  });

  it('after: the N+1 loop is a single batched query and the user-facing latency drops', () => {
    const stockSelects = after.filter((s) => s.name === 'SELECT stock');
    expect(stockSelects).toHaveLength(300);
    expect(stockSelects.every((s) => String(s.attributes['db.query.text']).includes('ANY($1)'))).toBe(true);

    // Payment still fails now and then, but off the user-facing path.
    const failed = after.filter((s) => s.status.code === SpanStatusCode.ERROR);
    expect(failed.some((s) => s.kind === SpanKind.CONSUMER && service(s) === 'payment')).toBe(true);
    expect(failed.filter((s) => !s.parentSpanContext)).toHaveLength(0);

    const beforeP50 = median(rootLatencies(before));
    const afterP50 = median(rootLatencies(after));
    expect(beforeP50).toBeGreaterThan(300);
    expect(beforeP50).toBeLessThan(600);
    expect(afterP50).toBeGreaterThan(60);
    expect(afterP50).toBeLessThan(120);
    expect(Math.max(...rootLatencies(before))).toBeGreaterThan(2000);
  });
});

describe('committed sample-traces files', () => {
  const dir = new URL('../../sample-traces/', import.meta.url);

  for (const [name, generate] of Object.entries(DATASETS)) {
    it(`${name}: gz files decompress, parse, and match the generator's default output`, () => {
      const jsonlFile = new URL(`${name}.otlp.jsonl.gz`, dir);
      const pbFile = new URL(`${name}.otlp.pb.gz`, dir);
      expect(existsSync(jsonlFile)).toBe(true);
      expect(existsSync(pbFile)).toBe(true);

      const jsonl = gunzipSync(readFileSync(jsonlFile));
      const lines = jsonl.toString('utf8').split('\n');
      expect(lines.pop()).toBe('');
      let spanCount = 0;
      for (const line of lines) {
        const request = JSON.parse(line) as {
          resourceSpans: { scopeSpans: { spans: { traceId: string; spanId: string; startTimeUnixNano: string }[] }[] }[];
        };
        expect(request.resourceSpans.length).toBeGreaterThan(0);
        for (const span of request.resourceSpans.flatMap((r) => r.scopeSpans).flatMap((s) => s.spans)) {
          expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(span.startTimeUnixNano).toMatch(/^17\d{17}$/);
          spanCount++;
        }
      }

      const pb = gunzipSync(readFileSync(pbFile));
      expect(splitLengthPrefixed(pb)).toHaveLength(lines.length);

      const spans = generate();
      const expected = encodeDataset(spans);
      expect(spanCount).toBe(spans.length);
      expect(jsonl.equals(expected.jsonl), 'jsonl is stale: rerun sample-traces/generate.ts').toBe(true);
      expect(pb.equals(expected.pb), 'pb is stale: rerun sample-traces/generate.ts').toBe(true);
    });
  }
});
