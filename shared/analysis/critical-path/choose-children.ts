/**
 * Which children of one span are on its critical path, within the window the
 * span occupies on the path. Walks back from the window's end:
 *
 *   last-finishing child first, then going back, the last-finishing child
 *   that ends at or before the start of the child chosen after it:
 *
 *   window  |------------------------------|
 *   a         |=====|                        on (ends before b starts)
 *   x            |==========|                off (ends after b starts)
 *   b                      |====|            on (ends where c starts)
 *   c                           |=========|  on (last to finish)
 *
 *   clipping: children are cut to the window first
 *
 *   window  |--------------|
 *   c                |=====|===|             on, as |=====| (the rest is clipped)
 *   y                         |===|          off: shares no time with the window
 *
 *   skew tolerance: a child overlapping the next chosen one by less than
 *   `tolerance` still precedes it (and ends where the next one starts),
 *   unless another child starts or ends strictly inside the overlap
 *
 *   a       |======|·|                       on (overlap · < tolerance)
 *   b               |=======|                on
 *
 *   a       |======|··|                      off: d ends inside a's overlap with b
 *   d        |======|·|                      (d overlaps b less, with nothing inside:
 *   b               |=======|                 d precedes b instead)
 *
 * Only synchronous children take part (isAsyncChild decides). Ties between
 * candidates: the later clipped end wins, then the later clipped start, then
 * the higher span index, so identical timestamps give one answer.
 *
 * Allocation-light: the buffers belong to the chooser and grow as needed;
 * the answer is read from `chosen*` before the next call.
 */
import { isAsyncChild } from '../model/edges.js';
import type { TraceTree } from '../model/trace-tree.js';

export class ChildChooser {
  /** Candidates in child-list order (start ascending): index, clipped start and end. */
  private candidate = new Int32Array(16);
  private candStart = new Float64Array(16);
  private candEnd = new Float64Array(16);
  /** Positions into the candidate arrays, in choosing order (end, start, index descending). */
  private order = new Int32Array(16);
  /** Candidate ends sorted ascending, built only when the skew tolerance is needed. */
  private sortedEnds = new Float64Array(16);
  private sortedEndsReady = false;
  private candidates = 0;

  /** The answer of the last `choose`, latest child first. */
  chosen = new Int32Array(16);
  chosenStart = new Float64Array(16);
  /** Where the chosen child stops on the path: its clipped end, or the next chosen child's start when skewed. */
  chosenEnd = new Float64Array(16);
  chosenSkewed = new Uint8Array(16);
  chosenCount = 0;

  constructor(private readonly tree: TraceTree) {}

  /** Chooses the children of `span` on the path through [winStart, winEnd]; returns how many. */
  choose(span: number, winStart: number, winEnd: number, tolerance: number): number {
    this.collect(span, winStart, winEnd);
    this.chosenCount = 0;
    const m = this.candidates;
    if (m === 0) return 0;
    this.sortOrder();
    this.sortedEndsReady = false;
    const { order, candStart, candEnd } = this;
    let cursor = winEnd;
    for (let j = 0; j < m; j++) {
      const p = order[j]!;
      const a = candStart[p]!;
      const b = candEnd[p]!;
      if (b <= cursor) {
        this.record(this.candidate[p]!, a, b, 0);
        cursor = a;
      } else if (tolerance > 0 && b - cursor < tolerance && a < cursor && !this.eventInside(cursor, b)) {
        this.record(this.candidate[p]!, a, cursor, 1);
        cursor = a;
      }
      // Otherwise the child ends after the path has moved past its end, and
      // never qualifies again: the cursor only moves back, which only widens
      // the overlap it would need.
    }
    return this.chosenCount;
  }

  /** Synchronous children that share time with the window, clipped to it. */
  private collect(span: number, winStart: number, winEnd: number): void {
    const { tree } = this;
    const { table } = tree;
    const from = tree.childStart[span]!;
    const to = tree.childStart[span + 1]!;
    this.ensureCandidates(to - from);
    let m = 0;
    for (let k = from; k < to; k++) {
      const c = tree.childList[k]!;
      if (isAsyncChild(table, c, span)) continue;
      const cs = table.start[c]!;
      const ce = Math.max(cs, table.end[c]!);
      const a = cs > winStart ? cs : winStart;
      const b = ce < winEnd ? ce : winEnd;
      // Outside: no time in common, or only an edge touched by a child that has duration.
      if (a > b || (a === b && ce > cs)) continue;
      this.candidate[m] = c;
      this.candStart[m] = a;
      this.candEnd[m] = b;
      m++;
    }
    this.candidates = m;
  }

  /**
   * Candidates come in start order, so for sequential children the reverse
   * is already the choosing order: check that before paying for a sort.
   */
  private sortOrder(): void {
    const m = this.candidates;
    const { order, candidate, candStart, candEnd } = this;
    for (let j = 0; j < m; j++) order[j] = m - 1 - j;
    for (let j = 1; j < m; j++) {
      if (laterFirst(candidate, candStart, candEnd, order[j - 1]!, order[j]!) > 0) {
        // The comparator is made only here: most spans never need the sort, and a closure per span showed in profiles.
        order.subarray(0, m).sort((p, q) => laterFirst(candidate, candStart, candEnd, p, q));
        return;
      }
    }
  }

  /** Whether another candidate starts or ends strictly inside (from, to). */
  private eventInside(from: number, to: number): boolean {
    const m = this.candidates;
    if (!this.sortedEndsReady) {
      this.sortedEnds.set(this.candEnd.subarray(0, m));
      this.sortedEnds.subarray(0, m).sort();
      this.sortedEndsReady = true;
    }
    // Clipped starts are already ascending (child-list order, clipping keeps it).
    return countInside(this.candStart, m, from, to) > 0 || countInside(this.sortedEnds, m, from, to) > 0;
  }

  private record(child: number, start: number, end: number, skewed: number): void {
    const i = this.chosenCount++;
    this.chosen[i] = child;
    this.chosenStart[i] = start;
    this.chosenEnd[i] = end;
    this.chosenSkewed[i] = skewed;
  }

  private ensureCandidates(n: number): void {
    if (n <= this.candidate.length) return;
    const size = Math.max(n, this.candidate.length * 2);
    this.candidate = new Int32Array(size);
    this.candStart = new Float64Array(size);
    this.candEnd = new Float64Array(size);
    this.order = new Int32Array(size);
    this.sortedEnds = new Float64Array(size);
    this.chosen = new Int32Array(size);
    this.chosenStart = new Float64Array(size);
    this.chosenEnd = new Float64Array(size);
    this.chosenSkewed = new Uint8Array(size);
  }
}

/** Sort order of candidates: later end first, then later start, then higher span index. */
function laterFirst(candidate: Int32Array, candStart: Float64Array, candEnd: Float64Array, p: number, q: number): number {
  return candEnd[q]! - candEnd[p]! || candStart[q]! - candStart[p]! || candidate[q]! - candidate[p]!;
}

/** How many of sorted[0 … m-1] lie strictly between from and to. */
function countInside(sorted: Float64Array, m: number, from: number, to: number): number {
  return firstAtLeast(sorted, m, to, false) - firstAtLeast(sorted, m, from, true);
}

/** First index whose value is >= x (or > x when `strict`), m when none. */
function firstAtLeast(sorted: Float64Array, m: number, x: number, strict: boolean): number {
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (strict ? v > x : v >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
