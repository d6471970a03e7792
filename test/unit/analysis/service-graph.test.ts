import { describe, expect, it } from 'vitest';
import { serviceGraph, type ServiceGraph } from '../../../shared/analysis/graph/service-graph.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

const graphOf = (rows: SpanRow[], critical?: Set<string>[]) =>
  serviceGraph(buildTraceTree(spanTableFrom(rows)), critical ? { criticalServicesPerTrace: critical } : {});

/** Edges as `from → to mode calls`, nodes as `service` or `service (virtual)`. */
const shape = (g: ServiceGraph) => ({
  edges: g.edges.map((e) => `${e.from} → ${e.to} ${e.mode} ${e.calls}`),
  nodes: g.nodes.map((n) => (n.virtual ? `${n.service} (virtual)` : n.service)),
});

/** A CLIENT span in `from` with a SERVER child in `to`; ids `<id>c` and `<id>s`, the server 1 ns inside each end. */
function hop(
  traceId: string,
  id: string,
  parent: string,
  from: string,
  to: string,
  start: number,
  end: number,
  rest: Partial<SpanRow> = {},
): SpanRow[] {
  return [
    { traceId, spanId: `${id}c`, parentSpanId: parent, service: from, kind: 'client', start, end },
    { traceId, spanId: `${id}s`, parentSpanId: `${id}c`, service: to, kind: 'server', start: start + 1, end: end - 1, ...rest },
  ];
}

describe('serviceGraph: which calls become which edges', () => {
  it.each<{ name: string; rows: SpanRow[]; edges: string[]; nodes: string[] }>([
    {
      /**
       *   0    10   20   30   40
       *   gw:    |=====root=====|
       *   gw:      |==client==|
       *   order:     |server|          one call, not two
       */
      name: 'a CLIENT span with its SERVER child is one sync call',
      rows: [
        { spanId: 'root', service: 'gw', kind: 'server', start: 0, end: 40 },
        { spanId: 'c', parentSpanId: 'root', service: 'gw', kind: 'client', start: 5, end: 35 },
        { spanId: 's', parentSpanId: 'c', service: 'order', kind: 'server', start: 10, end: 30 },
      ],
      edges: ['gw → order sync 1'],
      nodes: ['gw', 'order'],
    },
    {
      /**
       *   order: |=====server=====|
       *   order:   |==client==|         db attributes, no child
       *                                 → order → postgresql/shop (virtual)
       */
      name: 'an uninstrumented database becomes a virtual node named from peer',
      rows: [
        { spanId: 's', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'db', parentSpanId: 's', service: 'order', kind: 'client', start: 5, end: 35, peer: 'postgresql/shop' },
      ],
      edges: ['order → postgresql/shop sync 1'],
      nodes: ['order', 'postgresql/shop (virtual)'],
    },
    {
      /**
       *   order: |=====server=====|
       *   order:   |==client==|         no peer attribute at all
       */
      name: 'a callee with no peer name is "unknown"',
      rows: [
        { spanId: 's', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'x', parentSpanId: 's', service: 'order', kind: 'client', start: 5, end: 35 },
      ],
      edges: ['order → unknown sync 1'],
      nodes: ['order', 'unknown (virtual)'],
    },
    {
      /**
       *   order: |=====server=====|
       *   order:   |=producer=|         topic nobody traced consuming → async to the topic
       */
      name: 'a PRODUCER with no consumer is an async call to a virtual topic',
      rows: [
        { spanId: 's', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'p', parentSpanId: 's', service: 'order', kind: 'producer', start: 5, end: 10, peer: 'orders.placed' },
      ],
      edges: ['order → orders.placed async 1'],
      nodes: ['order', 'orders.placed (virtual)'],
    },
    {
      /**
       *   order:  |=producer=|
       *   inv:                  |==consumer==|     child of the producer
       */
      name: 'a CONSUMER child of a PRODUCER is an async call',
      rows: [
        { spanId: 'p', service: 'order', kind: 'producer', start: 0, end: 10, peer: 'orders.placed' },
        { spanId: 'c', parentSpanId: 'p', service: 'inv', kind: 'consumer', start: 30, end: 50 },
      ],
      edges: ['order → inv async 1'],
      nodes: ['inv', 'order'],
    },
    {
      /**
       *   order:  |=producer=|
       *   inv:                  |==consumer==|     child of the producer AND links to it: still one call
       */
      name: 'a consumer that is both child and link of its producer is one call',
      rows: [
        { spanId: 'p', service: 'order', kind: 'producer', start: 0, end: 10, peer: 'orders.placed' },
        { spanId: 'c', parentSpanId: 'p', service: 'inv', kind: 'consumer', start: 30, end: 50, links: [{ spanId: 'p' }] },
      ],
      edges: ['order → inv async 1'],
      nodes: ['inv', 'order'],
    },
    {
      /**
       *   trace a   order:  |=producer=|
       *   trace b   inv:                  |==consumer==|   root of its own trace, links → producer
       */
      name: 'a link-only consumer in another trace is an async call (and the producer is not uninstrumented)',
      rows: [
        { traceId: 'a', spanId: 'p', service: 'order', kind: 'producer', start: 0, end: 10, peer: 'orders.placed' },
        { traceId: 'b', spanId: 'c', service: 'inv', kind: 'consumer', start: 30, end: 50, links: [{ traceId: 'a', spanId: 'p' }] },
      ],
      edges: ['order → inv async 1'],
      nodes: ['inv', 'order'],
    },
    {
      /**
       *   api:    |=====server=====|
       *   mailer:      |··follows-from··········|   the parent did not wait
       */
      name: 'a FOLLOWS_FROM child in another service is an async call',
      rows: [
        { spanId: 'r', service: 'api', kind: 'server', start: 0, end: 20 },
        { spanId: 'f', parentSpanId: 'r', service: 'mailer', kind: 'internal', start: 10, end: 60, followsFrom: true },
      ],
      edges: ['api → mailer async 1'],
      nodes: ['api', 'mailer'],
    },
    {
      /**
       *   gw:     |=====server=====|
       *   order:     |==server==|      no CLIENT span recorded: still a sync call
       */
      name: 'a direct cross-service child that is not async is a sync call',
      rows: [
        { spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 40 },
        { spanId: 's', parentSpanId: 'r', service: 'order', kind: 'server', start: 5, end: 35 },
      ],
      edges: ['gw → order sync 1'],
      nodes: ['gw', 'order'],
    },
    {
      /**
       *   order:  |=========server=========|
       *   order:    |=client=|  |=producer=|
       *   inv:       |server|               |==consumer==|
       */
      name: 'the same pair called sync and async gives two edges',
      rows: [
        { spanId: 'r', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'c', parentSpanId: 'r', service: 'order', kind: 'client', start: 2, end: 12 },
        { spanId: 's', parentSpanId: 'c', service: 'inv', kind: 'server', start: 3, end: 11 },
        { spanId: 'p', parentSpanId: 'r', service: 'order', kind: 'producer', start: 14, end: 20 },
        { spanId: 'q', parentSpanId: 'p', service: 'inv', kind: 'consumer', start: 40, end: 55 },
      ],
      edges: ['order → inv sync 1', 'order → inv async 1'],
      nodes: ['inv', 'order'],
    },
    {
      /**
       *   gw:     |=====server=====|
       *   gw:       |==client==|       peer.service = order, but order's server span is missing
       *   order:  |=server=|           (order does send spans elsewhere)
       */
      name: 'a peer name that is an instrumented service is that service, not a virtual twin',
      rows: [
        { traceId: 'a', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 40 },
        { traceId: 'a', spanId: 'c', parentSpanId: 'r', service: 'gw', kind: 'client', start: 5, end: 35, peer: 'order' },
        { traceId: 'b', spanId: 'o', service: 'order', kind: 'server', start: 0, end: 10 },
      ],
      edges: ['gw → order sync 1'],
      nodes: ['gw', 'order'],
    },
    {
      /**
       *   order:  |=====server=====|
       *   order:    |==client====|     framework span
       *   order:     |==client==|      library span inside it, no child: one call to the db
       */
      name: 'nested CLIENT spans of one call count once',
      rows: [
        { spanId: 'r', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'outer', parentSpanId: 'r', service: 'order', kind: 'client', start: 5, end: 35, peer: 'redis' },
        { spanId: 'inner', parentSpanId: 'outer', service: 'order', kind: 'client', start: 6, end: 34, peer: 'redis' },
      ],
      edges: ['order → redis sync 1'],
      nodes: ['order', 'redis (virtual)'],
    },
    {
      /**
       *   order:  |=====server=====|
       *   order:    |=client=|          a call to itself: no edge, no virtual node
       *   order:     |server|
       */
      name: 'calls within one service are not edges',
      rows: [
        { spanId: 'r', service: 'order', kind: 'server', start: 0, end: 40 },
        { spanId: 'c', parentSpanId: 'r', service: 'order', kind: 'client', start: 5, end: 35 },
        { spanId: 's', parentSpanId: 'c', service: 'order', kind: 'server', start: 6, end: 34 },
      ],
      edges: [],
      nodes: ['order'],
    },
  ])('$name', ({ rows, edges, nodes }) => {
    expect(shape(graphOf(rows))).toEqual({ edges, nodes });
  });
});

describe('serviceGraph: edge metrics', () => {
  /**
   *   trace i (i = 1…10):
   *   gw:     |======client (server + 20)======|
   *   order:    |====server: i × 10 ns====|
   *   → callee-side durations 10, 20, … 100
   */
  const tenCalls: SpanRow[] = Array.from({ length: 10 }, (_, k) => {
    const traceId = `t${k + 1}`;
    const ns = (k + 1) * 10;
    return [
      { traceId, spanId: 'root', service: 'gw', kind: 'server', start: 0, end: 200 },
      { traceId, spanId: 'xc', parentSpanId: 'root', service: 'gw', kind: 'client', start: 10, end: 10 + ns + 20 },
      { traceId, spanId: 'xs', parentSpanId: 'xc', service: 'order', kind: 'server', start: 20, end: 20 + ns },
    ] satisfies SpanRow[];
  }).flat();

  it('percentiles are nearest-rank over the SERVER durations, not the CLIENT ones', () => {
    const edge = graphOf(tenCalls).edges[0]!;
    // Nearest rank of 10 values: p50 → 5th, p90 → 9th, p99 → ceil(9.9) = 10th.
    expect([edge.p50Ns, edge.p90Ns, edge.p99Ns]).toEqual([50, 90, 100]);
  });

  it('percentiles of an uninstrumented callee are over the CLIENT durations', () => {
    /**
     *   order: |=====server=====|
     *   order:  |db 30|  |db 10| |db 20|
     */
    const edge = graphOf([
      { spanId: 'r', service: 'order', kind: 'server', start: 0, end: 100 },
      { spanId: 'a', parentSpanId: 'r', service: 'order', kind: 'client', start: 0, end: 30, peer: 'pg' },
      { spanId: 'b', parentSpanId: 'r', service: 'order', kind: 'client', start: 40, end: 50, peer: 'pg' },
      { spanId: 'c', parentSpanId: 'r', service: 'order', kind: 'client', start: 60, end: 80, peer: 'pg' },
    ]).edges[0]!;
    expect([edge.p50Ns, edge.p90Ns, edge.p99Ns]).toEqual([20, 30, 30]);
  });

  /**
   *   trace a:  gw → order ×3       trace b:  gw → order ×1       trace c:  gw only
   *   → 4 calls in 2 traces = 2 calls per trace
   */
  it('calls per trace divides by the traces that contain the edge', () => {
    const rows: SpanRow[] = [
      { traceId: 'a', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
      ...hop('a', '1', 'r', 'gw', 'order', 10, 20),
      ...hop('a', '2', 'r', 'gw', 'order', 30, 40),
      ...hop('a', '3', 'r', 'gw', 'order', 50, 60),
      { traceId: 'b', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
      ...hop('b', '1', 'r', 'gw', 'order', 10, 20),
      { traceId: 'c', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
    ];
    const edge = graphOf(rows).edges[0]!;
    expect({ calls: edge.calls, traces: edge.traces, callsPerTrace: edge.callsPerTrace }).toEqual({
      calls: 4,
      traces: 2,
      callsPerTrace: 2,
    });
  });

  it.each<{ name: string; rows: SpanRow[]; via: Record<string, string[]> }>([
    {
      /**
       *   order:  |=producer orders.placed=|
       *   inv:                  |==consumer==|     child of the producer
       *   pay:                  |==consumer==|     links to it
       */
      name: 'async calls through a messaging destination name it, child or link alike',
      rows: [
        { spanId: 'p', service: 'order', kind: 'producer', start: 0, end: 10, peer: 'orders.placed' },
        { spanId: 'c', parentSpanId: 'p', service: 'inv', kind: 'consumer', start: 30, end: 50 },
        { traceId: 'b', spanId: 'd', service: 'pay', kind: 'consumer', start: 30, end: 50, links: [{ traceId: 't1', spanId: 'p' }] },
      ],
      via: { 'order → inv async': ['orders.placed'], 'order → pay async': ['orders.placed'] },
    },
    {
      /**
       *   api:    |=====server=====|
       *   mailer:      |··follows-from··|   async, but no destination: nothing to go through
       *   gw:     |=client=|  → order (sync): never `via`
       */
      name: 'calls without a producer span have no destination',
      rows: [
        { spanId: 'a', service: 'api', kind: 'server', start: 0, end: 10 },
        { spanId: 'm', parentSpanId: 'a', service: 'mailer', kind: 'internal', start: 5, end: 40, followsFrom: true },
        ...hop('t', '1', 'a', 'api', 'order', 1, 4, {}),
      ],
      via: { 'api → mailer async': [], 'api → order sync': [] },
    },
  ])('$name', ({ rows, via }) => {
    const g = graphOf(rows);
    expect(Object.fromEntries(g.edges.map((e) => [`${e.from} → ${e.to} ${e.mode}`, e.via]))).toEqual(via);
  });

  it('lists each trace’s edges once, with its calls along each', () => {
    const rows = [
      { spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 } as SpanRow,
      ...hop('t', '1', 'r', 'gw', 'order', 0, 10),
      ...hop('t', '2', 'r', 'gw', 'order', 20, 30),
      ...hop('t', '3', '1s', 'order', 'db', 2, 8),
      { traceId: 'u', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 } as SpanRow,
      ...hop('u', '1', 'r', 'gw', 'order', 0, 10),
    ];
    const tree = buildTraceTree(spanTableFrom(rows));
    const g = serviceGraph(tree);
    const entries = [...g.traceEdges.trace].map((trace, k) => {
      const e = g.edges[g.traceEdges.edge[k]!]!;
      return `${tree.table.traceId[tree.traceStart[trace]!]}: ${e.from} → ${e.to} ×${g.traceEdges.calls[k]}`;
    });
    expect(entries.sort()).toEqual(['t: gw → order ×2', 't: order → db ×1', 'u: gw → order ×1']);
  });

  it('examples are callee-side spans from distinct traces, at most three', () => {
    const tree = buildTraceTree(spanTableFrom(tenCalls));
    const edge = serviceGraph(tree).edges[0]!;
    expect(edge.examples.map((s) => [tree.table.traceId[s], tree.table.spanId[s]])).toEqual([
      ['t1', 'xs'],
      ['t2', 'xs'],
      ['t3', 'xs'],
    ]);
  });

  it.each<{ name: string; rows: SpanRow[]; errors: number; errorRate: number }>([
    {
      /**
       *   gw:    |=client=| |=client=| |=client=| |=client=|
       *   order:  |server|   |serverX|  |server|   |server|
       */
      name: 'a failed server fails the call',
      rows: [
        { spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
        ...hop('t1', '1', 'r', 'gw', 'order', 0, 10),
        ...hop('t1', '2', 'r', 'gw', 'order', 20, 30, { error: true }),
        ...hop('t1', '3', 'r', 'gw', 'order', 40, 50),
        ...hop('t1', '4', 'r', 'gw', 'order', 60, 70),
      ],
      errors: 1,
      errorRate: 0.25,
    },
    {
      /**
       *   gw:    |=client=| |=clientX=|            the client timed out although the server finished
       *   order:  |server|   |server|
       */
      name: 'a failed CLIENT fails the call even when its server did not',
      rows: [
        { spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
        ...hop('t1', '1', 'r', 'gw', 'order', 0, 10),
        { spanId: '2c', parentSpanId: 'r', service: 'gw', kind: 'client', start: 20, end: 30, error: true },
        { spanId: '2s', parentSpanId: '2c', service: 'order', kind: 'server', start: 21, end: 29 },
      ],
      errors: 1,
      errorRate: 0.5,
    },
    {
      /**
       *   gwX:   |=====serverX=====|            the caller's own failure is not the call's
       *   order:   |==server==|                 (no CLIENT span: direct parent→child)
       */
      name: 'a failed non-outgoing parent does not fail the call',
      rows: [
        { spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100, error: true },
        { spanId: 's', parentSpanId: 'r', service: 'order', kind: 'server', start: 10, end: 20 },
      ],
      errors: 0,
      errorRate: 0,
    },
  ])('error rate: $name', ({ rows, errors, errorRate }) => {
    const edge = graphOf(rows).edges[0]!;
    expect({ errors: edge.errors, errorRate: edge.errorRate }).toEqual({ errors, errorRate });
  });
});

describe('serviceGraph: node metrics', () => {
  /**
   *   trace a                           trace b                               trace c
   *   gw:    |=======server=======|     api:   |=========server=========|     inv:  |===server===|
   *   gw:      |==client==|             api:     |==client==|                 inv:    |dbX| → pg
   *   order:    |serverX|               order:    |server|
   *   order:     |db| → pg              api:                |producer|
   *                                     order:                         |consumer|
   */
  const rows: SpanRow[] = [
    { traceId: 'a', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
    ...hop('a', 'o', 'r', 'gw', 'order', 10, 50, { error: true }),
    { traceId: 'a', spanId: 'db', parentSpanId: 'os', service: 'order', kind: 'client', start: 20, end: 30, peer: 'pg' },
    { traceId: 'b', spanId: 'r', service: 'api', kind: 'server', start: 0, end: 100 },
    ...hop('b', 'o', 'r', 'api', 'order', 10, 50),
    { traceId: 'b', spanId: 'p', parentSpanId: 'r', service: 'api', kind: 'producer', start: 60, end: 70 },
    { traceId: 'b', spanId: 'q', parentSpanId: 'p', service: 'order', kind: 'consumer', start: 90, end: 95 },
    { traceId: 'c', spanId: 'i', service: 'inv', kind: 'server', start: 0, end: 50 },
    { traceId: 'c', spanId: 'db', parentSpanId: 'i', service: 'inv', kind: 'client', start: 10, end: 20, peer: 'pg', error: true },
  ];

  it('counts spans, traces, errors and sync fan-in per service (virtual nodes over the calls into them)', () => {
    const nodes = graphOf(rows).nodes.map((n) => [n.service, n.virtual, n.spans, n.traces, n.errors, n.errorRate, n.fanIn]);
    expect(nodes).toEqual([
      ['api', false, 3, 1, 0, 0, 0],
      ['gw', false, 2, 1, 0, 0, 0],
      ['inv', false, 2, 1, 1, 0.5, 0],
      // order: server (error), db client, server, consumer → 4 spans, 1 error. Callers gw and api
      // sync (fan-in 2); api's async call through the consumer does not count.
      ['order', false, 4, 2, 1, 0.25, 2],
      // pg: called by order and inv, once each, one failed.
      ['pg', true, 2, 2, 1, 0.5, 2],
    ]);
  });

  it.each<{ name: string; critical: Set<string>[] | undefined; scores: Record<string, number | null> }>([
    {
      name: 'no critical-path input leaves the score null',
      critical: undefined,
      scores: { api: null, gw: null, inv: null, order: null, pg: null },
    },
    {
      // Three traces: a crosses gw, order and pg; b crosses api and order; c crosses inv only.
      name: 'the share of all traces whose critical path crosses the node',
      critical: [new Set(['gw', 'order', 'pg']), new Set(['api', 'order']), new Set(['inv'])],
      scores: { api: 1 / 3, gw: 1 / 3, inv: 1 / 3, order: 2 / 3, pg: 1 / 3 },
    },
    {
      name: 'a service on no critical path scores 0',
      critical: [new Set(['gw']), new Set(['gw']), new Set(['gw'])],
      scores: { api: 0, gw: 1, inv: 0, order: 0, pg: 0 },
    },
  ])('bottleneck score: $name', ({ critical, scores }) => {
    const nodes = graphOf(rows, critical).nodes;
    expect(Object.fromEntries(nodes.map((n) => [n.service, n.bottleneck]))).toEqual(scores);
  });
});
