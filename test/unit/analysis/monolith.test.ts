import { describe, expect, it } from 'vitest';
import { monolithIndicators } from '../../../shared/analysis/graph/monolith.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

const indicators = (rows: SpanRow[]) => monolithIndicators(buildTraceTree(spanTableFrom(rows)));

/**
 * A synchronous chain through `services`, each hop a CLIENT span in the
 * caller and a SERVER child in the callee, each level nested 5 ns inside the
 * one above:
 *
 *   s0:  |==================server===============|
 *   s0:    |===============client==============|
 *   s1:      |============server=============|
 *   s1:        |=========client============|
 *   s2:          |=======server==========|  …
 */
function syncChain(traceId: string, services: string[]): SpanRow[] {
  const rows: SpanRow[] = [{ traceId, spanId: 's0', service: services[0]!, kind: 'server', start: 0, end: 1000 }];
  for (let k = 1; k < services.length; k++) {
    const at = 10 * k;
    rows.push({
      traceId,
      spanId: `c${k}`,
      parentSpanId: `s${k - 1}`,
      service: services[k - 1]!,
      kind: 'client',
      start: at,
      end: 1000 - at,
    });
    rows.push({ traceId, spanId: `s${k}`, parentSpanId: `c${k}`, service: services[k]!, kind: 'server', start: at + 5, end: 995 - at });
  }
  return rows;
}

describe('monolithIndicators per trace', () => {
  it.each<{ name: string; rows: SpanRow[]; waitsOn: number; chain: number }>([
    {
      /**
       *   gw:    |==========================================|
       *   order:   |======================================|
       *   inv:       |==================================|
       *   pay:         |==============================|
       *   ship:          |==========================|
       *   → the root's service counts: 5 services in a row is a chain of 5; the root waits on 4
       */
      name: 'a chain of 5 sync services',
      rows: syncChain('t', ['gw', 'order', 'inv', 'pay', 'ship']),
      waitsOn: 4,
      chain: 5,
    },
    {
      /**
       *   gw:    |=========server=========|
       *   gw:      |======client======|
       *   order:     |====server====|
       *   order:       |=producer=|
       *   inv:                          |··consumer··········|   async: the request does not wait
       *   inv:                            |=client=======|
       *   pay:                              |=server===|
       */
      name: 'an async hop breaks the chain',
      rows: [
        ...syncChain('t', ['gw', 'order']),
        { traceId: 't', spanId: 'p', parentSpanId: 's1', service: 'order', kind: 'producer', start: 20, end: 30 },
        { traceId: 't', spanId: 'q', parentSpanId: 'p', service: 'inv', kind: 'consumer', start: 1100, end: 1500 },
        { traceId: 't', spanId: 'qc', parentSpanId: 'q', service: 'inv', kind: 'client', start: 1110, end: 1400 },
        { traceId: 't', spanId: 'qs', parentSpanId: 'qc', service: 'pay', kind: 'server', start: 1120, end: 1300 },
      ],
      waitsOn: 1,
      chain: 2,
    },
    {
      /**
       *   gw:    |=====server=====|
       *   mail:       |··follows-from··|     FOLLOWS_FROM: not waited on either
       */
      name: 'a FOLLOWS_FROM child is not waited on',
      rows: [
        { traceId: 't', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
        { traceId: 't', spanId: 'f', parentSpanId: 'r', service: 'mail', kind: 'internal', start: 50, end: 300, followsFrom: true },
      ],
      waitsOn: 0,
      chain: 1,
    },
    {
      /**
       *   order: |=====server=====|
       *   order:   |=internal=|
       *   order:     |db|            an uninstrumented database is not a service here
       */
      name: 'one service and its database',
      rows: [
        { traceId: 't', spanId: 'r', service: 'order', kind: 'server', start: 0, end: 100 },
        { traceId: 't', spanId: 'i', parentSpanId: 'r', service: 'order', kind: 'internal', start: 10, end: 90 },
        { traceId: 't', spanId: 'db', parentSpanId: 'i', service: 'order', kind: 'client', start: 20, end: 80, peer: 'pg' },
      ],
      waitsOn: 0,
      chain: 1,
    },
    {
      /**
       *   gw:    |===========server===========|
       *   order:   |=server=|                         three callees side by side:
       *   inv:       |=server=|                       waits on 3, but no chain longer than 2
       *   pay:         |=server=|
       */
      name: 'a fan-out waits on many services in a short chain',
      rows: [
        { traceId: 't', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
        { traceId: 't', spanId: 'a', parentSpanId: 'r', service: 'order', kind: 'server', start: 10, end: 50 },
        { traceId: 't', spanId: 'b', parentSpanId: 'r', service: 'inv', kind: 'server', start: 20, end: 60 },
        { traceId: 't', spanId: 'c', parentSpanId: 'r', service: 'pay', kind: 'server', start: 30, end: 70 },
      ],
      waitsOn: 3,
      chain: 2,
    },
    {
      /**
       *   gw:    |==================|
       *   order:   |==============|
       *   gw:        |==========|        back in the root's service: not a service waited on,
       *                                  but a change of service in the chain (gw → order → gw = 3)
       */
      name: 'a call back into the root service',
      rows: syncChain('t', ['gw', 'order', 'gw']),
      waitsOn: 1,
      chain: 3,
    },
    {
      /**
       *   gw:    |=====server=====|
       *   pay:          |=server=|       parent not in the data: an orphan, not part of the request
       */
      name: 'orphan subtrees are not waited on',
      rows: [
        { traceId: 't', spanId: 'r', service: 'gw', kind: 'server', start: 0, end: 100 },
        { traceId: 't', spanId: 'o', parentSpanId: 'missing', service: 'pay', kind: 'server', start: 30, end: 60 },
      ],
      waitsOn: 0,
      chain: 1,
    },
  ])('$name', ({ rows, waitsOn, chain }) => {
    const m = indicators(rows);
    expect({ waitsOn: [...m.waitsOn], chain: [...m.syncChain] }).toEqual({ waitsOn: [waitsOn], chain: [chain] });
  });
});

describe('monolithIndicators over a dataset', () => {
  /**
   *   trace 0:  gw → order → inv → pay → ship      chain 5, waits on 4
   *   trace 1:  gw                                 chain 1, waits on 0
   *   trace 2:  gw → order                         chain 2, waits on 1
   *   trace 3:  gw → order → inv → pay → ship      chain 5, waits on 4
   *   trace 4:  gw → order → inv                   chain 3, waits on 2
   */
  const rows = [
    ...syncChain('t0', ['gw', 'order', 'inv', 'pay', 'ship']),
    ...syncChain('t1', ['gw']),
    ...syncChain('t2', ['gw', 'order']),
    ...syncChain('t3', ['gw', 'order', 'inv', 'pay', 'ship']),
    ...syncChain('t4', ['gw', 'order', 'inv']),
  ];

  it('keeps per-trace values in trace order', () => {
    const m = indicators(rows);
    expect([...m.syncChain]).toEqual([5, 1, 2, 5, 3]);
    expect([...m.waitsOn]).toEqual([4, 0, 1, 4, 2]);
  });

  it.each([
    // Sorted chains 1 2 3 5 5: p50 = 3rd (ceil 2.5), p90 = 5th (ceil 4.5).
    { indicator: 'syncChainSummary' as const, summary: { min: 1, p50: 3, p90: 5, max: 5, examples: [0, 3] } },
    { indicator: 'waitsOnSummary' as const, summary: { min: 0, p50: 2, p90: 4, max: 4, examples: [0, 3] } },
  ])('summarises $indicator with the traces that reach the max', ({ indicator, summary }) => {
    expect(indicators(rows)[indicator]).toEqual(summary);
  });

  it('summarises an empty dataset as zeros with no examples', () => {
    expect(indicators([]).syncChainSummary).toEqual({ min: 0, p50: 0, p90: 0, max: 0, examples: [] });
  });
});
