import { describe, expect, it } from 'vitest';
import {
  criticalPath,
  criticalPaths,
  type CriticalPath,
  type CriticalPathOptions,
} from '../../../shared/analysis/critical-path/critical-path.js';
import { emptyLinks, KIND, type SpanTable } from '../../../shared/analysis/model/span-table.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';

/** Segments as "span start-end", queue segments as "queue span start-end". */
function render(table: SpanTable, path: CriticalPath): string {
  return path.segments.map((s) => `${s.kind === 'queue' ? 'queue ' : ''}${table.spanId[s.span]} ${s.start}-${s.end}`).join(', ');
}

function pathOf(rows: SpanRow[], top: string, options?: CriticalPathOptions) {
  const table = spanTableFrom(rows);
  const tree = buildTraceTree(table);
  const path = criticalPaths(tree, options).find((p) => table.spanId[p.top] === top);
  if (!path) throw new Error(`no path for top ${top}`);
  return { table, tree, path };
}

/** Every path must tile its window: contiguous, first at start, last at end, and exclusive + queue = window. */
function expectTiling(path: CriticalPath): void {
  expect(path.segments[0]!.start).toBe(path.start);
  expect(path.segments.at(-1)!.end).toBe(path.end);
  // One expectation for the whole list: big shapes have two million segments.
  const gap = path.segments.findIndex((s, i) => i > 0 && s.start !== path.segments[i - 1]!.end);
  expect(gap).toBe(-1);
  const exclusive = path.exclusive.reduce((sum, e) => sum + e.ns, 0);
  expect(exclusive + path.queueNs).toBe(path.end - path.start);
}

interface Case {
  name: string;
  rows: SpanRow[];
  top?: string;
  options?: CriticalPathOptions;
  path: string;
  window?: [number, number];
  exclusive?: string;
  skewAdjustments?: number;
  outsideParent?: string[];
  orphan?: boolean;
  queueNs?: number;
}

const cases: Case[] = [
  {
    // 0    10   20   30   40   50   60
    // root |=============================|
    // a         |====|
    // b                   |====|
    // c                             |==|
    name: 'sequential children',
    rows: [
      { spanId: 'root', start: 0, end: 60 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 20 },
      { spanId: 'b', parentSpanId: 'root', start: 30, end: 40 },
      { spanId: 'c', parentSpanId: 'root', start: 50, end: 55 },
    ],
    path: 'root 0-10, a 10-20, root 20-30, b 30-40, root 40-50, c 50-55, root 55-60',
    exclusive: 'root 35, a 10, b 10, c 5',
  },
  {
    // 0  2   8 10       30   50   60        90  100
    // root |=======================================|
    // d      |==|
    // b           |=============================|       ends last: on
    // a           |=================|                  ends after b starts: off
    // c                     |=========|                off
    name: 'parallel children: only the last-finishing chain counts',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'd', parentSpanId: 'root', start: 2, end: 8 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 50 },
      { spanId: 'b', parentSpanId: 'root', start: 10, end: 90 },
      { spanId: 'c', parentSpanId: 'root', start: 30, end: 60 },
      { spanId: 'a1', parentSpanId: 'a', start: 20, end: 40 },
    ],
    path: 'root 0-2, d 2-8, root 8-10, b 10-90, root 90-100',
  },
  {
    // 0    10   20   30
    // root |==============|
    // a    |====|
    // b         |====|        ends where c starts: on
    // c              |====|
    name: 'back-to-back siblings all count',
    rows: [
      { spanId: 'root', start: 0, end: 30 },
      { spanId: 'a', parentSpanId: 'root', start: 0, end: 10 },
      { spanId: 'b', parentSpanId: 'root', start: 10, end: 20 },
      { spanId: 'c', parentSpanId: 'root', start: 20, end: 30 },
    ],
    path: 'a 0-10, b 10-20, c 20-30',
    exclusive: 'a 10, b 10, c 10',
  },
  {
    // 0    10   20   30   40             80   90  100
    // root |======================================|
    // a         |=============================|
    // x              |===================|
    // y                   |====|
    name: 'nested',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 90 },
      { spanId: 'x', parentSpanId: 'a', start: 20, end: 80 },
      { spanId: 'y', parentSpanId: 'x', start: 30, end: 40 },
    ],
    path: 'root 0-10, a 10-20, x 20-30, y 30-40, x 40-80, a 80-90, root 90-100',
  },
  {
    // 0              60       100  110 120  130
    // root |==================|
    // a               |=======|====|====|====|    clipped to 60-100
    // a1                            |====|        inside a, but past the clipped window: off
    name: 'child overlapping the parent end is clipped',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'root', start: 60, end: 130 },
      { spanId: 'a1', parentSpanId: 'a', start: 110, end: 120 },
    ],
    path: 'root 0-60, a 60-100',
    outsideParent: [],
  },
  {
    // 0    10        50       100  110 120  150
    // root |==================|
    // a         |====|
    // w                       |====|            only touches the end: outside
    // z                                 |====|  outside
    name: 'children entirely outside the parent are reported and off the path',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 50 },
      { spanId: 'z', parentSpanId: 'root', start: 120, end: 150 },
      { spanId: 'w', parentSpanId: 'root', start: 100, end: 110 },
      { spanId: 'z1', parentSpanId: 'z', start: 130, end: 140 },
    ],
    path: 'root 0-10, a 10-50, root 50-100',
    outsideParent: ['z', 'w'],
  },
  {
    // 0       100          500 505        900   1000
    // root |=====================================|   tolerance 1% = 10
    // a         |============|·|                      overlap 5 < 10: precedes b
    // b                      |===========|
    name: 'skew tolerance: a small overlap still precedes',
    rows: [
      { spanId: 'root', start: 0, end: 1000 },
      { spanId: 'a', parentSpanId: 'root', start: 100, end: 505 },
      { spanId: 'b', parentSpanId: 'root', start: 500, end: 900 },
    ],
    path: 'root 0-100, a 100-500, b 500-900, root 900-1000',
    skewAdjustments: 1,
  },
  {
    // same as above, tolerance off: a overlaps b, so only b is on the path
    // root |=====================================|
    // a         |============|·|
    // b                      |===========|
    name: 'skew tolerance 0 turns it off',
    rows: [
      { spanId: 'root', start: 0, end: 1000 },
      { spanId: 'a', parentSpanId: 'root', start: 100, end: 505 },
      { spanId: 'b', parentSpanId: 'root', start: 500, end: 900 },
    ],
    options: { skewTolerance: 0 },
    path: 'root 0-500, b 500-900, root 900-1000',
    skewAdjustments: 0,
  },
  {
    // 0       100          500 505        900   1000
    // root |=====================================|
    // a         |============|·|                      a sibling starts inside the overlap: a is off
    // d                       ||                      502-504 (starts after b: never precedes it)
    // b                      |===========|
    name: 'skew tolerance: another sibling inside the overlap prevents it',
    rows: [
      { spanId: 'root', start: 0, end: 1000 },
      { spanId: 'a', parentSpanId: 'root', start: 100, end: 505 },
      { spanId: 'b', parentSpanId: 'root', start: 500, end: 900 },
      { spanId: 'd', parentSpanId: 'root', start: 502, end: 504 },
    ],
    path: 'root 0-500, b 500-900, root 900-1000',
    skewAdjustments: 0,
  },
  {
    // 0       100  200     500 505        900   1000
    // root |=====================================|
    // a         |============|·|                      d ends inside a's overlap (503): a is off…
    // d             |========|·                       …and d's own overlap (500-503) is clear: d precedes b
    // b                      |===========|
    name: 'skew tolerance: the sibling ending inside the overlap is chosen instead',
    rows: [
      { spanId: 'root', start: 0, end: 1000 },
      { spanId: 'a', parentSpanId: 'root', start: 100, end: 505 },
      { spanId: 'd', parentSpanId: 'root', start: 200, end: 503 },
      { spanId: 'b', parentSpanId: 'root', start: 500, end: 900 },
    ],
    path: 'root 0-200, d 200-500, b 500-900, root 900-1000',
    skewAdjustments: 1,
  },
  {
    // 0    20   30   40   50        80
    // root |===================|              path 1
    // o         |==================|         parent "gone" is not in the data: path 2, orphan
    // oc             |====|
    name: 'orphan subtree gets its own path',
    rows: [
      { spanId: 'root', start: 0, end: 50 },
      { spanId: 'o', parentSpanId: 'gone', start: 20, end: 80 },
      { spanId: 'oc', parentSpanId: 'o', start: 30, end: 40 },
    ],
    top: 'o',
    path: 'o 20-30, oc 30-40, o 40-80',
    orphan: true,
  },
  {
    // 0    10        40   50        100       200
    // root |===================|
    // s         |====|
    // f                   |=================|    FOLLOWS_FROM: root does not wait (nor is f clipped or reported)
    name: 'FOLLOWS_FROM child is off the path',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 's', parentSpanId: 'root', start: 10, end: 40 },
      { spanId: 'f', parentSpanId: 'root', start: 50, end: 200, followsFrom: true },
    ],
    path: 'root 0-10, s 10-40, root 40-100',
    outsideParent: [],
  },
  {
    // 0    10   20   30           100         150
    // root |=======================|
    // p         |==|                          PRODUCER
    // c                |=========================|   CONSUMER under p: p does not wait
    name: 'producer to consumer is off the path',
    rows: [
      { spanId: 'root', kind: 'server', start: 0, end: 100 },
      { spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { spanId: 'c', parentSpanId: 'p', kind: 'consumer', start: 30, end: 150 },
    ],
    path: 'root 0-10, p 10-20, root 20-100',
    window: [0, 100],
  },
  {
    // 0    10   20   30           100         150
    // root |=======================|
    // p         |==|                          hands off at its end (20)
    // c                |=========================|
    // path |====|==|···|=========================|   root, p, queue 20-30, c
    name: 'followAsync: producer, queue delay, consumer',
    rows: [
      { spanId: 'root', kind: 'server', start: 0, end: 100 },
      { spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { spanId: 'c', parentSpanId: 'p', kind: 'consumer', start: 30, end: 150 },
      { spanId: 'c1', parentSpanId: 'c', start: 60, end: 70 },
    ],
    options: { followAsync: true },
    path: 'root 0-10, p 10-20, queue c 20-30, c 30-60, c1 60-70, c 70-150',
    window: [0, 150],
    exclusive: 'root 10, p 10, c 110, c1 10',
    queueNs: 10,
  },
  {
    // 0    10        40   50        100       200
    // root |===================|
    // s         |====|
    // f                   |=================|    FOLLOWS_FROM, started while root runs: no queue
    // path |====|====|====|=================|    root until f starts, then f
    name: 'followAsync: FOLLOWS_FROM child, handed off at its start',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 's', parentSpanId: 'root', start: 10, end: 40 },
      { spanId: 'f', parentSpanId: 'root', start: 50, end: 200, followsFrom: true },
    ],
    options: { followAsync: true },
    path: 'root 0-10, s 10-40, root 40-50, f 50-200',
    window: [0, 200],
    queueNs: 0,
  },
  {
    // 0    10 15  20 25 30  40 45 50      70     80    90          120
    // root |===========================|                                  SERVER
    // p1        |==|                                                      PRODUCER → c1
    // p2                |==|                                              PRODUCER → c2
    // c1                     |===========|                                c1 hands off again…
    // p3                          |==|                                    PRODUCER → c3
    // c3                                          |=======================|  …and completes last (120)
    // c2                              |=========================|            ends later than c1, but completes before c3
    // path |====|==|·····|====|==|········|=======================|
    name: 'followAsync: the hand-off completing last is followed, through a chain',
    rows: [
      { spanId: 'root', kind: 'server', start: 0, end: 50 },
      { spanId: 'p1', parentSpanId: 'root', kind: 'producer', start: 10, end: 15 },
      { spanId: 'p2', parentSpanId: 'root', kind: 'producer', start: 20, end: 25 },
      { spanId: 'c1', parentSpanId: 'p1', kind: 'consumer', start: 30, end: 70 },
      { spanId: 'p3', parentSpanId: 'c1', kind: 'producer', start: 40, end: 45 },
      { spanId: 'c3', parentSpanId: 'p3', kind: 'consumer', start: 80, end: 120 },
      { spanId: 'c2', parentSpanId: 'p2', kind: 'consumer', start: 45, end: 90 },
    ],
    options: { followAsync: true },
    path: 'root 0-10, p1 10-15, queue c1 15-30, c1 30-40, p3 40-45, queue c3 45-80, c3 80-120',
    window: [0, 120],
    exclusive: 'root 10, p1 5, c1 10, p3 5, c3 40',
    queueNs: 50,
  },
  {
    // 0    10   20   40       100              300
    // root |=======================|
    // p         |==|
    // n                   |=============================|  INTERNAL, links to p: a reference, not a hand-off
    name: 'followAsync: a link from a span that is not a consumer is not followed',
    rows: [
      { traceId: 't1', spanId: 'root', start: 0, end: 100 },
      { traceId: 't1', spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { traceId: 't2', spanId: 'n', start: 40, end: 300, links: [{ traceId: 't1', spanId: 'p' }] },
    ],
    options: { followAsync: true },
    path: 'root 0-10, p 10-20, root 20-100',
    window: [0, 100],
  },
  {
    // 0    10   20   30   80  100
    // root |=================|
    // p         |==|
    // c                |===|       finishes before root: the end-to-end path is root's own
    name: 'followAsync: async work finishing before the top is not followed',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { spanId: 'c', parentSpanId: 'p', kind: 'consumer', start: 30, end: 80 },
    ],
    options: { followAsync: true },
    path: 'root 0-10, p 10-20, root 20-100',
    window: [0, 100],
  },
  {
    // 0    10   20       40       100              300
    // root |=======================|                       trace t1
    // p         |==|
    // c                   |=============================|  trace t2, links to p
    name: 'links-only consumer is off the path',
    rows: [
      { traceId: 't1', spanId: 'root', start: 0, end: 100 },
      { traceId: 't1', spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { traceId: 't2', spanId: 'c', kind: 'consumer', start: 40, end: 300, links: [{ traceId: 't1', spanId: 'p' }] },
    ],
    path: 'root 0-10, p 10-20, root 20-100',
    window: [0, 100],
  },
  {
    // same spans: the consumer in t2 linking to p is followed
    // path |====|==|·······|=============================|
    name: 'followAsync: links-only consumer in another trace',
    rows: [
      { traceId: 't1', spanId: 'root', start: 0, end: 100 },
      { traceId: 't1', spanId: 'p', parentSpanId: 'root', kind: 'producer', start: 10, end: 20 },
      { traceId: 't2', spanId: 'c', kind: 'consumer', start: 40, end: 300, links: [{ traceId: 't1', spanId: 'p' }] },
    ],
    options: { followAsync: true },
    path: 'root 0-10, p 10-20, queue c 20-40, c 40-300',
    window: [0, 300],
    queueNs: 20,
  },
  {
    // 0    10   30   40   60   70 75    100
    // root |==============================|   frontend GET /
    // a         |====|                         db query
    // b                   |====|               db query
    // c                             |=|        cache get
    name: 'aggregation per (service, operation)',
    rows: [
      { spanId: 'root', service: 'frontend', name: 'GET /', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'root', service: 'db', name: 'query', start: 10, end: 30 },
      { spanId: 'b', parentSpanId: 'root', service: 'db', name: 'query', start: 40, end: 60 },
      { spanId: 'c', parentSpanId: 'root', service: 'cache', name: 'get', start: 70, end: 75 },
    ],
    path: 'root 0-10, a 10-30, root 30-40, b 40-60, root 60-70, c 70-75, root 75-100',
    exclusive: 'root 55, a 20, b 20, c 5',
  },
  {
    // 50
    // root |    zero duration, with a zero-duration child
    // x    |
    name: 'zero-duration top: one zero-length segment',
    rows: [
      { spanId: 'root', start: 50, end: 50 },
      { spanId: 'x', parentSpanId: 'root', start: 50, end: 50 },
    ],
    path: 'root 50-50',
    window: [50, 50],
    exclusive: '',
  },
  {
    // 0    10   20   30
    // root |==============|
    // x         |             zero duration: on the path, adds no time, root's pieces join up
    name: 'zero-duration child',
    rows: [
      { spanId: 'root', start: 0, end: 30 },
      { spanId: 'x', parentSpanId: 'root', start: 10, end: 10 },
    ],
    path: 'root 0-30',
    exclusive: 'root 30',
  },
  {
    // 0    10   20
    // root |=========|
    // a    |====|
    // x         |          zero duration at a's end: x and a both precede b
    // b         |====|
    name: 'zero-duration sibling between back-to-back siblings',
    rows: [
      { spanId: 'root', start: 0, end: 20 },
      { spanId: 'a', parentSpanId: 'root', start: 0, end: 10 },
      { spanId: 'x', parentSpanId: 'root', start: 10, end: 10 },
      { spanId: 'b', parentSpanId: 'root', start: 10, end: 20 },
    ],
    path: 'a 0-10, b 10-20',
  },
  {
    // 0    10        50       100
    // root |==================|
    // a         |====|           identical to b
    // b         |====|           higher index wins
    name: 'identical timestamps: the higher index wins',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 50 },
      { spanId: 'b', parentSpanId: 'root', start: 10, end: 50 },
    ],
    path: 'root 0-10, b 10-50, root 50-100',
  },
  {
    // 0    10   20   50       100
    // root |==================|
    // b              |====|      same end, later start wins (although listed first)
    // a         |=========|
    name: 'equal ends: the later start wins',
    rows: [
      { spanId: 'root', start: 0, end: 100 },
      { spanId: 'b', parentSpanId: 'root', start: 20, end: 50 },
      { spanId: 'a', parentSpanId: 'root', start: 10, end: 50 },
    ],
    path: 'root 0-20, b 20-50, root 50-100',
  },
];

describe('criticalPath', () => {
  it.each(cases)('$name', (c) => {
    const { table, path } = pathOf(c.rows, c.top ?? 'root', c.options);
    expect(render(table, path)).toBe(c.path);
    expectTiling(path);
    if (c.window) expect([path.start, path.end]).toEqual(c.window);
    if (c.exclusive !== undefined) expect(path.exclusive.map((e) => `${table.spanId[e.span]} ${e.ns}`).join(', ')).toBe(c.exclusive);
    if (c.skewAdjustments !== undefined) expect(path.skewAdjustments).toBe(c.skewAdjustments);
    if (c.outsideParent) expect(path.outsideParent.map((i) => table.spanId[i])).toEqual(c.outsideParent);
    if (c.orphan !== undefined) expect(path.orphan).toBe(c.orphan);
    if (c.queueNs !== undefined) expect(path.queueNs).toBe(c.queueNs);
  });

  it('aggregates exclusive time per (service, operation), largest first', () => {
    const { path } = pathOf(cases.find((c) => c.name.startsWith('aggregation'))!.rows, 'root');
    expect(path.byOperation).toEqual([
      { service: 'frontend', operation: 'GET /', exclusiveNs: 55 },
      { service: 'db', operation: 'query', exclusiveNs: 40 },
      { service: 'cache', operation: 'get', exclusiveNs: 5 },
    ]);
  });

  it('gives every top a path, roots before orphans, in trace order', () => {
    // t1: root |=====|   orphan |===|      t2: root2 |==|
    const table = spanTableFrom([
      { traceId: 't1', spanId: 'o', parentSpanId: 'gone', start: 5, end: 9 },
      { traceId: 't1', spanId: 'root', start: 0, end: 10 },
      { traceId: 't2', spanId: 'root2', start: 3, end: 4 },
    ]);
    const paths = criticalPaths(buildTraceTree(table));
    expect(paths.map((p) => [p.trace, table.spanId[p.top], p.orphan])).toEqual([
      [0, 'root', false],
      [0, 'o', true],
      [1, 'root2', false],
    ]);
  });

  it('is the same asked twice on one tree (shared scratch is cleaned up)', () => {
    const { tree } = pathOf(cases[0]!.rows, 'root');
    const first = criticalPath(tree, 0, { followAsync: true });
    expect(criticalPath(tree, 0, { followAsync: true })).toEqual(first);
    expect(first.exclusive.map((e) => e.ns)).toEqual([35, 10, 10, 5]);
  });
});

/**
 * Builds a one-trace SpanTable straight from typed arrays (parent -1 = root),
 * fast enough for a million spans.
 */
function bigTable(parent: Int32Array, start: Float64Array, end: Float64Array): TraceTree {
  const n = parent.length;
  const ids = Array.from({ length: n }, (_, i) => String(i));
  const table: SpanTable = {
    size: n,
    baseNs: 0n,
    traceId: new Array<string>(n).fill('t'),
    spanId: ids,
    parents: { index: parent },
    service: new Array<string>(n).fill('svc'),
    name: new Array<string>(n).fill('op'),
    kind: new Uint8Array(n).fill(KIND.internal),
    start,
    end,
    error: new Uint8Array(n),
    followsFrom: new Uint8Array(n),
    peer: new Array<string | null>(n).fill(null),
    resendCount: new Int32Array(n).fill(-1),
    httpStatus: new Int32Array(n),
    links: emptyLinks(),
  };
  return buildTraceTree(table);
}

describe('criticalPath on big shapes', () => {
  it('a parent→child chain 100k deep', () => {
    // 0 1 2 …          … 2N-2 2N-1 2N
    // s0 |=======================|
    // s1   |===================|
    // …        |===========|        every span: 1 ns on each side of its child
    const n = 100_000;
    const parent = Int32Array.from({ length: n }, (_, i) => i - 1);
    const start = Float64Array.from({ length: n }, (_, i) => i);
    const end = Float64Array.from({ length: n }, (_, i) => 2 * n - i);
    const path = criticalPath(bigTable(parent, start, end), 0);
    expectTiling(path);
    expect(path.segments.length).toBe(2 * (n - 1) + 1);
    expect(path.segments[n - 1]).toEqual({ span: n - 1, start: n - 1, end: n + 1, kind: 'span' });
    expect(path.exclusive.length).toBe(n);
    expect(path.exclusive.every((e) => e.ns === 2)).toBe(true);
  });

  it('one span with 100k sequential children', () => {
    // root |·|=|·|=|·|=| … |·|=|·|     child i: 2i+1 … 2i+2
    const n = 100_000;
    const parent = Int32Array.from({ length: n + 1 }, (_, i) => (i === 0 ? -1 : 0));
    const start = Float64Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 0 : 2 * i - 1));
    const end = Float64Array.from({ length: n + 1 }, (_, i) => (i === 0 ? 2 * n + 1 : 2 * i));
    const path = criticalPath(bigTable(parent, start, end), 0);
    expectTiling(path);
    expect(path.segments.length).toBe(2 * n + 1);
    expect(path.exclusive[0]).toEqual({ span: 0, ns: n + 1 });
    expect(path.exclusive.length).toBe(n + 1);
  });

  it('a trace of over a million spans (4-ary tree of parallel pairs)', () => {
    // Every inner span of length L = 2C+3 holds two parallel pairs, one after the other:
    //   span |·|====p1====|·|====p3====|·|
    //          |===p0===|   |===p2===|        p0, p2 end 1 ns earlier: off the path
    // so the path takes p1 and p3 at every level: 2^l spans at level l.
    const depth = 10;
    const n = (4 ** (depth + 1) - 1) / 3;
    const parent = new Int32Array(n).fill(-1);
    const start = new Float64Array(n);
    const end = new Float64Array(n);
    const length = [2];
    for (let l = 1; l <= depth; l++) length.push(2 * length[l - 1]! + 3);
    end[0] = length[depth]!;
    let next = 1;
    let levelStart = 0;
    for (let l = 0; l < depth; l++) {
      const levelEnd = next;
      const c = length[depth - l - 1]!;
      for (let p = levelStart; p < levelEnd; p++) {
        const s = start[p]!;
        for (const [offset, len] of [
          [1, c - 1],
          [1, c],
          [c + 2, c - 1],
          [c + 2, c],
        ] as const) {
          parent[next] = p;
          start[next] = s + offset;
          end[next] = s + offset + len;
          next++;
        }
      }
      levelStart = levelEnd;
    }
    expect(next).toBe(n);
    expect(n).toBeGreaterThan(1_000_000);
    const path = criticalPath(bigTable(parent, start, end), 0);
    expectTiling(path);
    const inner = 2 ** depth - 1;
    const leaves = 2 ** depth;
    expect(path.segments.length).toBe(3 * inner + leaves);
    expect(path.exclusive.length).toBe(inner + leaves);
    expect(path.outsideParent).toEqual([]);
  });
});
