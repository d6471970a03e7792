/**
 * Layout for the trace flame chart: which row (lane) each span is drawn in,
 * time-axis ticks, label fitting and the zoom/pan arithmetic. Pure functions
 * of their input, platform-free, so they are tested without a canvas.
 *
 * Rows. Time runs left to right, depth top to bottom. A span goes in the
 * first row below its parent's where nothing placed so far is still running
 * when it starts. Spans are placed depth first (a whole subtree before the
 * next sibling), siblings earliest start first (ties: lower span number):
 *
 *   time   0    5    10   15   20   25   30
 *   root   |=============================|      root, a, a1, b, b1, c, c1:
 *   a        |=======|                          row 1: first child
 *   a1         |===|                            row 2: below a
 *   b                  |=======|                row 1: a has ended
 *   b1                   |=|                    row 2: below b, a1 has ended
 *   c                     |=========|           row 3: b and b1 still run at 15
 *   c1                      |==|                row 4: below c
 *
 * drawn:
 *
 *   row 0  |=============================|   root
 *   row 1    |=======| |=======|             a, b
 *   row 2      |===|     |=|                 a1, b1
 *   row 3                 |=========|        c
 *   row 4                   |==|             c1
 *
 * What holds for every layout:
 *   - a child's row is below its parent's (a span whose parent is missing
 *     starts at row 0);
 *   - spans sharing a row never overlap in time (half-open [start, end));
 *   - within a row, spans were placed in start order, so each row read left
 *     to right is sorted by start and by end (binary search when drawing).
 * A row only remembers the latest end placed in it, so a late child of an
 * earlier sibling (an async tail) can push a later subtree one row further
 * down than strictly needed; it never makes two bars overlap.
 *
 * Iterative throughout (explicit stack): traces have 1M spans and chains
 * 100k deep. "First free row at or below r" is a query on a segment tree of
 * row ends, so 100k parallel siblings cost n·log n, not n².
 */
import type { TraceDetail, TraceSpans } from '../engine/views-api.js';

// ── Children ────────────────────────────────────────────────────────────────

/** Each span's children in start order (CSR: children of p are child[offset[p] … offset[p+1]-1]), and the top spans in start order. */
export interface ChildIndex {
  offset: Int32Array;
  child: Int32Array;
  roots: Int32Array;
}

/** A span's parent when it is a real span of this trace (not -1, not out of range, not itself), else -1. */
export function parentOf(spans: TraceSpans, span: number): number {
  const p = spans.parent[span]!;
  return p >= 0 && p < spans.size && p !== span ? p : -1;
}

export function childrenByStart(spans: TraceSpans): ChildIndex {
  const n = spans.size;
  const offset = new Int32Array(n + 1);
  let rootCount = 0;
  for (let i = 0; i < n; i++) {
    const p = parentOf(spans, i);
    if (p < 0) rootCount++;
    else offset[p + 1]!++;
  }
  for (let i = 0; i < n; i++) offset[i + 1]! += offset[i]!;
  const fill = offset.slice(0, n);
  const child = new Int32Array(offset[n]!);
  const roots = new Int32Array(rootCount);
  let r = 0;
  for (let i = 0; i < n; i++) {
    const p = parentOf(spans, i);
    if (p < 0) roots[r++] = i;
    else child[fill[p]!++] = i;
  }
  sortByStart(roots, spans.start);
  for (let p = 0; p < n; p++) {
    if (offset[p + 1]! - offset[p]! > 1) sortByStart(child.subarray(offset[p]!, offset[p + 1]!), spans.start);
  }
  return { offset, child, roots };
}

/**
 * In place: by start, then by end when `end` is given, then span number.
 * Insertion sort for the many short lists; already-sorted lists cost one pass.
 */
export function sortByStart(list: Int32Array, start: Float64Array, end?: Float64Array): void {
  const compare = end
    ? (a: number, b: number) => start[a]! - start[b]! || end[a]! - end[b]! || a - b
    : (a: number, b: number) => start[a]! - start[b]! || a - b;
  const before = (a: number, b: number) => compare(a, b) < 0;
  let sorted = true;
  for (let i = 1; i < list.length && sorted; i++) sorted = !before(list[i]!, list[i - 1]!);
  if (sorted) return;
  if (list.length > 32) {
    list.sort(compare);
    return;
  }
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && before(x, list[j]!)) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

// ── Rows ────────────────────────────────────────────────────────────────────

export interface FlameRows {
  /** Row of each span, 0 at the top. */
  row: Int32Array;
  /** Number of rows used. */
  rows: number;
}

export function flameRows(spans: TraceSpans, children: ChildIndex = childrenByStart(spans)): FlameRows {
  const n = spans.size;
  const row = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const rowEnds = new RowEnds();
  let rows = 0;

  const place = (span: number) => {
    const p = parentOf(spans, span);
    const below = p >= 0 && row[p]! >= 0 ? row[p]! + 1 : 0;
    const start = spans.start[span]!;
    const end = Math.max(start, spans.end[span]!);
    const r = rowEnds.firstFree(below, start);
    rowEnds.set(r, end);
    row[span] = r;
    if (r >= rows) rows = r + 1;
  };

  const layOut = (top: number) => {
    let depth = 0;
    stack[depth++] = top;
    while (depth > 0) {
      const span = stack[--depth]!;
      if (row[span] !== -1) continue;
      place(span);
      // Pushed last-starting first, so the earliest-starting child is laid out next.
      for (let k = children.offset[span + 1]! - 1; k >= children.offset[span]!; k--) {
        const c = children.child[k]!;
        if (row[c] === -1) stack[depth++] = c;
      }
    }
  };

  for (const top of children.roots) layOut(top);
  // Spans whose parent chain loops back on itself are reachable from no top
  // span; lay each loop out from its first span so every span gets a row.
  for (let i = 0; i < n; i++) if (row[i] === -1) layOut(i);
  return { row, rows };
}

/**
 * The latest end placed in each row, with "first row at or after `from` whose
 * latest end is at or before t" answered in O(log rows): a min segment tree
 * over the rows (unused rows hold -Infinity, so one is always free).
 */
class RowEnds {
  private size = 1024;
  private tree = new Float64Array(2 * this.size).fill(-Infinity);

  firstFree(from: number, t: number): number {
    this.ensure(from + 1);
    const { tree, size } = this;
    let i = from + size;
    for (;;) {
      if (tree[i]! <= t) {
        while (i < size) {
          i *= 2;
          if (tree[i]! > t) i++;
        }
        return i - size;
      }
      // Climb while i is a right child, then step to the subtree just right of it.
      while (i & 1) i >>= 1;
      if (i === 0) {
        // Every row from `from` on is busy: grow, the new rows are free.
        const free = this.size;
        this.ensure(free + 1);
        return free;
      }
      i++;
    }
  }

  set(rowIndex: number, end: number): void {
    this.ensure(rowIndex + 1);
    const { tree } = this;
    let i = rowIndex + this.size;
    tree[i] = end;
    for (i >>= 1; i >= 1; i >>= 1) tree[i] = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
  }

  /** Room for `rows` rows plus one free row after them. */
  private ensure(rows: number): void {
    if (rows < this.size) return;
    let size = this.size;
    while (rows >= size) size *= 2;
    const tree = new Float64Array(2 * size).fill(-Infinity);
    tree.set(this.tree.subarray(this.size, 2 * this.size), size);
    for (let i = size - 1; i >= 1; i--) tree[i] = Math.min(tree[2 * i]!, tree[2 * i + 1]!);
    this.size = size;
    this.tree = tree;
  }
}

/** The spans of each row, left to right (CSR: row r holds span[offset[r] … offset[r+1]-1]). */
export interface RowIndex {
  offset: Int32Array;
  span: Int32Array;
}

export function spansByRow(spans: TraceSpans, layout: FlameRows): RowIndex {
  const n = spans.size;
  const offset = new Int32Array(layout.rows + 1);
  for (let i = 0; i < n; i++) offset[layout.row[i]! + 1]!++;
  for (let r = 0; r < layout.rows; r++) offset[r + 1]! += offset[r]!;
  const fill = offset.slice(0, layout.rows);
  const span = new Int32Array(n);
  for (let i = 0; i < n; i++) span[fill[layout.row[i]!]!++] = i;
  // By end too: a zero-length span can share its start with the next bar of its row, and was placed first.
  for (let r = 0; r < layout.rows; r++) sortByStart(span.subarray(offset[r]!, offset[r + 1]!), spans.start, spans.end);
  return { offset, span };
}

// ── Critical path ───────────────────────────────────────────────────────────

/** 1 for each span that owns at least one 'span' segment of the critical path. */
export function criticalMask(detail: TraceDetail): Uint8Array {
  const mask = new Uint8Array(detail.spans.size);
  for (const s of detail.criticalPath.segments) {
    if (s.kind === 'span' && s.span >= 0 && s.span < mask.length) mask[s.span] = 1;
  }
  return mask;
}

// ── Labels ──────────────────────────────────────────────────────────────────

const ELLIPSIS = '…';

/**
 * The whole text when it fits in widthPx, else the longest prefix followed by
 * '…' that fits, else '' (not even '…' fits). `measure` must grow with the
 * length (true of any font), which the binary search relies on.
 */
export function fitLabel(text: string, widthPx: number, measure: (s: string) => number): string {
  if (measure(text) <= widthPx) return text;
  if (measure(ELLIPSIS) > widthPx) return '';
  // Invariant: a prefix of length lo fits, one of length hi does not.
  let lo = 0;
  let hi = text.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (measure(text.slice(0, mid) + ELLIPSIS) <= widthPx) lo = mid;
    else hi = mid;
  }
  // Never end on the first half of a surrogate pair (half an emoji).
  const code = text.charCodeAt(lo - 1);
  if (lo > 0 && code >= 0xd800 && code <= 0xdbff) lo--;
  return text.slice(0, lo) + ELLIPSIS;
}

// ── Time axis ───────────────────────────────────────────────────────────────

/**
 * Tick positions at multiples of the smallest 1/2/5 × 10^k ns step that puts
 * at most maxTicks ticks in [fromNs, toNs]. Steps never go below 1 ns.
 */
export function timeTicks(fromNs: number, toNs: number, maxTicks: number): number[] {
  const step = tickStep(fromNs, toNs, maxTicks);
  if (step === 0) return [];
  const first = Math.ceil(fromNs / step);
  const last = Math.floor(toNs / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    const t = i * step;
    // The division can round (tiny or huge times): keep the promise of "inside".
    if (t >= fromNs && t <= toNs) ticks.push(t);
  }
  return ticks;
}

/** The step timeTicks uses (0 when there is no room for a tick). */
export function tickStep(fromNs: number, toNs: number, maxTicks: number): number {
  const span = toNs - fromNs;
  if (!(span >= 0) || !Number.isFinite(span) || maxTicks < 1) return 0;
  const count = (step: number) => Math.floor(toNs / step) - Math.ceil(fromNs / step) + 1;
  let decade = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, span / maxTicks))));
  for (;;) {
    for (const m of [1, 2, 5]) {
      if (count(m * decade) <= maxTicks) return m * decade;
    }
    decade *= 10;
  }
}

const UNITS: readonly [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
];

/**
 * "0", "250 µs", "12.5 ms", "1.2 s": the unit that keeps the number under
 * 1000, three significant digits. With `stepNs` (the tick step), as many
 * decimals as tell neighbouring ticks apart instead.
 */
export function formatOffset(ns: number, stepNs?: number): string {
  if (ns === 0 || !Number.isFinite(ns)) return ns === 0 ? '0' : String(ns);
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  for (let u = 0; u < UNITS.length; u++) {
    const [size, unit] = UNITS[u]!;
    if (abs < size && u < UNITS.length - 1) continue;
    const value = abs / size;
    const decimals =
      stepNs !== undefined && stepNs > 0
        ? Math.max(0, Math.ceil(-Math.log10(stepNs / size) - 1e-9))
        : Math.max(0, 2 - Math.floor(Math.log10(value)));
    const text = trimZeros(value.toFixed(Math.min(decimals, 6)));
    // Rounding up to 1000 (999.96 µs) reads better in the next unit.
    if (Number(text) >= 1000 && u > 0) return formatOffset(sign === '-' ? -UNITS[u - 1]![0] : UNITS[u - 1]![0], stepNs);
    return `${sign}${text} ${unit}`;
  }
  return String(ns);
}

function trimZeros(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

// ── Viewport ────────────────────────────────────────────────────────────────

/** A window of time in ns from the trace's start. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** The narrowest window zooming reaches by default. */
export const MIN_WINDOW_NS = 1_000;

/**
 * Zooms around `anchorNs`: the window's width is multiplied by `factor`
 * (< 1 zooms in, > 1 zooms out) and the anchor keeps its place in the window,
 * so the time under the pointer stays under the pointer. The result lies
 * inside `bounds` and is never narrower than minSpanNs (or than the bounds).
 */
export function zoomAt(view: TimeWindow, anchorNs: number, factor: number, bounds: TimeWindow, minSpanNs = MIN_WINDOW_NS): TimeWindow {
  const width = view.to - view.from;
  if (!(width > 0) || !(factor > 0)) return clampWindow(view, bounds, minSpanNs);
  const fraction = Math.min(1, Math.max(0, (anchorNs - view.from) / width));
  const newWidth = clampWidth(width * factor, bounds, minSpanNs);
  const from = anchorNs - fraction * newWidth;
  return shiftInto(from, newWidth, bounds);
}

/** Moves the window by deltaNs (positive: later), stopping at the bounds. */
export function pan(view: TimeWindow, deltaNs: number, bounds: TimeWindow): TimeWindow {
  const width = Math.min(view.to - view.from, bounds.to - bounds.from);
  return shiftInto(view.from + deltaNs, width, bounds);
}

/** The window made valid: inside the bounds, at least minSpanNs wide. */
export function clampWindow(view: TimeWindow, bounds: TimeWindow, minSpanNs = MIN_WINDOW_NS): TimeWindow {
  const width = clampWidth(view.to - view.from, bounds, minSpanNs);
  const center = (view.from + view.to) / 2;
  return shiftInto(center - width / 2, width, bounds);
}

/** A window showing [fromNs, toNs] with `padding` (a fraction of its width) on each side. */
export function windowAround(fromNs: number, toNs: number, bounds: TimeWindow, padding = 0.05, minSpanNs = MIN_WINDOW_NS): TimeWindow {
  const width = Math.max(0, toNs - fromNs);
  return clampWindow({ from: fromNs - width * padding, to: toNs + width * padding }, bounds, minSpanNs);
}

function clampWidth(width: number, bounds: TimeWindow, minSpanNs: number): number {
  const full = bounds.to - bounds.from;
  return Math.min(full, Math.max(minSpanNs, Number.isFinite(width) ? width : full));
}

function shiftInto(from: number, width: number, bounds: TimeWindow): TimeWindow {
  const start = Math.min(Math.max(from, bounds.from), bounds.to - width);
  return { from: start, to: start + width };
}
