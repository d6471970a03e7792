/**
 * Fan-out: spans that wait on several children, and how much of that waiting
 * already overlaps. For each span with at least `minChildren` synchronous
 * children (the parent waits for them; see isAsyncChild), with every child
 * clipped to the parent:
 *
 *   children     how many
 *   covered      time covered by the union of the children
 *   parallelism  Σ child durations ÷ covered (1 = one at a time, k = k at once;
 *                1 when covered is 0: no measurable work, no overlap seen)
 *   savable      covered − longest child: what running them all at once would
 *                save (never below 0)
 *
 * Times in the drawings are columns (one bar runs from its | to its |):
 *
 *   fully parallel   parent |=========|        0-10
 *                    a       |=======|         1-9   covered 8, Σ 24
 *                    b       |=======|         1-9   parallelism 3
 *                    c       |=======|         1-9   savable 8 - 8 = 0
 *
 *   sequential       parent |=========|        0-10
 *                    a      |==|               0-3   covered 9, Σ 9
 *                    b         |==|            3-6   parallelism 1
 *                    c            |==|         6-9   savable 9 - 3 = 6
 *
 *   partial          parent |=========|        0-10
 *                    a      |===|              0-4   covered 6 + 2 = 8 (the gap
 *                    b        |===|            2-6   6-7 is not covered), Σ 10
 *                    c             |=|         7-9   parallelism 1.25, savable 4
 *
 *   clipped          parent   |=======|        2-10
 *                    a      |=====|            0-6   counts as 2-6
 *                    b            |=====|      6-12  counts as 6-10
 *                                                    covered 8, Σ 8, savable 4
 *
 *   async child      producer |==|                   a consumer the producer never
 *                    consumer       |====|           waited for is not counted (not
 *                                                    a fan-out unless 2 sync remain)
 *
 * Children come sorted by start (TraceTree), so the union is one sweep.
 */
import { isAsyncChild } from '../model/edges.js';
import type { TraceTree } from '../model/trace-tree.js';

export interface FanOutOptions {
  /** Fewest synchronous children that make a fan-out. Default 2. */
  minChildren?: number;
}

export interface FanOut {
  span: number;
  /** Synchronous children. */
  children: number;
  parallelism: number;
  coveredNs: number;
  savableNs: number;
}

export interface FanOutHotspot {
  service: string;
  operation: string;
  occurrences: number;
  /** Distinct traces with an occurrence. */
  traces: number;
  maxChildren: number;
  meanChildren: number;
  meanParallelism: number;
  totalSavableNs: number;
  /** The occurrence with the most savable time. */
  exampleSpan: number;
}

export function fanOut(tree: TraceTree, options?: FanOutOptions): FanOut[] {
  const minChildren = Math.max(1, options?.minChildren ?? 2);
  const { table, childStart, childList } = tree;
  const { start, end } = table;
  const out: FanOut[] = [];
  for (let p = 0; p < table.size; p++) {
    const from = childStart[p]!;
    const to = childStart[p + 1]!;
    if (to - from < minChildren) continue;
    const lo = start[p]!;
    const hi = end[p]!;
    let children = 0;
    let sum = 0;
    let longest = 0;
    let covered = 0;
    let runStart = 0;
    let runEnd = -Infinity;
    for (let k = from; k < to; k++) {
      const c = childList[k]!;
      if (isAsyncChild(table, c, p)) continue;
      children++;
      // Clipping keeps the start order: max(start, lo) is monotone in start.
      const s = Math.max(start[c]!, lo);
      const e = Math.min(end[c]!, hi);
      if (e <= s) continue;
      sum += e - s;
      if (e - s > longest) longest = e - s;
      if (s > runEnd) {
        if (runEnd > runStart) covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
      } else if (e > runEnd) runEnd = e;
    }
    if (children < minChildren) continue;
    if (runEnd > runStart) covered += runEnd - runStart;
    out.push({
      span: p,
      children,
      parallelism: covered > 0 ? sum / covered : 1,
      coveredNs: covered,
      savableNs: Math.max(0, covered - longest),
    });
  }
  return out;
}

/**
 * fanOut records per (service, operation) of the fanning-out span, most
 * savable time first. Records in span order (as fanOut returns them) are
 * aggregated in one pass; any other order is sorted first.
 */
export function fanOutHotspots(tree: TraceTree, records: readonly FanOut[]): FanOutHotspot[] {
  const { table, traceOf } = tree;
  const ordered = isInSpanOrder(records) ? records : [...records].sort((a, b) => a.span - b.span);
  const groups = new Map<string, Map<string, Group>>();
  let g: Group | undefined;
  for (const r of ordered) {
    const service = table.service[r.span]!;
    const operation = table.name[r.span]!;
    // Neighbouring records are often the same operation: skip the lookups then.
    if (!g || g.hotspot.operation !== operation || g.hotspot.service !== service) {
      let byOperation = groups.get(service);
      if (!byOperation) groups.set(service, (byOperation = new Map()));
      g = byOperation.get(operation);
      if (!g) byOperation.set(operation, (g = newGroup(service, operation, r.span)));
    }
    const h = g.hotspot;
    h.occurrences++;
    // Spans are grouped by trace, so in span order a trace's occurrences are contiguous per group.
    const trace = traceOf[r.span]!;
    if (trace !== g.lastTrace) {
      g.lastTrace = trace;
      h.traces++;
    }
    if (r.children > h.maxChildren) h.maxChildren = r.children;
    h.meanChildren += r.children; // sums until the end
    h.meanParallelism += r.parallelism;
    h.totalSavableNs += r.savableNs;
    if (r.savableNs > g.bestSavable) {
      g.bestSavable = r.savableNs;
      h.exampleSpan = r.span;
    }
  }
  const out: FanOutHotspot[] = [];
  for (const byOperation of groups.values()) {
    for (const { hotspot: h } of byOperation.values()) {
      h.meanChildren /= h.occurrences;
      h.meanParallelism /= h.occurrences;
      out.push(h);
    }
  }
  return out.sort((a, b) => b.totalSavableNs - a.totalSavableNs || b.occurrences - a.occurrences);
}

interface Group {
  hotspot: FanOutHotspot;
  lastTrace: number;
  bestSavable: number;
}

function newGroup(service: string, operation: string, span: number): Group {
  const hotspot: FanOutHotspot = {
    service,
    operation,
    occurrences: 0,
    traces: 0,
    maxChildren: 0,
    meanChildren: 0,
    meanParallelism: 0,
    totalSavableNs: 0,
    exampleSpan: span,
  };
  return { hotspot, lastTrace: -1, bestSavable: -1 };
}

function isInSpanOrder(records: readonly { span: number }[]): boolean {
  for (let k = 1; k < records.length; k++) if (records[k]!.span < records[k - 1]!.span) return false;
  return true;
}
