import { describe, expect, it } from 'vitest';
import { monolithIndicators } from '../../../shared/analysis/graph/monolith.js';
import { longestSyncChains } from '../../../shared/analysis/graph/sync-chains.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

function chains(rows: SpanRow[], options?: { top?: number; examples?: number }) {
  const tree = buildTraceTree(spanTableFrom(rows));
  return { tree, rows: longestSyncChains(tree, monolithIndicators(tree), options) };
}

/**
 * A synchronous chain through `services`: a CLIENT span in the caller, a
 * SERVER child in the callee, each level nested `step` ns inside the last.
 *
 *   s0:  |==================server===============|
 *   s0:    |===============client==============|    ← the entry's call down the chain
 *   s1:      |============server=============|
 *   s2:          |=======server==========|  …
 */
function syncChain(traceId: string, services: string[], end = 1000, step = 10): SpanRow[] {
  const rows: SpanRow[] = [{ traceId, spanId: 's0', service: services[0]!, kind: 'server', start: 0, end }];
  for (let k = 1; k < services.length; k++) {
    const at = step * k;
    rows.push({ traceId, spanId: `c${k}`, parentSpanId: `s${k - 1}`, service: services[k - 1]!, kind: 'client', start: at, end: end - at });
    rows.push({ traceId, spanId: `s${k}`, parentSpanId: `c${k}`, service: services[k]!, kind: 'server', start: at + 5, end: end - at - 5 });
  }
  return rows;
}

describe('longestSyncChains', () => {
  it.each<{ name: string; rows: SpanRow[]; expected: { services: string[]; traces: number; waitedNs: number; maxWaitedNs: number }[] }>([
    {
      name: 'one chain spelled out entry first; the wait is the entry’s client call (10 → 990)',
      rows: syncChain('t1', ['gw', 'order', 'inv']),
      expected: [{ services: ['gw', 'order', 'inv'], traces: 1, waitedNs: 980, maxWaitedNs: 980 }],
    },
    {
      name: 'two traces with the same services group; waits add up',
      rows: [...syncChain('t1', ['gw', 'order', 'inv']), ...syncChain('t2', ['gw', 'order', 'inv'], 500)],
      expected: [{ services: ['gw', 'order', 'inv'], traces: 2, waitedNs: 980 + 480, maxWaitedNs: 980 }],
    },
    {
      name: 'longer chains rank first, whatever their count',
      rows: [...syncChain('t1', ['gw', 'order']), ...syncChain('t2', ['gw', 'order']), ...syncChain('t3', ['gw', 'order', 'inv', 'pay'])],
      expected: [
        { services: ['gw', 'order', 'inv', 'pay'], traces: 1, waitedNs: 980, maxWaitedNs: 980 },
        { services: ['gw', 'order'], traces: 2, waitedNs: 1960, maxWaitedNs: 980 },
      ],
    },
    {
      name: 'a single-service trace is no chain',
      rows: [{ traceId: 't', spanId: 'a', service: 'gw', kind: 'server', start: 0, end: 10 }],
      expected: [],
    },
    {
      /**
       *   gw:    |=====server=====|
       *   gw:      |=producer=|
       *   inv:                   |··consumer··|   async: not part of the chain
       */
      name: 'an async hop ends the chain',
      rows: [
        { traceId: 't', spanId: 'a', service: 'gw', kind: 'server', start: 0, end: 100 },
        { traceId: 't', spanId: 'b', parentSpanId: 'a', service: 'gw', kind: 'producer', start: 10, end: 20 },
        { traceId: 't', spanId: 'c', parentSpanId: 'b', service: 'inv', kind: 'consumer', start: 120, end: 200 },
      ],
      expected: [],
    },
  ])('$name', ({ rows, expected }) => {
    expect(chains(rows).rows.map(({ exampleSpans: _, ...r }) => r)).toEqual(expected);
  });

  it('keeps the longest waits as examples, at most `examples`, pointing at the chain’s end', () => {
    const { tree, rows } = chains(
      [...syncChain('t1', ['gw', 'order'], 300), ...syncChain('t2', ['gw', 'order'], 900), ...syncChain('t3', ['gw', 'order'], 600)],
      { examples: 2 },
    );
    expect(rows[0]!.exampleSpans.map((s) => tree.table.traceId[s])).toEqual(['t2', 't3']);
    expect(rows[0]!.exampleSpans.map((s) => tree.table.spanId[s])).toEqual(['s1', 's1']);
  });

  it('keeps the top rows only', () => {
    const rows = [...syncChain('t1', ['a', 'b']), ...syncChain('t2', ['c', 'd']), ...syncChain('t3', ['e', 'f'])];
    expect(chains(rows, { top: 2 }).rows).toHaveLength(2);
  });
});
