import { describe, expect, it } from 'vitest';
import { errorCascades } from '../../../shared/analysis/graph/error-cascade.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

/** Cascades with spans named by id: [trace id, origin, chain from origin to root]. */
function cascadesOf(rows: SpanRow[]) {
  const tree = buildTraceTree(spanTableFrom(rows));
  const id = (span: number) => tree.table.spanId[span]!;
  const result = errorCascades(tree);
  return {
    cascades: result.cascades.map((c) => [tree.table.traceId[tree.traceStart[c.trace]!], id(c.origin), c.chain.map(id)]),
    byService: result.byService,
  };
}

/** A span in trace `t`; `x` marks error=1 (as in the drawings). */
const span = (
  spanId: string,
  parentSpanId: string | null,
  service: string,
  start: number,
  end: number,
  x = false,
  rest: Partial<SpanRow> = {},
) => ({ traceId: 't', spanId, parentSpanId, service, kind: 'internal', start, end, error: x, ...rest }) satisfies SpanRow;
const X = true;

describe('errorCascades per trace', () => {
  it.each<{ name: string; rows: SpanRow[]; cascades: [string, string, string[]][] }>([
    {
      /**
       *   x = error
       *   gw:     |x=====server=====================x|
       *   gw:       |x===client=====================x|
       *   order:      |x==server===================x|
       *   order:        |x=client=================x|
       *   pay:            |x=server=============x|
       *   pay:              |db|   |x=ext client=x|     the provider failed: nothing below explains it
       */
      name: 'the origin is the deepest error no failed child explains',
      rows: [
        span('gs', null, 'gw', 0, 100, X, { kind: 'server' }),
        span('gc', 'gs', 'gw', 5, 95, X, { kind: 'client' }),
        span('os', 'gc', 'order', 10, 90, X, { kind: 'server' }),
        span('oc', 'os', 'order', 15, 85, X, { kind: 'client' }),
        span('ps', 'oc', 'pay', 20, 80, X, { kind: 'server' }),
        span('db', 'ps', 'pay', 22, 30, false, { kind: 'client', peer: 'pg' }),
        span('ext', 'ps', 'pay', 35, 75, X, { kind: 'client', peer: 'provider' }),
      ],
      cascades: [['t', 'ext', ['ext', 'ps', 'oc', 'os', 'gc', 'gs']]],
    },
    {
      /**
       *   gw:     |x===========================x|
       *   order:    |x====x|     |x======x|            two independent failing branches:
       *   inv:        |x=x|                            the one that ended last is followed
       *   ship:                    |x==x|
       */
      name: 'of two failing branches, the one that ended last',
      rows: [
        span('gw', null, 'gw', 0, 100, X),
        span('o1', 'gw', 'order', 10, 30, X),
        span('inv', 'o1', 'inv', 12, 25, X),
        span('o2', 'gw', 'order', 40, 80, X),
        span('ship', 'o2', 'ship', 45, 70, X),
      ],
      cascades: [['t', 'ship', ['ship', 'o2', 'gw']]],
    },
    {
      /**
       *   inv:    |x=================================x|
       *   pay:      |x==attempt 1==x| |x==attempt 2==x|     retried and failed twice:
       *   ext:        |x=timeout=x|     |x=timeout=x|       the final attempt decided
       */
      name: 'retries: the final failed attempt',
      rows: [
        span('inv', null, 'inv', 0, 100, X),
        span('p1', 'inv', 'pay', 5, 45, X),
        span('e1', 'p1', 'pay', 10, 40, X, { kind: 'client' }),
        span('p2', 'inv', 'pay', 50, 95, X),
        span('e2', 'p2', 'pay', 55, 90, X, { kind: 'client' }),
      ],
      cascades: [['t', 'e2', ['e2', 'p2', 'inv']]],
    },
    {
      /**
       *   gw:     |x================x|
       *   order:    |==============|       order handled inv's failure (not an error itself):
       *   inv:        |x========x|         the cascade stops above it, gw failed on its own
       */
      name: 'an error swallowed on the way up does not cascade to the root',
      rows: [span('gw', null, 'gw', 0, 100, X), span('order', 'gw', 'order', 10, 90), span('inv', 'order', 'inv', 20, 80, X)],
      cascades: [['t', 'gw', ['gw']]],
    },
    {
      /**
       *   gw:     |==================|       the root did not fail: no cascade at all
       *   order:    |x=============x|
       */
      name: 'a failure the root survived is not a failed trace',
      rows: [span('gw', null, 'gw', 0, 100), span('order', 'gw', 'order', 10, 90, X)],
      cascades: [],
    },
    {
      /**
       *   gw:     |x======x|
       *   mail:        |x··follows-from··x|    gw did not wait for mail: mail's failure explains nothing
       */
      name: 'an async child never explains its parent',
      rows: [span('gw', null, 'gw', 0, 50, X), span('mail', 'gw', 'mail', 20, 200, X, { followsFrom: true })],
      cascades: [['t', 'gw', ['gw']]],
    },
    {
      /**
       *   gw:     |x==========x|                  the root and an orphan failed: only the
       *   pay:       |x=====x|   (parent missing)   root's own tree explains the root
       */
      name: 'orphans are not part of the root’s failure',
      rows: [span('gw', null, 'gw', 0, 100, X), span('pay', 'missing', 'pay', 10, 90, X)],
      cascades: [['t', 'gw', ['gw']]],
    },
  ])('$name', ({ rows, cascades }) => {
    expect(cascadesOf(rows).cascades).toEqual(cascades);
  });
});

describe('errorCascades by service', () => {
  /**
   *   t0:  gw x → order x → pay x          pay originated; order, gw propagated
   *   t1:  gw x → order x                  order originated; gw propagated
   *   t2:  gw x                            gw originated
   *   t3:  gw   → pay x                    swallowed: nothing counted
   *   t4:  gw x → pay x → pay x (ext)      pay originated (its own server span is not "propagated")
   */
  const at = (trace: string, rows: SpanRow[]) => rows.map((r) => ({ ...r, traceId: trace }));
  const rows = [
    ...at('t0', [span('g', null, 'gw', 0, 100, X), span('o', 'g', 'order', 10, 90, X), span('p', 'o', 'pay', 20, 80, X)]),
    ...at('t1', [span('g', null, 'gw', 0, 100, X), span('o', 'g', 'order', 10, 90, X)]),
    ...at('t2', [span('g', null, 'gw', 0, 100, X)]),
    ...at('t3', [span('g', null, 'gw', 0, 100), span('p', 'g', 'pay', 10, 90, X)]),
    ...at('t4', [span('g', null, 'gw', 0, 100, X), span('p', 'g', 'pay', 10, 90, X), span('e', 'p', 'pay', 20, 80, X, { kind: 'client' })]),
  ];

  it('counts, per service, the traces it originated and the traces it only propagated', () => {
    expect(cascadesOf(rows).byService).toEqual([
      { service: 'pay', originated: 2, propagated: 0 },
      { service: 'gw', originated: 1, propagated: 3 },
      { service: 'order', originated: 1, propagated: 1 },
    ]);
  });

  it('reports one cascade per failed trace', () => {
    expect(cascadesOf(rows).cascades.map(([trace, origin]) => `${trace}:${origin}`)).toEqual(['t0:p', 't1:o', 't2:g', 't4:e']);
  });
});
