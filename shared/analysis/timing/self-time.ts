/**
 * Self time: the part of a span's own window that none of its children
 * cover — the time the span spent "in itself" rather than in callees.
 *
 *   sequential children: the gaps are self time
 *     parent |==============================|
 *     a         |======|
 *     b                    |=======|
 *     self   |==|      |===|       |========|
 *
 *   overlapping (or nested) children: their union is removed once, not each
 *     parent |==============================|
 *     a        |===============|
 *     b           |=====|                       b lies inside a: adds nothing
 *     c                     |=======|
 *     self   |=|                    |=======|
 *
 *   a child sticking out of the parent: only its part inside counts
 *     parent      |====================|
 *     a        |=======|                      a clipped to  |==|
 *     b                          |=========|  b clipped to  |====|
 *     self            |==========|
 *
 *   a child wholly outside the parent (clock skew, broken data): counts nothing
 *     parent |==========|
 *     a                     |=====|
 *     self   |==========|
 *
 * Every child counts, asynchronous ones (FOLLOWS_FROM, consumer under
 * producer) included: self time is "time in the span's window not covered
 * by a child", not "time the span waited". An async child normally starts
 * after its parent ended, and clipping then removes it entirely; when it
 * does run inside the parent's window, the parent was sharing that time
 * with it, and the waits-or-not question is the critical path's business.
 *
 * Times are read from `tree.table`: pass the tree of the adjusted table
 * (see clock-skew.ts `timesFor`) to get self times after skew correction.
 *
 * One sweep per parent over its children, which the tree keeps sorted by
 * start: clipping to the parent's start keeps that order, so merging
 * intervals needs no sort here. O(spans) overall, no recursion.
 */
import type { TraceTree } from '../model/trace-tree.js';

/** Self time of every span, in nanoseconds, indexed like the table. Never negative. */
export function selfTimes(tree: TraceTree): Float64Array {
  const { table, childStart, childList } = tree;
  const { start, end } = table;
  const n = table.size;
  const self = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const from = start[p]!;
    // A span that ends before it starts (broken data) has an empty window.
    const to = Math.max(from, end[p]!);
    // The merged run of children being swept, and the length of runs already closed.
    let runStart = from;
    let runEnd = from;
    let covered = 0;
    for (let k = childStart[p]!; k < childStart[p + 1]!; k++) {
      const c = childList[k]!;
      const s = Math.max(start[c]!, from);
      const e = Math.min(end[c]!, to);
      if (e <= s) continue; // outside the window, or empty
      if (s > runEnd) {
        covered += runEnd - runStart;
        runStart = s;
        runEnd = e;
      } else if (e > runEnd) {
        runEnd = e;
      }
    }
    covered += runEnd - runStart;
    // Clamped: with non-integer times the sum of pieces may round past the window.
    self[p] = Math.max(0, to - from - covered);
  }
  return self;
}
