import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import { callPathTree, type CallPathNode } from '../../../shared/analysis/compare/call-paths.js';
import { structureDiff, type StructureSide } from '../../../shared/analysis/compare/structure-diff.js';
import { loadSpanTable } from '../../../shared/analysis/load-span-table.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';
import type { PathChange, StructureDiff } from '../../../shared/engine/compare-api.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';
import { createTraceEngine } from '../../../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../../../shared/engine/worker-batch-producer.js';

type EdgeSpec = [from: string, to: string, mode: 'sync' | 'async', callsPerTrace: number, via?: string[]];

/** A side with only what structureDiff reads: graph edges and a call-path tree. */
function side(edges: EdgeSpec[], paths: CallPathNode = node('', 'all traces', 0)): StructureSide {
  return {
    analysis: {
      graph: {
        nodes: [],
        edges: edges.map(
          ([from, to, mode, callsPerTrace, via = []]) =>
            ({ from, to, mode, callsPerTrace, via }) as StructureSide['analysis']['graph']['edges'][number],
        ),
      },
    },
    paths,
  };
}

/** "service operation" → a node in `traces` traces. */
function node(service: string, operation: string, traces: number, children: CallPathNode[] = []): CallPathNode {
  return { service, operation, traces, spans: traces, children };
}
const n = (label: string, traces: number, children: CallPathNode[] = []) => {
  const [service, operation] = label.split(' ') as [string, string];
  return node(service, operation, traces, children);
};
const root = (...children: CallPathNode[]) => node('', 'all traces', Math.max(0, ...children.map((c) => c.traces)), children);

describe('structureDiff: edges', () => {
  it.each<{ name: string; a: EdgeSpec[]; b: EdgeSpec[]; expected: Partial<StructureDiff> }>([
    {
      name: 'an edge on one side only, with that side’s calls per trace',
      a: [
        ['gw', 'order', 'sync', 1],
        ['order', 'legacy', 'sync', 2],
      ],
      b: [
        ['gw', 'order', 'sync', 1],
        ['order', 'cache', 'sync', 3],
      ],
      expected: {
        edgesAppeared: [{ from: 'order', to: 'cache', mode: 'sync', callsPerTrace: 3 }],
        edgesDisappeared: [{ from: 'order', to: 'legacy', mode: 'sync', callsPerTrace: 2 }],
        syncToAsync: [],
      },
    },
    {
      name: 'rule 1: the same caller, now async (via from b)',
      a: [['order', 'inventory', 'sync', 1]],
      b: [['order', 'inventory', 'async', 1, ['orders.placed']]],
      expected: {
        edgesAppeared: [{ from: 'order', to: 'inventory', mode: 'async', callsPerTrace: 1 }],
        edgesDisappeared: [{ from: 'order', to: 'inventory', mode: 'sync', callsPerTrace: 1 }],
        syncToAsync: [{ from: 'order', to: 'inventory', via: ['orders.placed'], callsPerTrace: { a: 1, b: 1 } }],
      },
    },
    {
      name: 'still sync as well in b: not a mode change',
      a: [['order', 'inventory', 'sync', 1]],
      b: [
        ['order', 'inventory', 'sync', 1],
        ['order', 'inventory', 'async', 1, ['q']],
      ],
      expected: { syncToAsync: [] },
    },
    {
      name: 'rule 2: a chain handed over to messaging by the head of the chain',
      a: [
        ['order', 'inventory', 'sync', 1],
        ['inventory', 'payment', 'sync', 1],
        ['payment', 'fulfillment', 'sync', 2],
      ],
      b: [
        ['order', 'inventory', 'async', 1, ['orders.placed']],
        ['order', 'payment', 'async', 1, ['orders.placed']],
        ['order', 'fulfillment', 'async', 1, ['orders.paid']],
      ],
      expected: {
        syncToAsync: [
          { from: 'order', to: 'fulfillment', via: ['orders.paid'], callsPerTrace: { a: 2, b: 1 } },
          { from: 'order', to: 'inventory', via: ['orders.placed'], callsPerTrace: { a: 1, b: 1 } },
          { from: 'order', to: 'payment', via: ['orders.placed'], callsPerTrace: { a: 1, b: 1 } },
        ],
      },
    },
    {
      name: 'rule 2 does not apply while someone still calls the callee synchronously',
      a: [['inventory', 'payment', 'sync', 1]],
      b: [
        ['order', 'payment', 'async', 1, ['q']],
        ['checkout', 'payment', 'sync', 1],
      ],
      expected: { syncToAsync: [] },
    },
    {
      name: 'async on both sides: nothing',
      a: [['order', 'mail', 'async', 1, ['q']]],
      b: [['order', 'mail', 'async', 1, ['q']]],
      expected: { edgesAppeared: [], edgesDisappeared: [], syncToAsync: [] },
    },
  ])('$name', ({ a, b, expected }) => {
    expect(structureDiff(side(a), side(b))).toMatchObject(expected);
  });
});

describe('structureDiff: operations', () => {
  it('lists (service, operation) pairs found anywhere in one tree only', () => {
    const a = root(n('gw GET', 2, [n('order place', 2, [n('pg SELECT', 1)])]));
    const b = root(n('gw GET', 2, [n('order place', 2, [n('redis GET', 1)]), n('gw audit', 1)]));
    const diff = structureDiff(side([], a), side([], b));
    expect(diff.operationsAppeared).toEqual([
      { service: 'gw', operation: 'audit' },
      { service: 'redis', operation: 'GET' },
    ]);
    expect(diff.operationsDisappeared).toEqual([{ service: 'pg', operation: 'SELECT' }]);
  });
});

describe('structureDiff: paths', () => {
  it.each<{ name: string; a: CallPathNode; b: CallPathNode; expected: PathChange[] }>([
    {
      name: 'identical trees: nothing',
      a: root(n('gw GET', 2, [n('order place', 2)])),
      b: root(n('gw GET', 5, [n('order place', 5)])),
      expected: [],
    },
    {
      /**
       *   a: gw GET → order place → pg SELECT → pg fetch       b: gw GET → order place → redis GET → redis x
       *   → the shortest differing prefixes only (not pg fetch, not redis x)
       */
      name: 'appeared / disappeared: the shortest differing prefix',
      a: root(n('gw GET', 4, [n('order place', 4, [n('pg SELECT', 3, [n('pg fetch', 3)])])])),
      b: root(n('gw GET', 4, [n('order place', 4, [n('redis GET', 2, [n('redis x', 2)])])])),
      expected: [
        { a: ['gw GET', 'order place', 'pg SELECT'], b: null, change: 'disappeared', traces: { a: 3, b: 0 } },
        { a: null, b: ['gw GET', 'order place', 'redis GET'], change: 'appeared', traces: { a: 0, b: 2 } },
      ],
    },
    {
      /**   a: gw → order → inventory       b: gw → order → proxy → inventory   */
      name: 'extra hop in the middle',
      a: root(n('gw GET', 3, [n('order place', 3, [n('inventory reserve', 3)])])),
      b: root(n('gw GET', 3, [n('order place', 3, [n('proxy forward', 3, [n('inventory reserve', 2)])])])),
      expected: [
        {
          a: ['gw GET', 'order place', 'inventory reserve'],
          b: ['gw GET', 'order place', 'proxy forward', 'inventory reserve'],
          change: 'extra-hop',
          traces: { a: 3, b: 2 },
        },
      ],
    },
    {
      name: 'extra hop at the top (a new edge proxy before the gateway)',
      a: root(n('gw GET', 3, [n('order place', 3)])),
      b: root(n('edge route', 3, [n('gw GET', 3, [n('order place', 3)])])),
      expected: [{ a: ['gw GET'], b: ['edge route', 'gw GET'], change: 'extra-hop', traces: { a: 3, b: 3 } }],
    },
    {
      name: 'removed hop',
      a: root(n('gw GET', 3, [n('proxy forward', 3, [n('order place', 3)])])),
      b: root(n('gw GET', 3, [n('order place', 3)])),
      expected: [
        { a: ['gw GET', 'proxy forward', 'order place'], b: ['gw GET', 'order place'], change: 'removed-hop', traces: { a: 3, b: 3 } },
      ],
    },
    {
      /**   a: gw → order → inv → pg       b: gw → proxy → order → inv → redis   → one hop tolerated, the second difference is plain */
      name: 'one hop of tolerance per path: differences below a hop are appeared / disappeared',
      a: root(n('gw GET', 3, [n('order place', 3, [n('inv reserve', 3, [n('pg SELECT', 3)])])])),
      b: root(n('gw GET', 3, [n('proxy fwd', 3, [n('order place', 3, [n('inv reserve', 3, [n('redis GET', 1)])])])])),
      expected: [
        { a: ['gw GET', 'order place'], b: ['gw GET', 'proxy fwd', 'order place'], change: 'extra-hop', traces: { a: 3, b: 3 } },
        { a: ['gw GET', 'order place', 'inv reserve', 'pg SELECT'], b: null, change: 'disappeared', traces: { a: 3, b: 0 } },
        { a: null, b: ['gw GET', 'proxy fwd', 'order place', 'inv reserve', 'redis GET'], change: 'appeared', traces: { a: 0, b: 1 } },
      ],
    },
    {
      name: 'a new call below a leaf is a new call, not a hop',
      a: root(n('gw GET', 3, [n('order place', 3)])),
      b: root(n('gw GET', 3, [n('order place', 3, [n('cache get', 3)])])),
      expected: [{ a: null, b: ['gw GET', 'order place', 'cache get'], change: 'appeared', traces: { a: 0, b: 3 } }],
    },
    {
      name: '(other) nodes are neither reported nor walked',
      a: root(n('gw GET', 3, [node('', '(other)', 2, [])])),
      b: root(n('gw GET', 3)),
      expected: [],
    },
  ])('$name', ({ a, b, expected }) => {
    expect(structureDiff(side([], a), side([], b)).paths).toEqual(expected);
  });

  it('keeps the 50 changes in the most traces', () => {
    const a = root(...Array.from({ length: 80 }, (_, i) => n(`svc op${i}`, i + 1)));
    const paths = structureDiff(side([], a), side([], root())).paths;
    expect(paths).toHaveLength(50);
    expect(paths[0]!.traces.a).toBe(80);
    expect(paths[49]!.traces.a).toBe(31);
  });
});

describe('structureDiff on the bundled samples', () => {
  let host: SqlHost;
  let engine: HopscopeEngine;
  let diff: StructureDiff;

  beforeAll(async () => {
    host = await createNodeSqlHost();
    engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
    await engine.load('before', [fileInput('sample-traces/before-migration.otlp.jsonl.gz')]);
    await engine.load('after', [fileInput('sample-traces/after-migration.otlp.jsonl.gz')]);
    const sideOf = async (dataset: string) => ({
      analysis: await engine.analyze(dataset),
      paths: callPathTree(buildTraceTree(await loadSpanTable(host, { dataset }))),
    });
    diff = structureDiff(await sideOf('before'), await sideOf('after'));
  }, 120_000);
  afterAll(async () => {
    await engine.close();
  });

  it('finds the chain order → inventory → payment → fulfillment handed over to messaging by order', () => {
    const pairs = diff.syncToAsync.map((c) => `${c.from}→${c.to}`);
    expect(pairs).toEqual(expect.arrayContaining(['order→inventory', 'order→payment', 'order→fulfillment']));
    for (const c of diff.syncToAsync) expect(c.via.length).toBeGreaterThan(0);
  });

  it('reports the synchronous edges that went and the asynchronous ones that came', () => {
    const key = (e: { from: string; to: string; mode: string }) => `${e.from}→${e.to}:${e.mode}`;
    expect(diff.edgesDisappeared.map(key)).toEqual(expect.arrayContaining(['inventory→payment:sync', 'payment→fulfillment:sync']));
    expect(diff.edgesAppeared.map(key)).toEqual(expect.arrayContaining(['order→payment:async', 'order→fulfillment:async']));
    expect(diff.paths.length).toBeGreaterThan(0);
    expect(diff.paths.length).toBeLessThanOrEqual(50);
  });
});
