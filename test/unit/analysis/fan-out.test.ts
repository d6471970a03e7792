/**
 * Fan-out: width, parallelism and the time full parallelism would save.
 * Timelines: one column = 1 ms; a bar runs from its | to its |.
 */
import { describe, expect, it } from 'vitest';
import { fanOut, fanOutHotspots, type FanOut, type FanOutOptions } from '../../../shared/analysis/hotspots/fan-out.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

const MS = 1_000_000;

/** A parent span P and its children c0, c1, … (all CLIENT calls unless a row says otherwise). */
function parentWith(parent: [number, number], children: [number, number, Partial<SpanRow>?][], traceId = 't1'): SpanRow[] {
  return [
    { traceId, spanId: `${traceId}-P`, service: 'gateway', name: 'GET /a', kind: 'server', start: parent[0] * MS, end: parent[1] * MS },
    ...children.map(([start, end, extra], i) => ({
      traceId,
      spanId: `${traceId}-c${i}`,
      parentSpanId: `${traceId}-P`,
      service: 'gateway',
      kind: 'client' as const,
      start: start * MS,
      end: end * MS,
      ...extra,
    })),
  ];
}

type Expected = Omit<FanOut, 'span'> | null;

describe('fanOut', () => {
  it.each<[string, SpanRow[], FanOutOptions | undefined, Expected]>([
    [
      // P   |=========|      0-10
      // c0   |=======|       1-9
      // c1   |=======|       1-9
      // c2   |=======|       1-9
      'fully parallel',
      parentWith(
        [0, 10],
        [
          [1, 9],
          [1, 9],
          [1, 9],
        ],
      ),
      undefined,
      { children: 3, parallelism: 3, coveredNs: 8 * MS, savableNs: 0 },
    ],
    [
      // P   |=========|      0-10
      // c0  |==|             0-3
      // c1     |==|          3-6
      // c2        |==|       6-9
      'fully sequential',
      parentWith(
        [0, 10],
        [
          [0, 3],
          [3, 6],
          [6, 9],
        ],
      ),
      undefined,
      { children: 3, parallelism: 1, coveredNs: 9 * MS, savableNs: 6 * MS },
    ],
    [
      // P   |=========|      0-10
      // c0  |===|            0-4
      // c1    |===|          2-6    union 0-6 + 7-9 = 8, Σ 10
      // c2         |=|       7-9    savable 8 - 4
      'partially parallel, with a gap',
      parentWith(
        [0, 10],
        [
          [0, 4],
          [2, 6],
          [7, 9],
        ],
      ),
      undefined,
      { children: 3, parallelism: 1.25, coveredNs: 8 * MS, savableNs: 4 * MS },
    ],
    [
      // P     |=======|      2-10
      // c0  |=====|          0-6    counts as 2-6
      // c1        |=====|    6-12   counts as 6-10
      'children clipped to the parent',
      parentWith(
        [2, 10],
        [
          [0, 6],
          [6, 12],
        ],
      ),
      undefined,
      { children: 2, parallelism: 1, coveredNs: 8 * MS, savableNs: 4 * MS },
    ],
    [
      // P   |=========|      0-10
      // c0  |=========|      0-10   nested inside c0's time: covered stays 10
      // c1    |==|           2-5
      // c2         |==|      7-10
      'one long child hides the others',
      parentWith(
        [0, 10],
        [
          [0, 10],
          [2, 5],
          [7, 10],
        ],
      ),
      undefined,
      { children: 3, parallelism: 1.6, coveredNs: 10 * MS, savableNs: 0 },
    ],
    [
      // P   |=========|      0-10
      // c0  |===|            0-4    a single child is no fan-out
      'one child',
      parentWith([0, 10], [[0, 4]]),
      undefined,
      null,
    ],
    [
      // P   |=========|      0-10
      // c0  |==|             0-3
      // c1     |==|          3-6
      // c2        |==|       6-9    3 children < minChildren 4
      'fewer children than minChildren',
      parentWith(
        [0, 10],
        [
          [0, 3],
          [3, 6],
          [6, 9],
        ],
      ),
      { minChildren: 4 },
      null,
    ],
    [
      // P   |=|              0-2    a PRODUCER
      // c0      |===|        4-8    CONSUMER: the producer never waited
      // c1      |===|        4-8    CONSUMER
      'asynchronous children do not count',
      [
        { spanId: 'P', service: 'order', name: 'publish orders', kind: 'producer', start: 0, end: 2 * MS },
        { spanId: 'c0', parentSpanId: 'P', service: 'billing', kind: 'consumer', start: 4 * MS, end: 8 * MS },
        { spanId: 'c1', parentSpanId: 'P', service: 'audit', kind: 'consumer', start: 4 * MS, end: 8 * MS },
      ],
      undefined,
      null,
    ],
    [
      // P   |=========|      0-10
      // c0  |===|            0-4
      // c1      |===|        4-8
      // c2    |===========|  2-14   FOLLOWS_FROM: not waited for, not counted
      'a FOLLOWS_FROM child does not count',
      parentWith(
        [0, 10],
        [
          [0, 4],
          [4, 8],
          [2, 14, { followsFrom: true }],
        ],
      ),
      undefined,
      { children: 2, parallelism: 1, coveredNs: 8 * MS, savableNs: 4 * MS },
    ],
  ])('%s', (_, rows, options, expected) => {
    const tree = buildTraceTree(spanTableFrom(rows));
    const records = fanOut(tree, options);
    if (expected === null) {
      expect(records).toEqual([]);
      return;
    }
    expect(records).toHaveLength(1);
    const { span, ...rest } = records[0]!;
    expect(tree.table.spanId[span]).toMatch(/P$/);
    expect(rest).toEqual({ ...expected, parallelism: expect.closeTo(expected.parallelism, 9) });
  });
});

describe('fanOutHotspots', () => {
  it('aggregates per (service, operation), most savable time first', () => {
    const rows = [
      // t1  P   |=========|      GET /a: sequential, savable 3
      //     c0  |==|
      //     c1     |==|
      ...parentWith(
        [0, 10],
        [
          [0, 3],
          [3, 6],
        ],
        't1',
      ),
      // t2  P   |=========|      GET /a: 3 in parallel, savable 0
      //     c0  |==|
      //     c1  |==|
      //     c2  |==|
      ...parentWith(
        [0, 10],
        [
          [0, 3],
          [0, 3],
          [0, 3],
        ],
        't2',
      ),
      // t3  P   |=========|      GET /b: sequential, savable 5
      //     c0  |====|
      //     c1       |====|
      ...parentWith(
        [0, 10],
        [
          [0, 5],
          [5, 10],
        ],
        't3',
      ).map((r) => (r.spanId === 't3-P' ? { ...r, name: 'GET /b' } : r)),
    ];
    const tree = buildTraceTree(spanTableFrom(rows));
    const records = fanOut(tree);
    const hotspots = fanOutHotspots(tree, records);
    // Records in any order aggregate the same.
    expect(fanOutHotspots(tree, [...records].reverse())).toEqual(hotspots);
    expect(hotspots).toEqual([
      {
        service: 'gateway',
        operation: 'GET /b',
        occurrences: 1,
        traces: 1,
        maxChildren: 2,
        meanChildren: 2,
        meanParallelism: 1,
        totalSavableNs: 5 * MS,
        exampleSpan: tree.find('t3', 't3-P'),
      },
      {
        service: 'gateway',
        operation: 'GET /a',
        occurrences: 2,
        traces: 2,
        maxChildren: 3,
        meanChildren: 2.5,
        meanParallelism: 2,
        totalSavableNs: 3 * MS,
        exampleSpan: tree.find('t1', 't1-P'),
      },
    ]);
  });

  it('counts a trace once however many occurrences it has', () => {
    // P   |=========|      0-10   GET /a, children c0, c1 and Q
    // c0  |====|           0-5
    // c1        |==|       6-9
    // Q   |====|           0-5    GET /a too, children q0 and q1
    // q0  |=|              0-2
    // q1    |=|            2-4
    const rows: SpanRow[] = [
      ...parentWith(
        [0, 10],
        [
          [0, 5],
          [6, 9],
        ],
      ),
      { spanId: 'Q', parentSpanId: 't1-P', service: 'gateway', name: 'GET /a', kind: 'server', start: 0, end: 5 * MS },
      { spanId: 'q0', parentSpanId: 'Q', kind: 'client', start: 0, end: 2 * MS },
      { spanId: 'q1', parentSpanId: 'Q', kind: 'client', start: 2 * MS, end: 4 * MS },
    ];
    const tree = buildTraceTree(spanTableFrom(rows));
    const [hotspot] = fanOutHotspots(tree, fanOut(tree));
    expect(hotspot).toMatchObject({ operation: 'GET /a', occurrences: 2, traces: 1 });
  });
});
