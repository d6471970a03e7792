import { describe, expect, it } from 'vitest';
import { callPathTree, type CallPathNode } from '../../../shared/analysis/compare/call-paths.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

/** A span of `service` named `name`, under `parent`, in `traceId`; times by declaration order. */
let clock = 0;
function span(traceId: string, spanId: string, parent: string | null, service: string, name: string): SpanRow {
  clock += 10;
  return { traceId, spanId, parentSpanId: parent, service, name, start: clock, end: clock + 5 };
}

/** The tree as indented lines: "service operation traces/spans". */
function outline(root: CallPathNode): string[] {
  const lines: string[] = [];
  const stack: [CallPathNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    lines.push(`${'  '.repeat(depth)}${node.service ? `${node.service} ` : ''}${node.operation} ${node.traces}/${node.spans}`);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i]!, depth + 1]);
  }
  return lines;
}

const paths = (rows: SpanRow[], maxNodes?: number) => outline(callPathTree(buildTraceTree(spanTableFrom(rows)), { maxNodes }));

describe('callPathTree', () => {
  it.each<{ name: string; rows: () => SpanRow[]; maxNodes?: number; expected: string[] }>([
    {
      name: 'one trace: a chain',
      rows: () => [span('t1', 'a', null, 'gw', 'GET'), span('t1', 'b', 'a', 'order', 'place'), span('t1', 'c', 'b', 'pg', 'SELECT')],
      expected: ['all traces 1/0', '  gw GET 1/1', '    order place 1/1', '      pg SELECT 1/1'],
    },
    {
      /**
       *   t1: gw GET → order place → pg SELECT ×2      t2: gw GET → order place → payment charge
       *   → the loop merges (1 trace, 2 spans); shared prefixes count both traces
       */
      name: 'two traces merged, repeated siblings merged',
      rows: () => [
        span('t1', 'a', null, 'gw', 'GET'),
        span('t1', 'b', 'a', 'order', 'place'),
        span('t1', 'c', 'b', 'pg', 'SELECT'),
        span('t1', 'd', 'b', 'pg', 'SELECT'),
        span('t2', 'a', null, 'gw', 'GET'),
        span('t2', 'b', 'a', 'order', 'place'),
        span('t2', 'c', 'b', 'payment', 'charge'),
      ],
      expected: ['all traces 2/0', '  gw GET 2/2', '    order place 2/2', '      pg SELECT 1/2', '      payment charge 1/1'],
    },
    {
      name: 'the same operation at different depths is different paths',
      rows: () => [span('t1', 'a', null, 'gw', 'GET'), span('t1', 'b', 'a', 'gw', 'GET'), span('t1', 'c', null, 'gw', 'GET')],
      expected: ['all traces 1/0', '  gw GET 1/2', '    gw GET 1/1'],
    },
    {
      name: 'an orphan heads paths of its own under the root',
      rows: () => [span('t1', 'a', null, 'gw', 'GET'), span('t1', 'x', 'missing', 'worker', 'consume')],
      expected: ['all traces 1/0', '  gw GET 1/1', '  worker consume 1/1'],
    },
    {
      /**
       *   3 traces: gw GET → {a ×3 traces, b ×2, c ×1}; maxNodes 3 keeps gw, a and one '(other)' for b and c
       */
      name: 'folding the rarest into (other)',
      rows: () => [
        ...['t1', 't2', 't3'].map((t) => span(t, 'r', null, 'gw', 'GET')),
        ...['t1', 't2', 't3'].map((t) => span(t, 'a', 'r', 'svc', 'a')),
        ...['t1', 't2'].map((t) => span(t, 'b', 'r', 'svc', 'b')),
        span('t3', 'c', 'r', 'svc', 'c'),
        span('t3', 'c2', 'r', 'svc', 'c'),
      ],
      maxNodes: 3,
      expected: ['all traces 3/0', '  gw GET 3/3', '    svc a 3/3', '    (other) 3/4'],
    },
    { name: 'no spans', rows: () => [], expected: ['all traces 0/0'] },
  ])('$name', ({ rows, maxNodes, expected }) => {
    expect(paths(rows(), maxNodes)).toEqual(expected);
  });

  it('keeps every node when they fit, and never more than maxNodes when folding', () => {
    const rows: SpanRow[] = [];
    for (let t = 0; t < 20; t++) {
      rows.push(span(`t${t}`, 'r', null, 'gw', 'GET'));
      for (let k = 0; k <= t; k++) rows.push(span(`t${t}`, `s${k}`, 'r', 'svc', `op${k}`));
    }
    expect(paths(rows)).toHaveLength(2 + 20);
    for (const maxNodes of [1, 2, 5, 10]) {
      const folded = paths(rows, maxNodes);
      expect(folded.length - 1).toBeLessThanOrEqual(maxNodes);
    }
  });

  it('walks a chain 100k deep without recursion', () => {
    const rows: SpanRow[] = [];
    for (let k = 0; k < 100_000; k++)
      rows.push({
        traceId: 't',
        spanId: `s${k}`,
        parentSpanId: k ? `s${k - 1}` : null,
        service: 's',
        name: 'op',
        start: k,
        end: 200_000 - k,
      });
    let node = callPathTree(buildTraceTree(spanTableFrom(rows)), { maxNodes: 200_000 });
    let depth = 0;
    while (node.children.length > 0) {
      node = node.children[0]!;
      depth++;
    }
    expect(depth).toBe(100_000);
  });
});
