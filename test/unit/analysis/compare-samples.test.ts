import { describe, expect, it } from 'vitest';
import { compareSamples, downsample } from '../../../shared/analysis/compare/dataset-diff.js';
import { datasetSamples, subjectText, type DatasetSamples } from '../../../shared/analysis/compare/samples.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';
import type { ChangeRow, Compared } from '../../../shared/engine/compare-api.js';

const samplesOf = (rows: SpanRow[], include?: Uint8Array) =>
  datasetSamples(buildTraceTree(spanTableFrom(rows)), include ? { include } : {});

/**
 * gw → order, synchronous; `orderNs` is the order server's duration:
 *
 *   0   10  15                 orderNs+25 +30 +40
 *   gw:  |======================================|   root
 *   gw:      |==client=======================|
 *   order:      |====server=============|
 *   → critical path: gw 20 (10 + 10), order orderNs + 20 (its server + the client's 10 uncovered)
 */
function syncTrace(traceId: string, orderNs: number, extra: SpanRow[] = []): SpanRow[] {
  return [
    { traceId, spanId: 'r', service: 'gw', name: 'GET /', kind: 'server', start: 0, end: orderNs + 40 },
    { traceId, spanId: 'c', parentSpanId: 'r', service: 'gw', name: 'call order', kind: 'client', start: 10, end: orderNs + 30 },
    { traceId, spanId: 's', parentSpanId: 'c', service: 'order', name: 'place', kind: 'server', start: 15, end: orderNs + 25 },
    ...extra.map((r) => ({ ...r, traceId })),
  ];
}

/**
 * gw hands the work to order through a queue:
 *
 *   0   10  20      50                    250
 *   gw:  |=====root=====|                             0–100
 *   gw:      |=p=|                                    PRODUCER 10–20
 *   order:          |=======consumer=========|        50–250
 */
function asyncTrace(traceId: string): SpanRow[] {
  return [
    { traceId, spanId: 'r', service: 'gw', name: 'GET /', kind: 'server', start: 0, end: 100 },
    { traceId, spanId: 'p', parentSpanId: 'r', service: 'gw', name: 'send', kind: 'producer', start: 10, end: 20, peer: 'orders' },
    { traceId, spanId: 'q', parentSpanId: 'p', service: 'order', name: 'place', kind: 'consumer', start: 50, end: 250 },
  ];
}

const many = (n: number, make: (id: string, k: number) => SpanRow[]) => Array.from({ length: n }, (_, k) => make(`t${k}`, k)).flat();

const row = (changes: ChangeRow[], text: string) => {
  const found = changes.find((c) => subjectText(c.subject) === text);
  if (!found) throw new Error(`no row ${text}: ${changes.map((c) => subjectText(c.subject)).join(', ')}`);
  return found;
};

const ROW_FIELDS = ['callsPerTrace', 'p50Ns', 'p99Ns', 'errorRate', 'criticalShare', 'criticalNs'] as const;

describe('datasetSamples', () => {
  it('per trace and per key, on one synchronous trace', () => {
    const s = samplesOf(syncTrace('t', 100));
    expect(s.traces).toBe(1);
    expect(s.spans).toBe(3);
    expect([...s.endToEndNs]).toEqual([140]);
    expect([...s.criticalPathNs]).toEqual([140]);
    expect([...s.completionNs]).toEqual([140]);
    expect([...s.queueNs]).toEqual([0]);
    expect([...s.spansPerTrace]).toEqual([3]);
    expect([...s.servicesPerTrace]).toEqual([2]);
    expect([...s.syncChain]).toEqual([2]);
    const keys = Object.fromEntries(s.keys.map((k) => [subjectText(k.subject), k]));
    expect(Object.keys(keys).sort()).toEqual([
      'gw',
      'gw GET /',
      'gw call order',
      'gw → order (sync)',
      'order',
      'order call order',
      'order place',
    ]);
    // The client's uncovered 10 ns belong to order (the hop into it), as an (order, client name) operation.
    expect([...keys['order']!.criticalNs]).toEqual([120]);
    expect([...keys['order place']!.criticalNs]).toEqual([110]);
    expect([...keys['order call order']!.criticalNs]).toEqual([10]);
    expect([...keys['gw']!.criticalNs]).toEqual([20]);
    expect(keys['gw']!.criticalShare[0]).toBeCloseTo(20 / 140, 12);
    // The edge: the callee's span and the client span that made the call.
    expect([...keys['gw → order (sync)']!.criticalNs]).toEqual([120]);
    expect([...keys['gw → order (sync)']!.durationsNs]).toEqual([110]);
    expect([...keys['gw']!.durationsNs]).toEqual([120, 140]);
    expect(keys['gw → order (sync)']!.examples).toEqual([{ traceId: 't', spanId: 's', service: 'order', operation: 'place' }]);
    // 'gw call order' has spans but no critical time of its own: still present.
    expect(keys['gw call order']!.presentTraces).toBe(1);
    expect(keys['gw call order']!.criticalNs.length).toBe(0);
  });

  it('an asynchronous hand-off: a queue, completion after the root, a shorter sync chain', () => {
    const s = samplesOf(asyncTrace('t'));
    expect([...s.criticalPathNs]).toEqual([100]);
    expect([...s.completionNs]).toEqual([250]);
    expect([...s.queueNs]).toEqual([30]);
    expect([...s.syncChain]).toEqual([1]);
    expect(s.keys.map((k) => subjectText(k.subject))).toContain('gw → order (async)');
  });

  it('an uninstrumented callee is a service with the calling spans, as in the graph', () => {
    const s = samplesOf(
      syncTrace('t', 100, [
        { spanId: 'db', parentSpanId: 's', service: 'order', name: 'SELECT', kind: 'client', start: 20, end: 60, peer: 'postgres' },
      ]),
    );
    const keys = Object.fromEntries(s.keys.map((k) => [subjectText(k.subject), k]));
    expect([...keys['postgres']!.durationsNs]).toEqual([40]);
    expect([...keys['order → postgres (sync)']!.durationsNs]).toEqual([40]);
    expect([...keys['postgres SELECT']!.criticalNs]).toEqual([40]);
    expect([...keys['order → postgres (sync)']!.criticalNs]).toEqual([40]);
  });

  it.each<{ name: string; include: number[]; traces: number[] }>([
    { name: 'every other trace', include: [1, 0, 1, 0], traces: [0, 2] },
    { name: 'one trace', include: [0, 0, 0, 1], traces: [3] },
    { name: 'none', include: [0, 0, 0, 0], traces: [] },
  ])('the include mask selects traces: $name', ({ include, traces }) => {
    const durations = [100, 200, 300, 400];
    const s = samplesOf(
      many(4, (id, k) => syncTrace(id, durations[k]!)),
      Uint8Array.from(include),
    );
    expect(s.traces).toBe(traces.length);
    expect(s.spans).toBe(3 * traces.length);
    expect([...s.endToEndNs]).toEqual(traces.map((t) => durations[t]! + 40));
    const order = s.keys.find((k) => subjectText(k.subject) === 'order place');
    if (traces.length === 0) expect(order).toBeUndefined();
    else expect([...order!.durationsNs]).toEqual(traces.map((t) => durations[t]! + 10));
  });

  it('an orphan-only trace counts for shape, not as a request', () => {
    const s = samplesOf([
      ...syncTrace('a', 100),
      { traceId: 'b', spanId: 'x', parentSpanId: 'missing', service: 'order', kind: 'server', start: 0, end: 50 },
    ]);
    expect(s.traces).toBe(2);
    expect(s.endToEndNs.length).toBe(1);
    expect([...s.spansPerTrace]).toEqual([3, 1]);
  });
});

describe('compareSamples', () => {
  const expectUnchanged = (c: Compared) => {
    expect(c.delta).toBe(0);
    expect(c.test?.significant ?? false).toBe(false);
  };

  it('a dataset compared with itself: nothing significant, all deltas 0', () => {
    const s = samplesOf([...many(20, (id, k) => syncTrace(id, 100 + 10 * k)), ...many(5, (id) => asyncTrace(`x${id}`))]);
    const { endToEnd, changes } = compareSamples(s, s);
    for (const key of [
      'p50Ns',
      'p90Ns',
      'p99Ns',
      'meanNs',
      'errorRate',
      'spansPerTrace',
      'servicesPerTrace',
      'syncChain',
      'queueNs',
    ] as const) {
      expectUnchanged(endToEnd[key]);
    }
    expectUnchanged(endToEnd.completionNs.p50);
    expectUnchanged(endToEnd.completionNs.p99);
    expect(endToEnd.latenciesNs.a).toEqual(endToEnd.latenciesNs.b);
    expect(endToEnd.latenciesNs.a.length).toBe(25);
    expect(changes.length).toBe(s.keys.length);
    for (const c of changes) {
      expect(c.presence).toBe('both');
      expect(c.significant).toBe(false);
      expect(c.impactNs).toBe(0);
      for (const f of ROW_FIELDS) expectUnchanged(c[f]);
    }
  });

  it('an edge that appears', () => {
    const db: SpanRow = {
      spanId: 'db',
      parentSpanId: 's',
      service: 'order',
      name: 'GET',
      kind: 'client',
      start: 20,
      end: 60,
      peer: 'redis',
    };
    const a = samplesOf(many(10, (id) => syncTrace(id, 100)));
    const b = samplesOf(many(10, (id) => syncTrace(id, 100, [db])));
    const { changes } = compareSamples(a, b);
    const edge = row(changes, 'order → redis (sync)');
    expect(edge.presence).toBe('appeared');
    expect(edge.significant).toBe(true);
    expect(edge.callsPerTrace).toMatchObject({ a: 0, b: 1, delta: 1, relative: null });
    expect(edge.p50Ns).toMatchObject({ a: 0, b: 40 });
    expect(edge.criticalNs).toMatchObject({ a: 0, b: 40 });
    expect(edge.impactNs).toBe(400);
    expect(edge.examples.a).toEqual([]);
    expect(edge.examples.b.map((e) => e.spanId)).toEqual(['db', 'db', 'db']);
    expect(row(changes, 'redis').presence).toBe('appeared');
    // order's own time on the path shrank by what redis now takes: order is there on both sides.
    expect(row(changes, 'order').presence).toBe('both');
    expect(row(changes, 'order').criticalNs.delta).toBe(-40);
    expect(changes.filter((c) => c.presence === 'disappeared')).toEqual([]);
  });

  it('a sync edge replaced by an async one', () => {
    const a = samplesOf(many(10, (id) => syncTrace(id, 60)));
    const b = samplesOf(many(10, (id) => asyncTrace(id)));
    const { endToEnd, changes } = compareSamples(a, b);
    expect(row(changes, 'gw → order (sync)').presence).toBe('disappeared');
    expect(row(changes, 'gw → order (async)').presence).toBe('appeared');
    expect(row(changes, 'order').presence).toBe('both');
    // The user waits less (root 100 ns both sides here), the work completes later and queues.
    expect(endToEnd.syncChain).toMatchObject({ a: 2, b: 1, delta: -1 });
    expect(endToEnd.syncChain.test!.significant).toBe(true);
    expect(endToEnd.queueNs).toMatchObject({ a: 0, b: 30 });
    expect(endToEnd.completionNs.p50).toMatchObject({ a: 100, b: 250 });
    // order is no longer on the request's critical path.
    const order = row(changes, 'order');
    expect(order.criticalNs).toMatchObject({ a: 80, b: 0 });
    expect(order.criticalShare.a).toBeCloseTo(0.8, 12);
    expect(order.criticalShare.test!.significant).toBe(true);
    expect(order.criticalShare.test!.effectSize).toBe(-1);
    expect(order.significant).toBe(true);
  });

  it('a service whose calls got 2× slower ranks first, significant, with a positive effect', () => {
    const a = samplesOf(many(20, (id, k) => syncTrace(id, 100 + 5 * k)));
    const b = samplesOf(many(20, (id, k) => syncTrace(id, 2 * (100 + 5 * k))));
    const { endToEnd, changes } = compareSamples(a, b);
    expect(endToEnd.p50Ns.test!.significant).toBe(true);
    expect(endToEnd.p50Ns.test!.effectSize).toBeGreaterThan(0);
    expect(endToEnd.p50Ns.delta).toBeGreaterThan(0);

    const order = row(changes, 'order');
    expect(order.significant).toBe(true);
    expect(order.p50Ns.delta).toBeGreaterThan(0);
    expect(order.p50Ns.test!.significant).toBe(true);
    expect(order.p50Ns.test!.effectSize).toBeGreaterThan(0);
    expect(order.criticalNs.test!.effectSize).toBeGreaterThan(0);
    // Mean order critical ns: a 100 + 47.5 + 20, b 2·147.5 + 20: Δ 147.5 per trace, in 20 traces.
    expect(order.impactNs).toBeCloseTo(147.5 * 20, 9);
    // order, its edge from gw and its server operation changed by the same time: they lead, order first among them by impact.
    expect(changes[0]!.impactNs).toBe(order.impactNs);
    expect(new Set(changes.slice(0, 2).map((c) => subjectText(c.subject)))).toEqual(new Set(['gw → order (sync)', 'order']));
    // gw's own time did not change: at the bottom, not significant.
    const gw = row(changes, 'gw');
    expect(gw.impactNs).toBe(0);
    expect(gw.criticalNs.delta).toBe(0);
    expect(gw.criticalShare.test!.effectSize).toBeLessThan(0);
    expect(changes.every((c, k) => k === 0 || changes[k - 1]!.impactNs >= c.impactNs)).toBe(true);
  });

  it('compares two sides cut from one tree by include masks', () => {
    const db: SpanRow = {
      spanId: 'db',
      parentSpanId: 's',
      service: 'order',
      name: 'GET',
      kind: 'client',
      start: 20,
      end: 60,
      peer: 'redis',
    };
    const tree = buildTraceTree(spanTableFrom(many(40, (id, k) => (k < 20 ? syncTrace(id, 100 + k) : syncTrace(id, 300 + k, [db])))));
    const first = Uint8Array.from({ length: 40 }, (_, k) => (k < 20 ? 1 : 0));
    const second = first.map((x) => 1 - x);
    const a: DatasetSamples = datasetSamples(tree, { include: first });
    const b: DatasetSamples = datasetSamples(tree, { include: second });
    expect([a.traces, b.traces]).toEqual([20, 20]);
    const { endToEnd, changes } = compareSamples(a, b);
    expect(endToEnd.p50Ns).toMatchObject({ a: 100 + 9 + 40, b: 300 + 29 + 40 });
    expect(endToEnd.p50Ns.test!.effectSize).toBe(1);
    expect(row(changes, 'order place').p50Ns.test!.significant).toBe(true);
    // redis is only called in the second half's traces: absent from a, though it is in the tree.
    expect(changes.filter((c) => c.presence !== 'both').map((c) => `${subjectText(c.subject)} ${c.presence}`)).toEqual([
      'order → redis (sync) appeared',
      'redis appeared',
      'redis GET appeared',
      'order GET appeared',
    ]);
  });
});

describe('downsample', () => {
  it.each<{ n: number; max: number; want: number[] }>([
    { n: 5, max: 10, want: [0, 1, 2, 3, 4] },
    { n: 11, max: 3, want: [0, 5, 10] },
    { n: 101, max: 5, want: [0, 25, 50, 75, 100] },
  ])('$n values into $max', ({ n, max, want }) => {
    expect(
      downsample(
        Array.from({ length: n }, (_, k) => k),
        max,
      ),
    ).toEqual(want);
  });
});
