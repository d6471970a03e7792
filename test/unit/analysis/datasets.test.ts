/**
 * The analyses end to end (files → DuckDB → engine.analyze/criticalPaths) on
 * the bundled samples, which were built to show each finding, and on real
 * traces from public projects, whose results are pinned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import type { DatasetAnalysis, HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { fixturePath } from '../../helpers/read-spans.js';

let engine: HopscopeEngine;
const analyses: Record<string, DatasetAnalysis> = {};
const DATASETS: Record<string, string> = {
  before: 'sample-traces/before-migration.otlp.jsonl.gz',
  after: 'sample-traces/after-migration.otlp.pb.gz',
  hotrod: fixturePath('external/otlp/jaeger-apiv3-hotrod-gettrace.json'),
  smartthings: fixturePath('external/zipkin/smartthings-oauth-authorization.json'),
  yelp: fixturePath('external/zipkin/yelp.json'),
  kafka: fixturePath('external/zipkin/messaging-kafka.json'),
};

beforeAll(async () => {
  engine = await createNodeEngine();
  for (const [name, file] of Object.entries(DATASETS)) {
    await engine.load(name, [fileInput(file)]);
    analyses[name] = await engine.analyze(name);
  }
});
afterAll(async () => {
  await engine.close();
});

const edge = (a: DatasetAnalysis, from: string, to: string) => a.graph.edges.find((e) => e.from === from && e.to === to);

describe('before-migration sample: a distributed monolith', () => {
  it('has a synchronous chain of six services that every request waits on', () => {
    const { monolith, graph } = analyses.before!;
    expect(monolith.syncChain.max).toBe(6);
    expect(monolith.syncChain.p50).toBeGreaterThanOrEqual(5);
    expect(monolith.waitsOn.max).toBe(5);
    expect(graph.edges.every((e) => e.mode === 'sync')).toBe(true);
    for (const [from, to] of [
      ['gateway', 'order'],
      ['order', 'inventory'],
      ['inventory', 'payment'],
      ['payment', 'fulfillment'],
      ['fulfillment', 'notification'],
    ] as const) {
      expect(edge(analyses.before!, from, to)).toMatchObject({ mode: 'sync', callsPerTrace: expect.any(Number) as number });
    }
  });

  it('finds the N+1 in inventory: one stock query per line item, back to back', () => {
    expect(analyses.before!.hotspots.nPlusOne).toEqual([
      expect.objectContaining({
        service: 'inventory',
        operation: 'SELECT stock',
        callee: 'postgresql/inventory-db',
        occurrences: 300,
        traces: 300,
      }),
    ]);
  });

  it('finds payment retries at two layers, amplifying each other', () => {
    const { retries } = analyses.before!.hotspots;
    const inventoryToPayment = retries.edges.find((e) => e.service === 'inventory' && e.callee === 'payment')!;
    const paymentToProvider = retries.edges.find((e) => e.service === 'payment' && e.callee === 'payment-gateway')!;
    expect(inventoryToPayment.amplification).toBeGreaterThan(1);
    expect(paymentToProvider.amplification).toBeGreaterThan(1);
    // Inventory's second attempt at payment repeats payment's three attempts at the provider.
    expect(paymentToProvider.compoundMax).toBe(6);
    expect(analyses.before!.monolith.retryAmplification).toMatchObject({ max: 6, edge: { service: 'payment', callee: 'payment-gateway' } });
    expect(analyses.before!.monolith.retryAmplification.exampleTraceIds.length).toBeGreaterThan(0);
  });

  it('traces every failed request back to payment, which the services above only pass on', () => {
    const { errors } = analyses.before!.hotspots;
    expect(errors.failedTraces).toBeGreaterThan(0);
    const byService = Object.fromEntries(errors.byService.map((s) => [s.service, s]));
    expect(byService.payment).toMatchObject({ originated: errors.failedTraces });
    for (const s of ['gateway', 'order', 'inventory'])
      expect(byService[s]).toMatchObject({ originated: 0, propagated: errors.failedTraces });
    for (const c of errors.examples) expect(c.origin.service).toBe('payment');
  });
});

describe('after-migration sample: the chain moved to messaging', () => {
  it('calls payment, inventory and fulfillment asynchronously, and the sync chain is short', () => {
    const after = analyses.after!;
    for (const [from, to] of [
      ['order', 'payment'],
      ['order', 'inventory'],
      ['order', 'fulfillment'],
      ['fulfillment', 'notification'],
    ] as const) {
      expect(edge(after, from, to)?.mode).toBe('async');
    }
    expect(after.monolith.syncChain.max).toBe(2);
    expect(after.hotspots.nPlusOne).toEqual([]);
  });

  it('has a much shorter critical path for the user, and queue delay once async work is followed', async () => {
    expect(analyses.after!.criticalPathNs.p50 * 3).toBeLessThan(analyses.before!.criticalPathNs.p50);
    const endToEnd = await engine.criticalPaths('after', { followAsync: true });
    const queued = endToEnd.paths.filter((p) => p.queueNs > 0);
    expect(queued.length).toBe(endToEnd.paths.length);
    for (const p of queued) {
      expect(p.segments.some((s) => s.kind === 'queue')).toBe(true);
      expect(p.durationNs).toBe(p.segments.reduce((n, s) => n + Number(s.endNs - s.startNs), 0));
    }
    const followed = await engine.analyze('after', { followAsync: true });
    expect(followed.criticalPathNs.p50).toBeGreaterThan(analyses.after!.criticalPathNs.p50);
  });
});

describe('real traces from public projects', () => {
  it('HotROD: mysql dominates the critical path; redis GetDriver runs one call after another, with retries', async () => {
    const hotrod = analyses.hotrod!;
    expect([hotrod.spans, hotrod.traces]).toEqual([40, 1]);
    const [path] = (await engine.criticalPaths('hotrod')).paths;
    expect(path).toMatchObject({ orphan: false, durationNs: 702_608_277 });
    expect(path!.byOperation[0]).toMatchObject({ service: 'mysql', operation: 'SQL SELECT' });
    expect(edge(hotrod, 'frontend', 'route')).toMatchObject({ mode: 'sync', calls: 10 });
    expect(hotrod.hotspots.nPlusOne).toEqual([expect.objectContaining({ service: 'redis-manual', operation: 'GetDriver', maxCalls: 13 })]);
    expect(hotrod.hotspots.retries.edges[0]).toMatchObject({ service: 'redis-manual', calls: 14, logicalCalls: 11 });
  });

  it('SmartThings: a deep synchronous chain, with clock skew adjusted', () => {
    const st = analyses.smartthings!;
    expect([st.spans, st.traces]).toEqual([175, 1]);
    expect(st.monolith.syncChain.max).toBe(8);
    expect(st.clock.adjustedSpans).toBeGreaterThan(0);
    expect(edge(st, 'datamgmt', 'auth')).toMatchObject({ mode: 'sync', calls: 20 });
  });

  it('Yelp: uninstrumented memcache and mysql become virtual services', async () => {
    const yelp = analyses.yelp!;
    const virtual = yelp.graph.nodes.filter((n) => n.virtual).map((n) => n.service);
    expect(virtual).toEqual(expect.arrayContaining(['memcache', 'mysql']));
    const [path] = (await engine.criticalPaths('yelp')).paths;
    expect(path!.durationNs).toBe(131_848_000);
  });

  it('Kafka: producer and consumer calls are asynchronous edges', () => {
    const kafka = analyses.kafka!;
    expect(kafka.graph.edges.length).toBeGreaterThan(0);
    expect(kafka.graph.edges.every((e) => e.mode === 'async')).toBe(true);
    expect(kafka.monolith.syncChain.max).toBe(1);
  });
});

describe('results kept in the database', () => {
  it('answers a repeated analysis from the cache and exposes the service graph to SQL', async () => {
    const again = await engine.analyze('before');
    expect(again).toEqual(analyses.before);
    const cached = await engine.query(`SELECT count(*) AS n FROM analysis_cache WHERE dataset = 'before'`);
    expect(Number(cached.rows[0]!.n)).toBe(1);
    const edges = await engine.query(
      `SELECT caller, callee, calls FROM service_graph_edges WHERE dataset = 'before' AND caller = 'gateway' AND callee = 'order'`,
    );
    expect(edges.rows).toEqual([{ caller: 'gateway', callee: 'order', calls: 300n }]);
  });

  it("forgets a dataset's results when spans are added to it", async () => {
    await engine.load('yelp', [fileInput(fixturePath('external/zipkin/skew.json'))]);
    const cached = await engine.query(`SELECT count(*) AS n FROM analysis_cache WHERE dataset = 'yelp'`);
    expect(Number(cached.rows[0]!.n)).toBe(0);
    expect((await engine.analyze('yelp')).traces).toBe(2);
  });
});

describe('a dataset with no spans', () => {
  it('analyses to empty results instead of failing', async () => {
    await engine.load('empty', [
      {
        name: 'broken.json',
        stream: async function* () {
          yield new TextEncoder().encode('{"resourceSpans": [');
        },
      },
    ]);
    const empty = await engine.analyze('empty');
    expect([empty.spans, empty.traces, empty.graph.edges, empty.criticalPathNs.count]).toEqual([0, 0, [], 0]);
    expect((await engine.criticalPaths('empty')).paths).toEqual([]);
  });
});
