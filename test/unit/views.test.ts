/**
 * The engine's answers for the app's views, on the bundled samples:
 * overview numbers and findings, the trace list and its filters, one trace
 * ready to draw, and one span's details. Numbers are checked against what
 * the other engine calls (SQL, the analyses) say about the same data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { latencyHistogram } from '../../shared/engine/latency-histogram.js';
import type { DatasetOverview, TraceRow } from '../../shared/engine/views-api.js';
import { createSampleEngine } from '../helpers/sample-engine.js';

let engine: HopscopeEngine;
let before: DatasetOverview;
let after: DatasetOverview;
let beforeRows: TraceRow[];

beforeAll(async () => {
  engine = await createSampleEngine();
  before = await engine.overview('before');
  after = await engine.overview('after');
  beforeRows = await engine.traces('before');
});
afterAll(async () => {
  await engine.close();
});

async function count(sql: string): Promise<number> {
  return Number((await engine.query(sql)).rows[0]!.n);
}

describe('overview', () => {
  it('counts what SQL counts', async () => {
    expect(before.traces).toBe(await count(`SELECT count(DISTINCT trace_id) AS n FROM spans WHERE dataset = 'before'`));
    expect(before.spans).toBe(13_324);
    expect(before.services).toBe(6);
    expect(before.errorTraces).toBe(
      await count(`SELECT count(DISTINCT trace_id) AS n FROM spans WHERE dataset = 'before' AND status_code = 'error'`),
    );
    expect(before.failedTraces).toBe(
      await count(`SELECT count(*) AS n FROM spans WHERE dataset = 'before' AND parent_span_id IS NULL AND status_code = 'error'`),
    );
    expect(before.errorRate).toBeCloseTo(before.failedTraces / before.traces, 10);
  });

  it('gives ordered latency percentiles, a histogram of every trace and the slowest trace', () => {
    for (const o of [before, after]) {
      const { p50, p90, p99, max } = o.latencyNs;
      expect(p50).toBeGreaterThan(0);
      expect(p50).toBeLessThanOrEqual(p90);
      expect(p90).toBeLessThanOrEqual(p99);
      expect(p99).toBeLessThanOrEqual(max);
      expect(o.histogram.counts.reduce((a, b) => a + b, 0)).toBe(o.traces);
      expect(o.histogram.edgesNs[0]).toBeLessThanOrEqual(p50);
      expect(o.histogram.edgesNs.at(-1)).toBeGreaterThan(max);
    }
    const slowest = [...beforeRows].sort((a, b) => b.durationNs - a.durationNs)[0]!;
    expect(before.slowestTraceId).toBe(slowest.traceId);
    expect(before.latencyNs.max).toBe(slowest.durationNs);
  });

  it('says in plain words what the before-migration sample was built to show', () => {
    const byKind = new Map(before.findings.map((f) => [f.kind, f]));
    expect(byKind.get('n-plus-one')?.text).toMatch(/^inventory makes \d+ sequential calls to postgresql\/inventory-db per request/);
    expect(byKind.get('retries')?.text).toMatch(/retries amplify calls from payment to payment-gateway [\d.]+×.*compound to [\d.]+×/);
    expect(byKind.get('error-origin')?.text).toMatch(/^payment originates the errors of \d+ of \d+ failed traces/);
    expect(byKind.get('sync-chain')?.text).toMatch(/chain of up to [5-9] services/);
    expect(byKind.get('bottleneck')?.text).toMatch(/is on the critical path of \d+% of traces/);
    // Each finding leads to traces.
    for (const f of before.findings) expect(Object.keys(f.traces).length).toBeGreaterThan(0);
  });

  it('has no N+1 and no long sync chain after the migration', () => {
    const kinds = after.findings.map((f) => f.kind);
    expect(kinds).not.toContain('n-plus-one');
    expect(kinds).not.toContain('sync-chain');
  });
});

describe('trace list', () => {
  it('lists every trace once, by start time, with its root and counts', async () => {
    expect(beforeRows).toHaveLength(before.traces);
    expect(new Set(beforeRows.map((r) => r.traceId)).size).toBe(before.traces);
    for (let i = 1; i < beforeRows.length; i++) expect(beforeRows[i]!.startNs >= beforeRows[i - 1]!.startNs).toBe(true);
    expect(beforeRows.reduce((sum, r) => sum + r.spans, 0)).toBe(before.spans);
    expect(new Set(beforeRows.map((r) => `${r.rootService} ${r.rootOperation}`))).toEqual(new Set(['gateway POST /orders']));
    // The sync chain comes from the analysis: the overview's finding names its maximum.
    const maxChain = Math.max(...beforeRows.map((r) => r.syncChain));
    expect(before.findings.find((f) => f.kind === 'sync-chain')?.text).toContain(`up to ${maxChain} services`);
  });

  it('filters by service, operation, error, duration, attribute, trace ids and start time', async () => {
    const withErrors = await engine.traces('before', { hasError: true });
    expect(withErrors).toHaveLength(before.errorTraces);
    expect(withErrors.every((r) => r.errors > 0)).toBe(true);
    expect(await engine.traces('before', { hasError: false })).toHaveLength(before.traces - before.errorTraces);

    const slow = await engine.traces('before', { minDurationNs: before.latencyNs.p90 });
    expect(slow.length).toBe(beforeRows.filter((r) => r.durationNs >= before.latencyNs.p90).length);
    expect(slow.length).toBeGreaterThan(0);

    const inventoryDb = await engine.traces('before', { service: 'inventory', operation: 'SELECT stock' });
    expect(inventoryDb.length).toBe(
      await count(`SELECT count(DISTINCT trace_id) AS n FROM spans WHERE dataset = 'before' AND name = 'SELECT stock'`),
    );
    expect(await engine.traces('before', { service: 'no-such-service' })).toEqual([]);

    const picked = [beforeRows[3]!.traceId, beforeRows[7]!.traceId];
    expect((await engine.traces('before', { traceIds: picked })).map((r) => r.traceId).sort()).toEqual([...picked].sort());
    expect(await engine.traces('before', { traceIds: [] })).toEqual([]);

    // A promoted attribute (its own column), a resource attribute, and a value with a quote in it.
    const posts = await engine.traces('before', { attribute: { key: 'http.request.method', value: 'POST' } });
    expect(posts).toHaveLength(before.traces);
    const gateways = await engine.traces('before', { attribute: { key: 'k8s.deployment.name', value: 'gateway' } });
    expect(gateways).toHaveLength(before.traces);
    expect(await engine.traces('before', { attribute: { key: 'http.route', value: "x' OR '1'='1" } })).toEqual([]);

    const middle = beforeRows[150]!.startNs;
    const later = await engine.traces('before', { fromNs: middle });
    expect(later.length).toBe(beforeRows.filter((r) => r.startNs >= middle).length);
  });
});

describe('trace detail', () => {
  it('draws the slowest trace: spans relative to its start, a path tiling the root, hops adding up', async () => {
    const detail = await engine.trace('before', before.slowestTraceId!);
    const row = beforeRows.find((r) => r.traceId === before.slowestTraceId)!;
    expect(detail.spans.size).toBe(row.spans);
    expect(detail.startNs).toBe(row.startNs);
    expect(detail.durationNs).toBe(row.durationNs);
    expect(Math.min(...detail.spans.start)).toBe(0);

    const path = detail.criticalPath;
    const root = path.root;
    expect(detail.spans.parent[root]).toBe(-1);
    expect(path.segments[0]!.start).toBe(path.start);
    expect(path.segments.at(-1)!.end).toBe(path.end);
    for (let i = 1; i < path.segments.length; i++) expect(path.segments[i]!.start).toBe(path.segments[i - 1]!.end);
    const critical = detail.spans.criticalNs.reduce((a, b) => a + b, 0);
    expect(critical).toBeCloseTo(path.end - path.start, 0);
    expect(detail.hops.at(-1)!.runningNs).toBeCloseTo(path.end - path.start, 0);
    for (let i = 0; i < detail.spans.size; i++)
      expect(detail.spans.selfNs[i]).toBeLessThanOrEqual(detail.spans.end[i]! - detail.spans.start[i]! + 1e-6);

    // The slowest trace failed: payment timed out on every attempt.
    const kinds = new Set(detail.marks.map((m) => m.kind));
    expect(kinds).toContain('retry');
    expect(kinds).toContain('error');
    const origin = detail.marks.find((m) => m.kind === 'error-origin')!;
    expect(detail.spans.service[origin.span]).toMatch(/^payment/);
  });

  it('marks the N+1 loop on inventory’s calls', async () => {
    const detail = await engine.trace('before', beforeRows[0]!.traceId);
    const loop = detail.marks.filter((m) => m.kind === 'n-plus-one');
    expect(loop.length).toBeGreaterThanOrEqual(5);
    for (const m of loop) expect(detail.spans.service[m.span]).toBe('inventory');
  });

  it('shows queue delay as its own segment when following async work after the migration', async () => {
    const plain = await engine.trace('after', after.slowestTraceId!);
    expect(plain.criticalPath.segments.every((s) => s.kind === 'span')).toBe(true);
    const followed = await engine.trace('after', after.slowestTraceId!, { followAsync: true });
    expect(followed.criticalPath.queueNs).toBeGreaterThan(0);
    expect(followed.criticalPath.segments.some((s) => s.kind === 'queue')).toBe(true);
    expect(followed.criticalPath.end).toBeGreaterThan(plain.criticalPath.end);
  });

  it('says which trace is missing', async () => {
    await expect(engine.trace('before', 'nope')).rejects.toThrow(/trace nope is not in dataset "before"/);
  });
});

describe('span details', () => {
  it('gives attributes (promoted ones included), resource, scope and status', async () => {
    const detail = await engine.trace('before', before.slowestTraceId!);
    const rootId = detail.spans.spanId[detail.criticalPath.root]!;
    const span = await engine.span('before', detail.traceId, rootId);
    expect(span.service).toBe('gateway');
    expect(span.kind).toBe('server');
    expect(span.parentSpanId).toBeNull();
    expect(span.durationNs).toBe(Number(span.endNs - span.startNs));
    expect(span.statusCode).toBe('error');
    expect(span.statusMessage).toMatch(/payment/);
    const attributes = new Map(span.attributes.map((a) => [a.key, a.value]));
    expect(attributes.get('http.request.method')).toBe('POST');
    expect(attributes.get('http.route')).toBe('/orders');
    expect(span.attributes.map((a) => a.key)).toEqual([...span.attributes.map((a) => a.key)].sort((a, b) => a.localeCompare(b)));
    expect(new Map(span.resource.map((a) => [a.key, a.value])).get('service.name')).toBe('gateway');
    expect(span.scope.name).toMatch(/opentelemetry/);
  });

  it('lists links with whether the linked trace is loaded', async () => {
    const linking = (
      await engine.query(
        `SELECT s.trace_id, s.span_id FROM span_links l JOIN spans s ON s.span_key = l.span_key WHERE l.dataset = 'after' LIMIT 1`,
      )
    ).rows[0]!;
    const span = await engine.span('after', linking.trace_id as string, linking.span_id as string);
    expect(span.links.length).toBeGreaterThan(0);
    for (const link of span.links) {
      const loaded = await count(`SELECT count(*) AS n FROM spans WHERE dataset = 'after' AND trace_id = '${link.traceId}'`);
      expect(link.loaded).toBe(loaded > 0);
    }
  });

  it('says which span is missing', async () => {
    await expect(engine.span('before', 'nope', 'nada')).rejects.toThrow(/span nada of trace nope is not in dataset "before"/);
  });
});

describe('latencyHistogram', () => {
  // edges are 1, 1.5, 2, 3, 5, 7 steps per decade; a value on an edge belongs to the bucket it opens
  it.each([
    {
      name: 'spread over decades',
      values: [3e6, 4e6, 12e6, 180e6],
      edges: [3e6, 5e6, 7e6, 1e7, 1.5e7, 2e7, 3e7, 5e7, 7e7, 1e8, 1.5e8, 2e8],
      counts: [2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    },
    { name: 'one value', values: [1e6], edges: [1e6, 1.5e6], counts: [1] },
    { name: 'values on edges', values: [2e6, 5e6], edges: [2e6, 3e6, 5e6, 7e6], counts: [1, 0, 1] },
    { name: 'zero counts as 1 ns', values: [0, 4], edges: [1, 1.5, 2, 3, 5], counts: [1, 0, 0, 1] },
    { name: 'nothing', values: [], edges: [], counts: [] },
  ])('$name', ({ values, edges, counts }) => {
    expect(latencyHistogram(values)).toEqual({ edgesNs: edges, counts });
  });
});
