/**
 * The service map's model and the engine calls behind the map view, on the
 * bundled samples: badges where the hotspots are, async calls drawn through
 * the broker after the migration, traces filtered by an edge, a trace's own
 * edges — each checked against what SQL says about the same spans.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetAnalysis } from '../../shared/engine/dataset-analysis-api.js';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { serviceMapModel, type ServiceMapModel } from '../../shared/render/service-map-model.js';
import { createSampleEngine } from '../helpers/sample-engine.js';

let engine: HopscopeEngine;
let before: DatasetAnalysis;
let after: DatasetAnalysis;
let beforeMap: ServiceMapModel;
let afterMap: ServiceMapModel;

beforeAll(async () => {
  engine = await createSampleEngine();
  before = await engine.analyze('before');
  after = await engine.analyze('after');
  beforeMap = serviceMapModel(before);
  afterMap = serviceMapModel(after);
});
afterAll(async () => {
  await engine.close();
});

const CHAIN = ['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification'];
const badgeKinds = (map: ServiceMapModel, service: string) => map.nodes.find((n) => n.service === service)?.badges.map((b) => b.kind);

describe('service map model: before the migration', () => {
  it('has the six services of the chain as real nodes and their databases as virtual ones', () => {
    const real = beforeMap.nodes.filter((n) => !n.virtual).map((n) => n.service);
    expect(real.sort()).toEqual([...CHAIN].sort());
    const databases = beforeMap.nodes.filter((n) => n.virtual && n.service.startsWith('postgresql/')).map((n) => n.service);
    expect(databases.sort()).toEqual(
      CHAIN.filter((s) => s !== 'gateway')
        .map((s) => `postgresql/${s}-db`)
        .sort(),
    );
  });

  it('badges the hotspots on the services that cause them', () => {
    expect(badgeKinds(beforeMap, 'payment')).toContain('retries');
    expect(badgeKinds(beforeMap, 'inventory')).toContain('n-plus-one');
    const nPlusOne = beforeMap.nodes.find((n) => n.service === 'inventory')!.badges.find((b) => b.kind === 'n-plus-one')!;
    expect(nPlusOne.detail).toContain('postgresql/inventory-db');
    // Every retry badge stands for a retried edge out of that service.
    for (const node of beforeMap.nodes) {
      const retried = before.hotspots.retries.edges.some(
        (e) => e.service === node.service && e.retriedCalls > 0 && e.amplification >= 1.05,
      );
      expect(node.badges.some((b) => b.kind === 'retries')).toBe(retried);
    }
  });

  it('has one bottleneck badge, on a called service', () => {
    const holders = beforeMap.nodes.filter((n) => n.badges.some((b) => b.kind === 'bottleneck'));
    expect(holders).toHaveLength(1);
    expect(before.graph.nodes.find((n) => n.service === holders[0]!.service)!.fanIn).toBeGreaterThan(0);
  });

  it('has only sync, direct edges (no messaging)', () => {
    expect(beforeMap.edges.every((e) => e.mode === 'sync' && e.leg === 'direct')).toBe(true);
    expect(beforeMap.nodes.some((n) => n.broker)).toBe(false);
  });

  it('marks retry amplification on the retried edges', () => {
    const edge = beforeMap.edges.find((e) => e.from === 'payment' && e.to === 'payment-gateway')!;
    const retry = before.hotspots.retries.edges.find((e) => e.service === 'payment' && e.callee === 'payment-gateway')!;
    expect(edge.retryAmplification).toBeCloseTo(retry.amplification);
    expect(edge.retryAmplification).toBeGreaterThan(1);
  });
});

describe('service map model: after the migration', () => {
  it('routes async calls through the broker, dashed both ways', async () => {
    const topics = afterMap.nodes.filter((n) => n.broker).map((n) => n.service);
    const destinations = await engine.query(
      `SELECT DISTINCT messaging_destination_name AS d FROM spans WHERE dataset = 'after' AND kind = 'producer' ORDER BY d`,
    );
    expect(topics.sort()).toEqual(destinations.rows.map((r) => r.d));
    const legs = afterMap.edges.filter((e) => e.leg !== 'direct');
    expect(legs.length).toBeGreaterThan(0);
    expect(legs.every((e) => e.mode === 'async')).toBe(true);
    expect(afterMap.edges.some((e) => e.leg === 'publish' && e.from === 'order' && e.to === 'orders.placed')).toBe(true);
    // orders.placed delivers to every service that consumes it.
    const consumers = await engine.query(
      `SELECT DISTINCT service FROM spans WHERE dataset = 'after' AND kind = 'consumer' AND messaging_destination_name = 'orders.placed' ORDER BY service`,
    );
    const delivered = afterMap.edges.filter((e) => e.leg === 'deliver' && e.from === 'orders.placed').map((e) => e.to);
    expect(delivered.sort()).toEqual(consumers.rows.map((r) => r.service));
    // No direct async edge is left where the call went through a broker.
    expect(afterMap.edges.some((e) => e.leg === 'direct' && e.from === 'order' && e.to === 'inventory')).toBe(false);
  });

  it('keeps the real call behind each leg, for filtering traces', () => {
    const leg = afterMap.edges.find((e) => e.leg === 'deliver' && e.to === 'inventory')!;
    expect(leg.call).toEqual({ from: 'order', to: 'inventory', mode: 'async' });
  });
});

describe('traces through an edge, and a trace’s edges', () => {
  it('filters the trace list to the traces that make a call, as SQL counts them', async () => {
    const rows = await engine.traces('before', { edge: { from: 'payment', to: 'fulfillment' } });
    const sql = await engine.query(`
      SELECT count(DISTINCT c.trace_id) AS n FROM spans c JOIN spans p
        ON p.dataset = c.dataset AND p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
      WHERE c.dataset = 'before' AND c.service = 'fulfillment' AND p.service = 'payment'`);
    expect(rows.length).toBe(Number(sql.rows[0]!.n));
    expect(rows.length).toBe(before.graph.edges.find((e) => e.from === 'payment' && e.to === 'fulfillment')!.traces);
    const all = await engine.traces('before');
    expect(rows.length).toBeLessThan(all.length);
  });

  it('tells apart the modes of an edge', async () => {
    expect(await engine.traces('after', { edge: { from: 'order', to: 'inventory', mode: 'sync' } })).toHaveLength(0);
    const async = await engine.traces('after', { edge: { from: 'order', to: 'inventory', mode: 'async' } });
    expect(async.length).toBe(after.graph.edges.find((e) => e.from === 'order' && e.to === 'inventory' && e.mode === 'async')!.traces);
  });

  it('lists the edges of one trace with its calls along each', async () => {
    const example = before.hotspots.nPlusOne[0]!.example;
    const edges = await engine.traceEdges('before', example.traceId);
    const db = edges.find((e) => e.from === 'inventory' && e.to === 'postgresql/inventory-db')!;
    const sql = await engine.query(`
      SELECT count(*) AS n FROM spans WHERE dataset = 'before' AND trace_id = '${example.traceId}'
        AND service = 'inventory' AND kind = 'client' AND db_system_name IS NOT NULL`);
    expect(db.calls).toBe(Number(sql.rows[0]!.n));
    // Every edge of the trace is an edge of the map.
    for (const e of edges) expect(before.graph.edges.some((g) => g.from === e.from && g.to === e.to && g.mode === e.mode)).toBe(true);
    expect(await engine.traceEdges('before', 'no-such-trace')).toEqual([]);
  });
});

describe('longest sync chains', () => {
  it('spells out the six-service chain of the sample, with the traces that reach it', async () => {
    const top = before.monolith.longestChains[0]!;
    expect(top.services).toEqual(CHAIN);
    const sql = await engine.query(
      `SELECT count(*) AS n FROM trace_metrics WHERE dataset = 'before' AND clock = 'adjusted' AND sync_chain = 6`,
    );
    expect(top.traces).toBe(Number(sql.rows[0]!.n));
    expect(top.examples[0]!.service).toBe('notification');
    expect(after.monolith.longestChains.every((c) => c.services.length <= 2)).toBe(true);
  });
});
