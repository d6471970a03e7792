import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAsyncChild } from '../../../shared/analysis/model/edges.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';
import { adjustClockSkew, timesFor } from '../../../shared/analysis/timing/clock-skew.js';

interface Expected {
  /** Adjusted [start, end] of every span, by id (ids unique across traces here). */
  times: Record<string, [number, number]>;
  /** Subtree roots that got a shift of their own, as [id, own shift, total shift], in index order. */
  adjusted: [string, number, number][];
  /** Spans that moved, descendants included. */
  moved: number;
}

function run(rows: SpanRow[]) {
  const tree = buildTraceTree(spanTableFrom(rows));
  const rawStart = tree.table.start.slice();
  const rawEnd = tree.table.end.slice();
  const result = adjustClockSkew(tree);
  const ids = tree.table.spanId;
  const actual: Expected = {
    times: Object.fromEntries(ids.map((id, i) => [id, [result.table.start[i]!, result.table.end[i]!]])),
    adjusted: result.adjusted.map((a) => [ids[a.span]!, a.shiftNs, a.totalShiftNs]),
    moved: result.adjustedSpanCount,
  };
  return { tree, result, actual, rawStart, rawEnd };
}

// Timelines: one character = 10 ns; the service is named before each span.
const CASES: [string, SpanRow[], Expected][] = [
  [
    /**
     *   -50  0    50   100
     *   api  a      |==========|      0..100
     *   db   b    |====|              -20..20   raw: starts before a
     *   db   b         |====|         30..70    centred: 30 before, 30 after
     */
    'other service starting before its parent is centred',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: -20, end: 20 },
    ],
    { times: { a: [0, 100], b: [30, 70] }, adjusted: [['b', 50, 50]], moved: 1 },
  ],
  [
    /**
     *   0    50   100  150
     *   api  a |==========|           0..100
     *   db   b         |======|       80..140   raw: ends after a
     *   db   b   |======|             20..80    centred
     */
    'other service ending after its parent is centred',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 80, end: 140 },
    ],
    { times: { a: [0, 100], b: [20, 80] }, adjusted: [['b', -60, -60]], moved: 1 },
  ],
  [
    /**
     *   0    50   100
     *   api  a |==========|           0..100
     *   db   b  |========|            10..110   same length as a, ends after
     *   db   b |==========|           0..100    exactly a's window
     */
    'child exactly as long as its parent fits',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 10, end: 110 },
    ],
    { times: { a: [0, 100], b: [0, 100] }, adjusted: [['b', -10, -10]], moved: 1 },
  ],
  [
    /**
     *   0    50   100
     *   api  a |==========|           0..100
     *   db   b |==========|           0..100    touching both edges: inside, not moved
     */
    'child on the edges of its parent stays',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 0, end: 100 },
    ],
    { times: { a: [0, 100], b: [0, 100] }, adjusted: [], moved: 0 },
  ],
  [
    /**
     *   -50  0    50   100
     *   api  a      |==========|      0..100
     *   api  b    |====|              -20..20   same service (one clock): not shifted
     */
    'same service is never shifted',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'api', start: -20, end: 20 },
    ],
    { times: { a: [0, 100], b: [-20, 20] }, adjusted: [], moved: 0 },
  ],
  [
    /**
     *   -50  0    50   100
     *   api  a      |==========|      0..100
     *   db   b    |=============|     -20..120  longer than a: no placement fits
     */
    'child longer than its parent is not shifted',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: -20, end: 120 },
    ],
    { times: { a: [0, 100], b: [-20, 120] }, adjusted: [], moved: 0 },
  ],
  [
    /**
     *   0    50   100  150
     *   api  p |==|                     producer 0..30
     *   wkr  c       |===|              consumer 60..90: runs after p by design
     *   api  s |==========|             server 0..100
     *   wkr  f            |===|         FOLLOWS_FROM 110..140
     */
    'asynchronous children are not shifted',
    [
      { spanId: 'p', service: 'api', kind: 'producer', start: 0, end: 30 },
      { spanId: 'c', parentSpanId: 'p', service: 'worker', kind: 'consumer', start: 60, end: 90 },
      { traceId: 't2', spanId: 's', service: 'api', kind: 'server', start: 0, end: 100 },
      { traceId: 't2', spanId: 'f', parentSpanId: 's', service: 'worker', followsFrom: true, start: 110, end: 140 },
    ],
    { times: { p: [0, 30], c: [60, 90], s: [0, 100], f: [110, 140] }, adjusted: [], moved: 0 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   api  a |==========|                 0..100
     *   db   b                |====|        150..190  after a → centred to 30..70 (-120)
     *   db   c                 |==|         160..180  same service as b: moves with it → 40..60
     *   cch  d                |=|           150..160  inside b: moves with it → 30..40
     */
    'grandchildren move with their parent',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 150, end: 190 },
      { spanId: 'c', parentSpanId: 'b', service: 'db', start: 160, end: 180 },
      { spanId: 'd', parentSpanId: 'b', service: 'cache', start: 150, end: 160 },
    ],
    { times: { a: [0, 100], b: [30, 70], c: [40, 60], d: [30, 40] }, adjusted: [['b', -120, -120]], moved: 3 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   api  a |==========|                 0..100
     *   db   b                |====|        150..190  centred to 30..70 (-120)
     *   cch  c                 |===|        155..185  outside a, but inside b: moved with b → 35..65,
     *                                                 no shift of its own (judging c's raw times
     *                                                 against b's new place would shift it twice)
     */
    "a parent's shift puts the child back inside: no double shift",
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 150, end: 190 },
      { spanId: 'c', parentSpanId: 'b', service: 'cache', start: 155, end: 185 },
    ],
    { times: { a: [0, 100], b: [30, 70], c: [35, 65] }, adjusted: [['b', -120, -120]], moved: 2 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   api  a |==========|                 0..100
     *   db   b                |====|        150..190  centred to 30..70 (-120)
     *   cch  c                   |==|       180..200  moved with b: 60..80, still ends after b
     *   cch  c     |==|                     40..60    so centred in b: own -20, total -140
     */
    'a child still outside after moving with its parent gets a shift of its own',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 150, end: 190 },
      { spanId: 'c', parentSpanId: 'b', service: 'cache', start: 180, end: 200 },
    ],
    {
      times: { a: [0, 100], b: [30, 70], c: [40, 60] },
      adjusted: [
        ['b', -120, -120],
        ['c', -20, -140],
      ],
      moved: 2,
    },
  ],
  [
    /**
     *   0    50   100  150
     *   api  a |==========|              0..100
     *   db   b      |======|             50..110 → centred to 20..80 (-30)
     *   db   c         |===|             90..120 → moved with b to 60..90: it sticks out of b,
     *                                    but b and c share a clock, so no shift of its own
     */
    'same-service child of a shifted parent moves with it, and no further',
    [
      { spanId: 'a', service: 'api', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', service: 'db', start: 50, end: 110 },
      { spanId: 'c', parentSpanId: 'b', service: 'db', start: 90, end: 120 },
    ],
    { times: { a: [0, 100], b: [20, 80], c: [60, 90] }, adjusted: [['b', -30, -30]], moved: 2 },
  ],
  [
    /**
     *   -50  0    50   100
     *   t1  api  a1      |==========|   0..100
     *   t1  db   b1    |====|           -20..20 → 30..70 (+50)
     *   t2  api  a2      |=====|        0..50
     *   t2  db   b2          |===|      40..70  → 10..40 (-30)
     *   t3  db   o3           |==|      50..70  orphan (its parent is missing): a top, never moved
     */
    'multiple traces, each against its own spans',
    [
      { traceId: 't1', spanId: 'a1', service: 'api', start: 0, end: 100 },
      { traceId: 't1', spanId: 'b1', parentSpanId: 'a1', service: 'db', start: -20, end: 20 },
      { traceId: 't2', spanId: 'a2', service: 'api', start: 0, end: 50 },
      { traceId: 't2', spanId: 'b2', parentSpanId: 'a2', service: 'db', start: 40, end: 70 },
      { traceId: 't3', spanId: 'o3', parentSpanId: 'gone', service: 'db', start: 50, end: 70 },
    ],
    {
      times: { a1: [0, 100], b1: [30, 70], a2: [0, 50], b2: [10, 40], o3: [50, 70] },
      adjusted: [
        ['b1', 50, 50],
        ['b2', -30, -30],
      ],
      moved: 2,
    },
  ],
];

describe('adjustClockSkew', () => {
  it.each(CASES)('%s', (_name, rows, expected) => {
    const { tree, actual, rawStart, rawEnd } = run(rows);
    expect(actual).toEqual(expected);
    // Raw times are kept.
    expect(tree.table.start).toEqual(rawStart);
    expect(tree.table.end).toEqual(rawEnd);
  });

  it('copies the time columns and shares the others', () => {
    const { tree, result } = run(CASES[0]![1]);
    expect(result.table.start).not.toBe(tree.table.start);
    expect(result.table.end).not.toBe(tree.table.end);
    expect(result.table.spanId).toBe(tree.table.spanId);
    expect(result.table.size).toBe(tree.table.size);
  });

  it('holds its invariants on random traces', () => {
    const spanArb = fc.record({
      parentPick: fc.nat(),
      hasParent: fc.boolean(),
      service: fc.constantFrom('api', 'db', 'cache'),
      kind: fc.constantFrom('server', 'client', 'producer', 'consumer', 'internal' as const),
      followsFrom: fc.boolean(),
      start: fc.integer({ min: -1000, max: 1000 }),
      length: fc.integer({ min: 0, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 1, maxLength: 30 }), (spans) => {
        const rows: SpanRow[] = spans.map((s, i) => ({
          spanId: `s${i}`,
          parentSpanId: i > 0 && s.hasParent ? `s${s.parentPick % i}` : null,
          service: s.service,
          kind: s.kind,
          followsFrom: s.followsFrom,
          start: s.start,
          end: s.start + s.length,
        }));
        const { tree, result, rawStart, rawEnd } = run(rows);
        const raw = tree.table;
        const adj = result.table;
        const shift = (i: number) => adj.start[i]! - raw.start[i]!;
        const ownShifted = new Set(result.adjusted.map((a) => a.span));
        let moved = 0;
        for (let c = 0; c < raw.size; c++) {
          // Durations never change; raw times are untouched.
          expect(adj.end[c]! - adj.start[c]!).toBe(raw.end[c]! - raw.start[c]!);
          expect(raw.start[c]).toBe(rawStart[c]);
          expect(raw.end[c]).toBe(rawEnd[c]);
          if (shift(c) !== 0) moved++;
          const p = tree.parent[c]!;
          if (p < 0) {
            expect(shift(c)).toBe(0);
            continue;
          }
          const qualifies =
            raw.service[c] !== raw.service[p] && !isAsyncChild(raw, c, p) && raw.end[c]! - raw.start[c]! <= raw.end[p]! - raw.start[p]!;
          if (qualifies) {
            // Every cross-service sync child that fits ends up within its parent.
            expect(adj.start[c]).toBeGreaterThanOrEqual(adj.start[p]!);
            expect(adj.end[c]).toBeLessThanOrEqual(adj.end[p]!);
          } else {
            expect(ownShifted.has(c)).toBe(false);
          }
          // A span moves exactly with its parent unless it got a shift of its own.
          expect(shift(c) !== shift(p)).toBe(ownShifted.has(c));
        }
        expect(result.adjustedSpanCount).toBe(moved);
        const listed = result.adjusted.map((a) => a.span);
        expect(listed).toEqual([...listed].sort((x, y) => x - y));
        for (const a of result.adjusted) expect(a.totalShiftNs).toBe(shift(a.span));
      }),
      { numRuns: 300 },
    );
  });

  it('handles a chain 100k deep, alternating services', () => {
    // Span i runs -i..(D - 3i): it starts 1 ns before its parent and is 2 ns shorter,
    // so each one is pulled in and centred, 1 ns inside its (already moved) parent.
    const N = 100_000;
    const D = 2 * N + 2;
    const rows: SpanRow[] = Array.from({ length: N }, (_, i) => ({
      spanId: `s${i}`,
      parentSpanId: i === 0 ? null : `s${i - 1}`,
      service: i % 2 ? 'odd' : 'even',
      start: -i,
      end: D - 3 * i,
    }));
    const tree = buildTraceTree(spanTableFrom(rows));
    const result = adjustClockSkew(tree);
    expect(result.adjustedSpanCount).toBe(N - 1);
    expect(result.adjusted.length).toBe(N - 1);
    expect(result.adjusted.every((a) => a.shiftNs === 2)).toBe(true);
    for (const i of [0, 1, 2, N / 2, N - 1]) {
      expect(result.table.start[i]).toBe(i);
      expect(result.table.end[i]).toBe(D - i);
    }
    const { tree: adjustedTree } = timesFor(tree, 'adjusted');
    expect(adjustedTree.parent).toEqual(tree.parent);
  });
});

describe('timesFor', () => {
  /**
   *   0    50   100  150  200
   *   api  a |==========|             0..100
   *   api  c     |=|                  40..50
   *   db   b                |====|    150..190 → 30..70: now starts before c
   */
  const rows: SpanRow[] = [
    { spanId: 'a', service: 'api', start: 0, end: 100 },
    { spanId: 'b', parentSpanId: 'a', service: 'db', start: 150, end: 190 },
    { spanId: 'c', parentSpanId: 'a', service: 'api', start: 40, end: 50 },
  ];
  const children = (t: ReturnType<typeof buildTraceTree>, span: number) =>
    Array.from(t.childList.subarray(t.childStart[span]!, t.childStart[span + 1]!), (i) => t.table.spanId[i]);

  it.each([
    ['raw', ['c', 'b'], [150, 190]],
    ['adjusted', ['b', 'c'], [30, 70]],
  ] as const)('%s: children ordered by the times of that mode', (mode, order, bTimes) => {
    const tree = buildTraceTree(spanTableFrom(rows));
    const timed = timesFor(tree, mode);
    expect(timed.tree.table).toBe(timed.table);
    expect(children(timed.tree, 0)).toEqual(order);
    expect([timed.table.start[1], timed.table.end[1]]).toEqual(bTimes);
    expect(tree.table.start[1]).toBe(150);
  });

  it('returns the raw tree when nothing needs adjusting, and reuses the adjusted one', () => {
    const calm = buildTraceTree(spanTableFrom([{ spanId: 'a', start: 0, end: 10 }]));
    expect(timesFor(calm, 'adjusted').tree).toBe(calm);
    const skewed = buildTraceTree(spanTableFrom(rows));
    const first = timesFor(skewed, 'adjusted');
    expect(first.tree).not.toBe(skewed);
    expect(timesFor(skewed, 'adjusted')).toBe(first);
    expect(timesFor(skewed, 'raw').tree).toBe(skewed);
  });
});
