/**
 * buildTraceTree takes parents in two forms: by id (tests, small inputs) and
 * already resolved to indexes (the DuckDB pull joins them). Both must give
 * the same tree, including for broken data.
 */
import { describe, expect, it } from 'vitest';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { NO_PARENT, PARENT_ABSENT, type SpanTable } from '../../../shared/analysis/model/span-table.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';

/** The same table with its parents resolved by hand, as the pull does. */
function withIndexedParents(table: SpanTable): SpanTable {
  if (!('spanId' in table.parents)) throw new Error('expected parents by id');
  const ids = table.parents.spanId;
  const index = Int32Array.from(ids, (p, i) => {
    if (p === null) return NO_PARENT;
    for (let j = 0; j < table.size; j++) if (table.traceId[j] === table.traceId[i] && table.spanId[j] === p) return j;
    return PARENT_ABSENT;
  });
  return { ...table, parents: { index } };
}

function shape(tree: TraceTree) {
  const tops = Array.from({ length: tree.traceCount }, (_, t) => tree.tops(t).map((s) => tree.table.spanId[s]));
  return {
    parent: [...tree.parent],
    missing: [...tree.parentMissing],
    children: Array.from({ length: tree.table.size }, (_, i) =>
      [...tree.childList.subarray(tree.childStart[i]!, tree.childStart[i + 1]!)].map((c) => tree.table.spanId[c]),
    ),
    tops,
  };
}

const cases: { name: string; rows: SpanRow[]; tops: string[][]; missing: string[] }[] = [
  {
    // a |==========|
    // b   |===|  c |==|      children by start: b, c
    name: 'a plain tree',
    rows: [
      { spanId: 'a', start: 0, end: 100 },
      { spanId: 'c', parentSpanId: 'a', start: 60, end: 90 },
      { spanId: 'b', parentSpanId: 'a', start: 10, end: 40 },
    ],
    tops: [['a']],
    missing: [],
  },
  {
    // a |======|        x names parent "gone", which is not in the data: an orphan top
    // x    |=====|
    name: 'a parent that is not in the data',
    rows: [
      { spanId: 'a', start: 0, end: 60 },
      { spanId: 'x', parentSpanId: 'gone', start: 30, end: 90 },
    ],
    tops: [['a', 'x']],
    missing: ['x'],
  },
  {
    name: 'a span that names itself as its parent',
    rows: [{ spanId: 's', parentSpanId: 's', start: 0, end: 10 }],
    tops: [['s']],
    missing: ['s'],
  },
  {
    // p ↔ q name each other: the cycle is cut at the earlier span (p)
    name: 'a cycle of parents',
    rows: [
      { spanId: 'p', parentSpanId: 'q', start: 0, end: 50 },
      { spanId: 'q', parentSpanId: 'p', start: 10, end: 40 },
    ],
    tops: [['p']],
    missing: ['p'],
  },
  {
    // the same span ids in two traces: each child finds the parent of its own trace
    name: 'span ids repeated across traces',
    rows: [
      { traceId: 't1', spanId: 'r', start: 0, end: 50 },
      { traceId: 't2', spanId: 'r', start: 5, end: 30 },
      { traceId: 't2', spanId: 'k', parentSpanId: 'r', start: 10, end: 20 },
      { traceId: 't1', spanId: 'k', parentSpanId: 'r', start: 1, end: 2 },
    ],
    tops: [['r'], ['r']],
    missing: [],
  },
];

describe('buildTraceTree: parents by id and by index', () => {
  it.each(cases)('$name', ({ rows, tops, missing }) => {
    const byId = buildTraceTree(spanTableFrom(rows));
    const byIndex = buildTraceTree(withIndexedParents(spanTableFrom(rows)));
    expect(shape(byIndex)).toEqual(shape(byId));
    expect(shape(byId).tops).toEqual(tops);
    const missingIds = [...byId.parentMissing].flatMap((m, i) => (m ? [byId.table.spanId[i]] : []));
    expect(missingIds).toEqual(missing);
  });

  it('orders children by start time in both forms', () => {
    const tree = buildTraceTree(withIndexedParents(spanTableFrom(cases[0]!.rows)));
    expect(shape(tree).children[0]).toEqual(['b', 'c']);
  });
});
