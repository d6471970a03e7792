/**
 * The longest synchronous chains of a dataset, as evidence: each trace's
 * longest chain (monolith.ts) spelled out as its services, traces with the
 * same sequence grouped, and the time the entry service spends waiting on
 * the rest of the chain.
 *
 *   gw:     |=====================================|   chain of trace 1:
 *   order:    |==============================|          gw → order → inv → pay
 *   inv:        |=======================|             waited: order's span
 *   pay:          |=========|                         (the entry's first call
 *                                                      down the chain)
 *   trace 2 with the same four services joins the row: traces 2, waited Σ.
 *
 * The chain of a trace is read upwards from the span where its longest run
 * ends (chainEnd) to the root, one service per change of service. Rows come
 * longest chain first, then most traces, then most time waited.
 */
import { isOutgoing } from '../model/edges.js';
import type { TraceTree } from '../model/trace-tree.js';
import type { MonolithIndicators } from './monolith.js';

export interface SyncChainRow {
  /** The services of the chain, entry first. */
  services: string[];
  traces: number;
  /** Σ over the traces of the time the entry service waits on its first call down the chain. */
  waitedNs: number;
  /** The longest of those waits. */
  maxWaitedNs: number;
  /** Per example trace (the longest waits first, at most `examples`): the span where the chain ends. */
  exampleSpans: number[];
}

export function longestSyncChains(
  tree: TraceTree,
  monolith: Pick<MonolithIndicators, 'syncChain' | 'chainEnd'>,
  options: { top?: number; examples?: number } = {},
): SyncChainRow[] {
  const { top = 25, examples = 5 } = options;
  const { table, parent } = tree;
  const rows = new Map<string, SyncChainRow & { waits: { ns: number; span: number }[] }>();
  for (let t = 0; t < tree.traceCount; t++) {
    const end = monolith.chainEnd[t]!;
    if (end < 0 || monolith.syncChain[t]! < 2) continue;
    const services: string[] = [table.service[end]!];
    let entryCall = end;
    for (let s = end; parent[s]! >= 0; s = parent[s]!) {
      const p = parent[s]!;
      if (table.service[p] !== table.service[s]) {
        services.push(table.service[p]!);
        // The caller's own CLIENT span when it has one (network included), else the callee's span.
        entryCall = isOutgoing(table, p) ? p : s;
      }
    }
    services.reverse();
    const key = services.join('\u0000');
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { services, traces: 0, waitedNs: 0, maxWaitedNs: 0, exampleSpans: [], waits: [] }));
    const waited = table.end[entryCall]! - table.start[entryCall]!;
    row.traces++;
    row.waitedNs += waited;
    row.maxWaitedNs = Math.max(row.maxWaitedNs, waited);
    row.waits.push({ ns: waited, span: end });
  }
  return [...rows.values()]
    .sort(
      (a, b) =>
        b.services.length - a.services.length ||
        b.traces - a.traces ||
        b.waitedNs - a.waitedNs ||
        a.services.join().localeCompare(b.services.join()),
    )
    .slice(0, top)
    .map(({ waits, ...row }) => ({
      ...row,
      exampleSpans: waits
        .sort((a, b) => b.ns - a.ns || a.span - b.span)
        .slice(0, examples)
        .map((w) => w.span),
    }));
}
