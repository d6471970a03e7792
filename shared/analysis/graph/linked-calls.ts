/**
 * Span links that stand for an asynchronous call, grouped by the span that
 * carries them (the callee side), in CSR form like the tree's children.
 *
 *   trace a   api:    |=producer=|
 *   trace b   worker:                  |===consumer===|   links → producer
 *             → callersOf(consumer) = [producer]
 *
 * A link counts when a CONSUMER links to a PRODUCER, or when the link stands
 * for a FOLLOWS_FROM reference. It is skipped when the linked span is not in
 * the data, or is already the span's parent (consumers often both are
 * children of their producer and link to it: that is one call, not two).
 */
import { KIND } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';

export interface LinkedCalls {
  /** Callers of span i: caller[start[i]] … caller[start[i+1]-1]. */
  readonly start: Int32Array;
  readonly caller: Int32Array;
}

export function linkedCalls(tree: TraceTree): LinkedCalls {
  const { table, parent } = tree;
  const links = table.links;
  const n = table.size;
  const start = new Int32Array(n + 1);
  if (links.size === 0) return { start, caller: new Int32Array(0) };

  const found = locateLinked(tree);
  const target = new Int32Array(links.size).fill(-1);
  for (let k = 0; k < links.size; k++) {
    const from = links.from[k]!;
    if (from < 0 || from >= n) continue;
    const to = found.get(links.traceId[k]!)?.get(links.spanId[k]!) ?? -1;
    if (to < 0 || to === from || parent[from] === to) continue;
    const messaging = table.kind[from] === KIND.consumer && table.kind[to] === KIND.producer;
    if (!messaging && links.followsFrom[k] !== 1) continue;
    target[k] = to;
    start[from + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const caller = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (let k = 0; k < links.size; k++) if (target[k]! >= 0) caller[fill[links.from[k]!]!++] = target[k]!;
  return { start, caller };
}

/**
 * The spans links point at, by trace id then span id (-1 when not in the
 * data). Like tree.find, but indexes only the traces links point into and
 * keeps only the linked spans, so a dataset with a few links does not pay
 * for a map of every span.
 */
function locateLinked(tree: TraceTree): Map<string, Map<string, number>> {
  const { table, traceStart } = tree;
  const links = table.links;
  const wanted = new Map<string, Map<string, number>>();
  for (let k = 0; k < links.size; k++) {
    let spans = wanted.get(links.traceId[k]!);
    if (!spans) wanted.set(links.traceId[k]!, (spans = new Map()));
    spans.set(links.spanId[k]!, -1);
  }
  for (let t = 0; t < tree.traceCount; t++) {
    const spans = wanted.get(table.traceId[traceStart[t]!]!);
    if (!spans) continue;
    for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) if (spans.has(table.spanId[i]!)) spans.set(table.spanId[i]!, i);
  }
  return wanted;
}
