/**
 * N+1: runs of sequential identical calls under one parent.
 * Timelines: one column = 1 ms; a bar runs from its | to its |.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import { calleeOf } from '../../../shared/analysis/hotspots/callee.js';
import { nPlusOne, nPlusOneHotspots, type NPlusOneOptions } from '../../../shared/analysis/hotspots/n-plus-one.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';
import { loadSpanTable } from '../../../shared/analysis/load-span-table.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';
import { createTraceEngine } from '../../../shared/engine/trace-engine.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { workerBatchProducer } from '../../../shared/engine/worker-batch-producer.js';

const MS = 1_000_000;
const DB = 'postgresql/inventory-db';
const CACHE = 'redis/0';

/** [operation, peer (the uninstrumented callee), start ms, end ms, more fields] */
type Call = [string, string, number, number, Partial<SpanRow>?];

/** An inventory SERVER span P (0-100 ms) whose children are the calls c0, c1, … */
function under(calls: Call[], traceId = 't1'): SpanRow[] {
  return [
    { traceId, spanId: `${traceId}-P`, service: 'inventory', name: 'ReserveStock', kind: 'server', start: 0, end: 100 * MS },
    ...calls.map(([name, peer, start, end, extra], i) => ({
      traceId,
      spanId: `${traceId}-c${i}`,
      parentSpanId: `${traceId}-P`,
      service: 'inventory',
      name,
      kind: 'client' as const,
      peer,
      start: start * MS,
      end: end * MS,
      ...extra,
    })),
  ];
}

const SELECT = 'SELECT stock';
const UPDATE = 'UPDATE stock';
const GET = 'GET';

interface Found {
  operation: string;
  callee: string;
  spans: string[];
}

describe('nPlusOne', () => {
  it.each<[string, SpanRow[], NPlusOneOptions | undefined, Found[]]>([
    [
      // c0 SELECT   |=|               1-3
      // c1 SELECT      |=|            4-6
      // c2 SELECT         |=|         7-9
      // c3 SELECT            |=|      10-12
      // c4 SELECT               |=|   13-15
      'a run of 5 sequential calls',
      under([
        [SELECT, DB, 1, 3],
        [SELECT, DB, 4, 6],
        [SELECT, DB, 7, 9],
        [SELECT, DB, 10, 12],
        [SELECT, DB, 13, 15],
      ]),
      undefined,
      [{ operation: SELECT, callee: DB, spans: ['t1-c0', 't1-c1', 't1-c2', 't1-c3', 't1-c4'] }],
    ],
    [
      // c0 SELECT   |=|            1-3
      // c1 SELECT      |=|         4-6
      // c2 SELECT         |=|      7-9
      // c3 SELECT            |=|   10-12   4 < the default minRun 5
      'a run of 4 is too short by default',
      under([
        [SELECT, DB, 1, 3],
        [SELECT, DB, 4, 6],
        [SELECT, DB, 7, 9],
        [SELECT, DB, 10, 12],
      ]),
      undefined,
      [],
    ],
    [
      // c0 SELECT   |=|            1-3
      // c1 SELECT      |=|         4-6
      // c2 SELECT         |=|      7-9
      // c3 SELECT            |=|   10-12   4 ≥ minRun 3
      'a run of 4 with minRun 3',
      under([
        [SELECT, DB, 1, 3],
        [SELECT, DB, 4, 6],
        [SELECT, DB, 7, 9],
        [SELECT, DB, 10, 12],
      ]),
      { minRun: 3 },
      [{ operation: SELECT, callee: DB, spans: ['t1-c0', 't1-c1', 't1-c2', 't1-c3'] }],
    ],
    [
      // c0 SELECT   |======|   1-8
      // c1 SELECT   |======|   1-8
      // …                             6 calls at once: parallel, not N+1
      // c5 SELECT   |======|   1-8
      '6 parallel calls',
      under(Array.from({ length: 6 }, (): Call => [SELECT, DB, 1, 8])),
      undefined,
      [],
    ],
    [
      // c0 SELECT   |==|       1-4
      // c1 SELECT    |==|      2-5
      // c2 SELECT     |==|     3-6    each overlaps the one before
      // c3 SELECT      |==|    4-7    (a connection pool)
      // c4 SELECT       |==|   5-8
      'staggered overlapping calls',
      under([
        [SELECT, DB, 1, 4],
        [SELECT, DB, 2, 5],
        [SELECT, DB, 3, 6],
        [SELECT, DB, 4, 7],
        [SELECT, DB, 5, 8],
      ]),
      undefined,
      [],
    ],
    [
      // c0 SELECT   |=|                     1-3
      // c1 SELECT      |=|                  4-6
      // c2 SELECT         |=|               7-9
      // c3 UPDATE            |=|            10-12   same callee, another operation
      // c4 SELECT               |=|         13-15
      // c5 SELECT                  |=|      16-18
      // c6 SELECT                     |=|   19-21   3 + 3: both too short
      'a run interrupted by a different operation',
      under([
        [SELECT, DB, 1, 3],
        [SELECT, DB, 4, 6],
        [SELECT, DB, 7, 9],
        [UPDATE, DB, 10, 12],
        [SELECT, DB, 13, 15],
        [SELECT, DB, 16, 18],
        [SELECT, DB, 19, 21],
      ]),
      undefined,
      [],
    ],
    [
      // db SELECT   |=|      |=|      |=|      |=|      |=|      c0 c2 c4 c6 c8
      // cache GET      |=|      |=|      |=|      |=|      |=|   c1 c3 c5 c7 c9
      'two callees interleaved: one run per callee',
      under([
        [SELECT, DB, 1, 3],
        [GET, CACHE, 4, 6],
        [SELECT, DB, 10, 12],
        [GET, CACHE, 13, 15],
        [SELECT, DB, 19, 21],
        [GET, CACHE, 22, 24],
        [SELECT, DB, 28, 30],
        [GET, CACHE, 31, 33],
        [SELECT, DB, 37, 39],
        [GET, CACHE, 40, 42],
      ]),
      undefined,
      [
        { operation: SELECT, callee: DB, spans: ['t1-c0', 't1-c2', 't1-c4', 't1-c6', 't1-c8'] },
        { operation: GET, callee: CACHE, spans: ['t1-c1', 't1-c3', 't1-c5', 't1-c7', 't1-c9'] },
      ],
    ],
    [
      // c0 SELECT   |=|                 1-3
      // c1 SELECT      |=|              4-6
      // c2 SELECT         |=|           7-9
      // c3 SELECT            |=|        10-12
      // c4 SELECT               |===|   13-17
      // c5 SELECT                 |=|   15-17   overlaps c4: the run ends at c4
      'a run ends where calls start to overlap',
      under([
        [SELECT, DB, 1, 3],
        [SELECT, DB, 4, 6],
        [SELECT, DB, 7, 9],
        [SELECT, DB, 10, 12],
        [SELECT, DB, 13, 17],
        [SELECT, DB, 15, 17],
      ]),
      undefined,
      [{ operation: SELECT, callee: DB, spans: ['t1-c0', 't1-c1', 't1-c2', 't1-c3', 't1-c4'] }],
    ],
    [
      // c0 SELECT   |==|               1-4
      // c1 SELECT      |==|            3.9-7   overlaps c0 by 0.1 ms, under 5 % of 3 ms
      // c2 SELECT         |==|         7-10
      // c3 SELECT            |==|      10-13
      // c4 SELECT               |==|   13-16
      'an overlap within the tolerance is still sequential',
      under([
        [SELECT, DB, 1, 4],
        [SELECT, DB, 3.9, 7],
        [SELECT, DB, 7, 10],
        [SELECT, DB, 10, 13],
        [SELECT, DB, 13, 16],
      ]),
      undefined,
      [{ operation: SELECT, callee: DB, spans: ['t1-c0', 't1-c1', 't1-c2', 't1-c3', 't1-c4'] }],
    ],
    [
      // The same timeline with no tolerance: c1 overlaps c0, leaving 4 in a row.
      'the same overlap with the tolerance turned off',
      under([
        [SELECT, DB, 1, 4],
        [SELECT, DB, 3.9, 7],
        [SELECT, DB, 7, 10],
        [SELECT, DB, 10, 13],
        [SELECT, DB, 13, 16],
      ]),
      { overlapToleranceNs: 0, overlapToleranceRatio: 0 },
      [],
    ],
    [
      // c0-c4       |=||=||=||=||=|   INTERNAL spans 1-3, 4-6, … 13-15: not calls to anything
      'internal spans are not calls',
      under(Array.from({ length: 5 }, (_, i): Call => ['load row', DB, 1 + 3 * i, 3 + 3 * i, { kind: 'internal' }])),
      undefined,
      [],
    ],
  ])('%s', (_, rows, options, expected) => {
    const tree = buildTraceTree(spanTableFrom(rows));
    const runs = nPlusOne(tree, options);
    const found = runs.map((r) => ({ operation: r.operation, callee: r.callee, spans: r.spans.map((s) => tree.table.spanId[s]) }));
    expect(found).toEqual(expected);
  });

  it('reports the parent, calls and time of a run', () => {
    // c0-c4  |=||=||=||=||=|   SELECT stock 1-3, 4-6, 7-9, 10-12, 13-15 under P (ReserveStock)
    const tree = buildTraceTree(
      spanTableFrom(
        under([
          [SELECT, DB, 1, 3],
          [SELECT, DB, 4, 6],
          [SELECT, DB, 7, 9],
          [SELECT, DB, 10, 12],
          [SELECT, DB, 13, 15],
        ]),
      ),
    );
    const at = (id: string) => tree.find('t1', id);
    expect(nPlusOne(tree)).toEqual([
      {
        parent: at('t1-P'),
        service: 'inventory',
        operation: SELECT,
        callee: DB,
        calls: 5,
        firstSpan: at('t1-c0'),
        spans: ['t1-c0', 't1-c1', 't1-c2', 't1-c3', 't1-c4'].map(at),
        totalNs: 10 * MS,
        spanNs: 14 * MS,
      },
    ]);
  });

  it('names an instrumented callee by its SERVER span', () => {
    // P     order SERVER        |===================|   0-20
    // c0-c4 order CLIENT         |=||=||=||=||=|       GetStock: 1-3, 4-6, … 13-15
    // s0-s4 inventory SERVER     |=||=||=||=||=|       one under each call, same times
    const rows: SpanRow[] = [{ spanId: 'P', service: 'order', name: 'POST /orders', kind: 'server', start: 0, end: 20 * MS }];
    for (let i = 0; i < 5; i++) {
      const [start, end] = [(1 + 3 * i) * MS, (3 + 3 * i) * MS];
      rows.push({ spanId: `c${i}`, parentSpanId: 'P', service: 'order', name: 'GetStock', kind: 'client', start, end });
      rows.push({ spanId: `s${i}`, parentSpanId: `c${i}`, service: 'inventory', name: 'GetStock', kind: 'server', start, end });
    }
    const tree = buildTraceTree(spanTableFrom(rows));
    expect(nPlusOne(tree).map((r) => [r.service, r.operation, r.callee, r.calls])).toEqual([['order', 'GetStock', 'inventory', 5]]);
  });
});

describe('calleeOf (the callee identity runs are grouped by)', () => {
  it.each<[string, SpanRow[], string]>([
    [
      // C  order CLIENT          |=====|    0-6
      // S  inventory SERVER       |===|     1-5
      'the service of a SERVER child in another service',
      [
        { spanId: 'C', service: 'order', kind: 'client', peer: 'inventory.shop.svc', start: 0, end: 6 * MS },
        { spanId: 'S', parentSpanId: 'C', service: 'inventory', kind: 'server', start: 1 * MS, end: 5 * MS },
      ],
      'inventory',
    ],
    [
      // C  order PRODUCER        |=|        0-2
      // S  billing CONSUMER          |=|    4-6
      'the service of a CONSUMER child',
      [
        { spanId: 'C', service: 'order', kind: 'producer', peer: 'orders-topic', start: 0, end: 2 * MS },
        { spanId: 'S', parentSpanId: 'C', service: 'billing', kind: 'consumer', start: 4 * MS, end: 6 * MS },
      ],
      'billing',
    ],
    [
      // C  order CLIENT          |=====|    0-6
      // S  order SERVER           |===|     1-5   a loopback call: not another service
      'the peer when the SERVER child is in the same service',
      [
        { spanId: 'C', service: 'order', kind: 'client', peer: 'order.shop.svc', start: 0, end: 6 * MS },
        { spanId: 'S', parentSpanId: 'C', service: 'order', kind: 'server', start: 1 * MS, end: 5 * MS },
      ],
      'order.shop.svc',
    ],
    [
      // C  inventory CLIENT      |=|        0-2   no child: an uninstrumented database
      'the peer of a call with no child',
      [{ spanId: 'C', service: 'inventory', kind: 'client', peer: DB, start: 0, end: 2 * MS }],
      DB,
    ],
    [
      // C  inventory CLIENT      |=|        0-2   no child, no peer attribute
      'unknown when nothing names the callee',
      [{ spanId: 'C', service: 'inventory', kind: 'client', start: 0, end: 2 * MS }],
      'unknown',
    ],
  ])('%s', (_, rows, expected) => {
    const tree = buildTraceTree(spanTableFrom(rows));
    expect(calleeOf(tree, tree.find('t1', 'C'))).toBe(expected);
  });
});

describe('nPlusOneHotspots', () => {
  it('aggregates runs per (service, operation, callee)', () => {
    const sequential = (n: number, operation = SELECT): Call[] =>
      Array.from({ length: n }, (_, i): Call => [operation, DB, 1 + 3 * i, 3 + 3 * i]);
    // t1  SELECT ×5   |=||=||=||=||=|         1-15   spanNs 14
    // t2  SELECT ×7   |=||=||=||=||=||=||=|   1-21   spanNs 20
    // t3  UPDATE ×5   |=||=||=||=||=|         1-15   spanNs 14
    const rows = [...under(sequential(5), 't1'), ...under(sequential(7), 't2'), ...under(sequential(5, UPDATE), 't3')];
    const tree = buildTraceTree(spanTableFrom(rows));
    expect(nPlusOneHotspots(tree, nPlusOne(tree))).toEqual([
      {
        service: 'inventory',
        operation: SELECT,
        callee: DB,
        occurrences: 2,
        traces: 2,
        maxCalls: 7,
        meanCalls: 6,
        totalNs: 34 * MS,
        exampleSpan: tree.find('t2', 't2-c0'),
      },
      {
        service: 'inventory',
        operation: UPDATE,
        callee: DB,
        occurrences: 1,
        traces: 1,
        maxCalls: 5,
        meanCalls: 5,
        totalNs: 14 * MS,
        exampleSpan: tree.find('t3', 't3-c0'),
      },
    ]);
  });
});

describe('nPlusOne on the bundled samples', () => {
  let host: SqlHost;
  let engine: HopscopeEngine;
  const trees: Record<string, TraceTree> = {};
  beforeAll(async () => {
    host = await createNodeSqlHost();
    engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
    for (const name of ['before', 'after']) {
      await engine.load(name, [fileInput(`sample-traces/${name}-migration.otlp.jsonl.gz`)]);
      trees[name] = buildTraceTree(await loadSpanTable(host, { dataset: name }));
    }
  });
  afterAll(async () => {
    await engine.close();
  });

  it('finds the one SELECT per line item in inventory before the migration, and nothing after', () => {
    const before = trees.before!;
    // Every order has 5 to 25 line items, so every trace has the loop.
    expect(nPlusOneHotspots(before, nPlusOne(before))).toEqual([
      expect.objectContaining({
        service: 'inventory',
        operation: 'SELECT stock',
        callee: 'postgresql/inventory-db',
        occurrences: 300,
        traces: 300,
      }),
    ]);
    const [hotspot] = nPlusOneHotspots(before, nPlusOne(before));
    expect(hotspot!.maxCalls).toBeLessThanOrEqual(25);
    expect(hotspot!.meanCalls).toBeGreaterThan(5);
    expect(nPlusOne(trees.after!)).toEqual([]);
  });
});
