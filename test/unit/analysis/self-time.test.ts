import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';
import { selfTimes } from '../../../shared/analysis/timing/self-time.js';

/** Self time of every span, keyed by span id (ids are unique across traces in these cases). */
function selfById(rows: SpanRow[]): Record<string, number> {
  const tree = buildTraceTree(spanTableFrom(rows));
  const self = selfTimes(tree);
  return Object.fromEntries(tree.table.spanId.map((id, i) => [id, self[i]!]));
}

// Timelines: one character = 10 ns.
const CASES: [string, SpanRow[], Record<string, number>][] = [
  [
    /**
     *   0         100
     *   a |==========|          no children: all of it is self time
     */
    'no children',
    [{ spanId: 'a', start: 0, end: 100 }],
    { a: 100 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a |====================|
     *   b   |====|                 20..70
     *   c          |======|        90..150
     *   self of a: 200 - 50 - 60 = 90
     */
    'sequential children',
    [
      { spanId: 'a', start: 0, end: 200 },
      { spanId: 'b', parentSpanId: 'a', start: 20, end: 70 },
      { spanId: 'c', parentSpanId: 'a', start: 90, end: 150 },
    ],
    { a: 90, b: 50, c: 60 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a |====================|
     *   b   |========|             20..100
     *   c       |========|         60..140   union 20..140 = 120
     */
    'overlapping children',
    [
      { spanId: 'a', start: 0, end: 200 },
      { spanId: 'b', parentSpanId: 'a', start: 20, end: 100 },
      { spanId: 'c', parentSpanId: 'a', start: 60, end: 140 },
    ],
    { a: 80, b: 80, c: 80 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a |====================|
     *   b  |===============|       10..160
     *   c     |=====|              40..90    inside b: adds nothing to the union
     *   d           |========|     100..190  union 10..190 = 180
     */
    'nested overlap counted once',
    [
      { spanId: 'a', start: 0, end: 200 },
      { spanId: 'b', parentSpanId: 'a', start: 10, end: 160 },
      { spanId: 'c', parentSpanId: 'a', start: 40, end: 90 },
      { spanId: 'd', parentSpanId: 'a', start: 100, end: 190 },
    ],
    { a: 20, b: 150, c: 50, d: 90 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a |====================|
     *   b   |==============|       20..170
     *   c      |=====|             50..100   grandchild: counts against b only
     */
    'grandchildren count against their own parent only',
    [
      { spanId: 'a', start: 0, end: 200 },
      { spanId: 'b', parentSpanId: 'a', start: 20, end: 170 },
      { spanId: 'c', parentSpanId: 'b', start: 50, end: 100 },
    ],
    { a: 50, b: 100, c: 50 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a      |==========|        50..150
     *   b  |=======|               0..80     counts 50..80
     *   c               |=======|  130..200  counts 130..150
     */
    'children sticking out are clipped',
    [
      { spanId: 'a', start: 50, end: 150 },
      { spanId: 'b', parentSpanId: 'a', start: 0, end: 80 },
      { spanId: 'c', parentSpanId: 'a', start: 130, end: 200 },
    ],
    { a: 50, b: 80, c: 70 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a |=====|                  0..50
     *   b          |=====|         100..150  wholly outside: counts nothing
     *   c |                        0..0      empty: counts nothing
     */
    'child fully outside, empty child',
    [
      { spanId: 'a', start: 0, end: 50 },
      { spanId: 'b', parentSpanId: 'a', start: 100, end: 150 },
      { spanId: 'c', parentSpanId: 'a', start: 0, end: 0 },
    ],
    { a: 50, b: 50, c: 0 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   a     |=====|              40..100
     *   b  |============|          10..130   covers all of a
     */
    'child covering the whole parent leaves no self time',
    [
      { spanId: 'a', start: 40, end: 100 },
      { spanId: 'b', parentSpanId: 'a', start: 10, end: 130 },
    ],
    { a: 0, b: 120 },
  ],
  [
    /**
     *   0    50   100  150  200
     *   p |==========|             producer 0..100
     *   c         |==========|     consumer 80..180: async, still counts, clipped to 80..100
     *   f       |=|                FOLLOWS_FROM 60..70: counts too
     */
    'asynchronous children count, clipped',
    [
      { spanId: 'p', kind: 'producer', start: 0, end: 100 },
      { spanId: 'c', parentSpanId: 'p', kind: 'consumer', service: 'worker', start: 80, end: 180 },
      { spanId: 'f', parentSpanId: 'p', followsFrom: true, start: 60, end: 70 },
    ],
    { p: 70, c: 100, f: 10 },
  ],
  [
    /**
     *   0    50   100
     *   a |==========|
     *   b   |==|                   20..50
     *   c   |==|                   20..50    identical to b: once
     *   d      |==|                50..80    touching b: merges, no gap
     */
    'identical and touching children',
    [
      { spanId: 'a', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'a', start: 20, end: 50 },
      { spanId: 'c', parentSpanId: 'a', start: 20, end: 50 },
      { spanId: 'd', parentSpanId: 'a', start: 50, end: 80 },
    ],
    { a: 40, b: 30, c: 30, d: 30 },
  ],
  [
    /**
     *   0    50   100
     *   a |==========|             (broken: ends before it starts) → empty window
     *   b    |==|
     */
    'span ending before it starts has no self time',
    [
      { spanId: 'a', start: 100, end: 0 },
      { spanId: 'b', parentSpanId: 'a', start: 30, end: 60 },
    ],
    { a: 0, b: 30 },
  ],
  [
    /**
     *   trace t1:  x |==========|      y (child) 20..60
     *   trace t2:  z |=====|           w (child) 10..90, clipped to 10..50
     */
    'multiple traces',
    [
      { traceId: 't1', spanId: 'x', start: 0, end: 100 },
      { traceId: 't1', spanId: 'y', parentSpanId: 'x', start: 20, end: 60 },
      { traceId: 't2', spanId: 'z', start: 0, end: 50 },
      { traceId: 't2', spanId: 'w', parentSpanId: 'z', start: 10, end: 90 },
    ],
    { x: 60, y: 40, z: 10, w: 80 },
  ],
];

describe('selfTimes', () => {
  it.each(CASES)('%s', (_name, rows, expected) => {
    expect(selfById(rows)).toEqual(expected);
  });

  it('matches a brute-force count of uncovered nanoseconds', () => {
    // Integer times, so "uncovered" can be counted one nanosecond at a time.
    const span = fc.record({ start: fc.integer({ min: -20, max: 60 }), length: fc.integer({ min: 0, max: 40 }) });
    fc.assert(
      fc.property(fc.array(fc.tuple(span, fc.nat()), { minLength: 1, maxLength: 12 }), (spans) => {
        const rows: SpanRow[] = spans.map(([s, p], i) => ({
          spanId: `s${i}`,
          parentSpanId: i === 0 ? null : `s${p % i}`,
          start: s.start,
          end: s.start + s.length,
        }));
        const tree = buildTraceTree(spanTableFrom(rows));
        const self = selfTimes(tree);
        rows.forEach((r, i) => {
          const kids = rows.filter((k) => k.parentSpanId === r.spanId);
          let uncovered = 0;
          for (let t = r.start; t < r.end; t++) {
            if (!kids.some((k) => k.start <= t && t < k.end)) uncovered++;
          }
          expect(self[i]).toBe(uncovered);
        });
      }),
    );
  });

  it('handles a chain 100k deep', () => {
    // Span i runs i..(2N - i): each child sits 1 ns inside its parent on both sides,
    // so every parent keeps 2 ns, and the last span (N-1..N+1) is all self time: 2 ns too.
    const N = 100_000;
    const rows: SpanRow[] = Array.from({ length: N }, (_, i) => ({
      spanId: `s${i}`,
      parentSpanId: i === 0 ? null : `s${i - 1}`,
      start: i,
      end: 2 * N - i,
    }));
    const self = selfTimes(buildTraceTree(spanTableFrom(rows)));
    expect(self.length).toBe(N);
    expect(self.every((v) => v === 2)).toBe(true);
  });
});
