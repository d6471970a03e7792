/**
 * The before/after comparison on the bundled samples, through the engine as
 * the app and the CLI call it: what the migration to messaging was built to
 * change (p99 down, sync calls replaced by async ones through the broker,
 * the N+1 loop gone, retries off the user-facing path, queue delay) and, as
 * a control, a dataset compared with itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetComparison } from '../../shared/engine/compare-api.js';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { createSampleEngine } from '../helpers/sample-engine.js';

let engine: HopscopeEngine;
let c: DatasetComparison;
let self: DatasetComparison;

beforeAll(async () => {
  engine = await createSampleEngine();
  c = await engine.compare({ dataset: 'before' }, { dataset: 'after' });
  self = await engine.compare({ dataset: 'before' }, { dataset: 'before' });
});
afterAll(async () => {
  await engine.close();
});

describe('before vs after the migration', () => {
  it('brings end-to-end p99 down sharply, significantly', async () => {
    expect(c.endToEnd.p99Ns.b).toBeLessThan(c.endToEnd.p99Ns.a * 0.5);
    expect(c.endToEnd.p99Ns.test?.significant).toBe(true);
    expect(c.endToEnd.p99Ns.test!.effectSize).toBeLessThan(0);
    // The baseline's p99 is the p99 of its roots' critical paths, as the analysis computes it.
    const before = await engine.analyze('before');
    expect(c.endToEnd.p99Ns.a).toBe(before.criticalPathNs.p99);
    expect(c.a.traces).toBe(before.traces);
  });

  it('replaces the sync calls out of the chain with async ones through the broker', () => {
    const moved = c.structure.syncToAsync.map((m) => `${m.from} → ${m.to}`);
    for (const callee of ['inventory', 'payment', 'fulfillment']) expect(moved).toContain(`order → ${callee}`);
    for (const m of c.structure.syncToAsync.filter((x) => x.from === 'order')) expect(m.via).toContain('orders.placed');
    expect(c.structure.edgesDisappeared.map((e) => `${e.from} → ${e.to} ${e.mode}`)).toContain('order → inventory sync');
    expect(c.structure.edgesAppeared.map((e) => `${e.from} → ${e.to} ${e.mode}`)).toContain('order → payment async');
    expect(c.endToEnd.syncChain.b).toBeLessThan(c.endToEnd.syncChain.a);
  });

  it('has no N+1 loop left', () => {
    expect(c.nPlusOne.a.map((l) => `${l.service} → ${l.callee}`)).toContain('inventory → postgresql/inventory-db');
    expect(c.nPlusOne.b).toEqual([]);
  });

  it('takes retries off the user-facing path', () => {
    expect(c.retries.userFacing.a).toBeGreaterThan(1);
    expect(c.retries.userFacing.b).toBe(1);
    // payment still retries the provider, now behind the broker.
    expect(c.retries.b).toBeGreaterThan(1);
  });

  it('reports queue delay, and the work completing later than the user’s response', () => {
    expect(c.endToEnd.queueNs.a).toBe(0);
    expect(c.endToEnd.queueNs.b).toBeGreaterThan(0);
    expect(c.endToEnd.completionNs.p50.b).toBeGreaterThan(c.endToEnd.p50Ns.b);
  });

  it('ranks the changes by impact, the biggest first, each with its test', () => {
    const impacts = c.changes.map((r) => r.impactNs);
    expect(impacts).toEqual([...impacts].sort((x, y) => y - x));
    const top = c.changes[0]!;
    expect(top.significant).toBe(true);
    expect(c.changes.some((r) => r.subject.kind === 'edge' && r.presence === 'disappeared')).toBe(true);
  });

  it('has a differential flame for each slice of traces', () => {
    expect(c.flames.map((f) => f.slowest)).toEqual([1, 0.1, 0.01]);
    const all = c.flames[0]!.root;
    expect(all.aNs).toBeGreaterThan(all.bNs);
  });
});

describe('a dataset compared with itself', () => {
  it('shows no significant change anywhere', () => {
    expect(self.changes.filter((r) => r.significant)).toEqual([]);
    for (const v of [self.endToEnd.p50Ns, self.endToEnd.p99Ns, self.endToEnd.syncChain, self.endToEnd.spansPerTrace]) {
      expect(v.delta).toBe(0);
      expect(v.test?.significant ?? false).toBe(false);
    }
    expect(self.structure.syncToAsync).toEqual([]);
    expect(self.structure.edgesAppeared).toEqual([]);
    expect(self.structure.paths).toEqual([]);
  });

  it('compares two time ranges of one dataset, each side holding only its traces', async () => {
    const rows = await engine.traces('before');
    const starts = rows.map((r) => r.startNs).sort((x, y) => (x < y ? -1 : 1));
    const middle = starts[Math.floor(starts.length / 2)]!;
    const halves = await engine.compare({ dataset: 'before', toNs: middle, label: 'first half' }, { dataset: 'before', fromNs: middle });
    expect(halves.a.traces + halves.b.traces).toBe(rows.length);
    expect(halves.a.label).toBe('first half');
    expect(halves.endToEnd.p99Ns.test?.significant ?? false).toBe(false);
  });
});

describe('two traces', () => {
  it('aligns a typical before-trace with a typical after-trace', async () => {
    const [a] = await engine.traces('before', { minDurationNs: 0 });
    const [b] = await engine.traces('after');
    const t = await engine.compareTraces({ dataset: 'before', traceId: a!.traceId }, { dataset: 'after', traceId: b!.traceId });
    expect(t.nodes[0]!.presence).toBe('both');
    expect(t.nodes.some((n) => n.presence === 'a')).toBe(true);
    expect(t.nodes.some((n) => n.presence === 'b')).toBe(true);
    const inventoryLoop = t.nodes.find((n) => n.a && n.service === 'inventory' && n.operation === 'SELECT stock');
    expect(inventoryLoop?.a?.count).toBeGreaterThan(1);
  });
});
