/**
 * The trace list's logic, kept free of the DOM so it can be tested as plain
 * functions: sorting, the scatter's brush, which rows a scrolled viewport
 * shows, and reading what the user types into the filter bar.
 */
import type { TraceFilter, TraceRow } from '../../../shared/engine/views-api.js';

// ── Sorting ─────────────────────────────────────────────────────────────────

export type TraceSortKey = 'start' | 'duration' | 'spans' | 'services' | 'errors' | 'syncChain' | 'root';

export interface TraceSort {
  key: TraceSortKey;
  descending: boolean;
}

export const TRACE_SORT_KEYS: readonly TraceSortKey[] = ['root', 'start', 'duration', 'spans', 'services', 'errors', 'syncChain'];

/** Plain code-unit order, not locale order: deterministic across machines, and fast enough for 100k rows. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const numericField: Record<Exclude<TraceSortKey, 'start' | 'root'>, (row: TraceRow) => number> = {
  duration: (row) => row.durationNs,
  spans: (row) => row.spans,
  services: (row) => row.services,
  errors: (row) => row.errors,
  syncChain: (row) => row.syncChain,
};

/**
 * Each row's root (service, then operation) as its rank among the distinct
 * roots: a trace list has thousands of rows but few roots, so the names are
 * compared a few times, not at every step of the sort.
 */
function rootRanks(rows: readonly TraceRow[]): Float64Array {
  const byRoot = new Map<string, { service: string; operation: string; rank: number }>();
  const rootOf = rows.map((row) => {
    // NUL cannot occur in either name, so the joined key is unambiguous.
    const key = `${row.rootService}\0${row.rootOperation}`;
    let root = byRoot.get(key);
    if (!root) byRoot.set(key, (root = { service: row.rootService, operation: row.rootOperation, rank: 0 }));
    return root;
  });
  [...byRoot.values()]
    .sort((a, b) => byText(a.service, b.service) || byText(a.operation, b.operation))
    .forEach((root, rank) => (root.rank = rank));
  return Float64Array.from(rootOf, (root) => root.rank);
}

/**
 * Each row's sort key as a number, sign included, or null when numbers cannot
 * hold it exactly. Starts are epoch nanoseconds (bigint): as offsets from the
 * earliest they are exact numbers unless the rows span more than ~104 days.
 */
function numericKeys(rows: readonly TraceRow[], key: TraceSortKey, sign: number): Float64Array | null {
  if (key === 'root') return rootRanks(rows).map((rank) => sign * rank);
  const keys = new Float64Array(rows.length);
  if (key === 'start') {
    const extent = startExtent(rows);
    if (!extent || extent.max - extent.min > BigInt(Number.MAX_SAFE_INTEGER)) return null;
    rows.forEach((row, i) => (keys[i] = sign * Number(row.startNs - extent.min)));
  } else {
    const field = numericField[key];
    rows.forEach((row, i) => (keys[i] = sign * field(row)));
  }
  return keys;
}

/**
 * A sorted copy. Ties are broken by trace id, ascending in both directions, so
 * equal rows keep one predictable order whichever way the column is sorted
 * (the id is a stable landmark when an SRE flips the direction); rows equal in
 * key and id keep their input order (stable).
 *
 * Row indices are sorted against numeric keys in a typed array rather than
 * the rows against each other: about twice as fast on 100k rows, which keeps
 * a click on a header under 100 ms.
 */
export function sortTraces(rows: readonly TraceRow[], sort: TraceSort): TraceRow[] {
  const sign = sort.descending ? -1 : 1;
  const ids = rows.map((row) => row.traceId);
  const order = Array.from(rows, (_, i) => i);
  const tie = (a: number, b: number) => byText(ids[a]!, ids[b]!) || a - b;
  const keys = numericKeys(rows, sort.key, sign);
  if (keys) {
    order.sort((a, b) => keys[a]! - keys[b]! || tie(a, b));
  } else {
    // Starts too far apart for numbers: compared as bigints.
    const startA = (a: number) => rows[a]!.startNs;
    order.sort((a, b) => {
      const x = startA(a);
      const y = startA(b);
      return sign * (x < y ? -1 : x > y ? 1 : 0) || tie(a, b);
    });
  }
  return order.map((i) => rows[i]!);
}

/** Which way a column sorts when first clicked: names A→Z, everything measured biggest (or latest) first. */
export function defaultDescending(key: TraceSortKey): boolean {
  return key !== 'root';
}

/** Clicking a header: the same column flips, another column starts in its natural direction. */
export function nextSort(current: TraceSort, key: TraceSortKey): TraceSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: defaultDescending(key) };
}

// ── Brush (a rectangle on the duration-over-time scatter) ──────────────────

export interface Brush {
  fromNs: bigint;
  toNs: bigint;
  minDurationNs: number;
  maxDurationNs: number;
}

/** Inclusive on all four edges: a dot drawn on the rectangle's border looks selected, so it is. */
export function inBrush(row: TraceRow, brush: Brush): boolean {
  return (
    row.startNs >= brush.fromNs &&
    row.startNs <= brush.toNs &&
    row.durationNs >= brush.minDurationNs &&
    row.durationNs <= brush.maxDurationNs
  );
}

/** The rows inside the brush, in their order (all rows when there is no brush). */
export function applyBrush(rows: readonly TraceRow[], brush: Brush | null): readonly TraceRow[] {
  return brush ? rows.filter((row) => inBrush(row, brush)) : rows;
}

/** A brush from two corners given in any order (dragging up or left is as good as down and right). */
export function brushFromCorners(startA: bigint, startB: bigint, durationA: number, durationB: number): Brush {
  return {
    fromNs: startA < startB ? startA : startB,
    toNs: startA < startB ? startB : startA,
    minDurationNs: Math.min(durationA, durationB),
    maxDurationNs: Math.max(durationA, durationB),
  };
}

// ── Extents ─────────────────────────────────────────────────────────────────

/** Shortest and longest duration, or null without rows. */
export function durationExtent(rows: readonly TraceRow[]): { min: number; max: number } | null {
  if (rows.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    if (row.durationNs < min) min = row.durationNs;
    if (row.durationNs > max) max = row.durationNs;
  }
  return { min, max };
}

/** Earliest and latest start, or null without rows. */
export function startExtent(rows: readonly TraceRow[]): { min: bigint; max: bigint } | null {
  const first = rows[0];
  if (!first) return null;
  let min = first.startNs;
  let max = first.startNs;
  for (const row of rows) {
    if (row.startNs < min) min = row.startNs;
    if (row.startNs > max) max = row.startNs;
  }
  return { min, max };
}

// ── Virtualisation ──────────────────────────────────────────────────────────

/**
 * The rows to put in the DOM for a scrolled viewport: first and last index,
 * both inclusive, widened by `overscan` rows each way so a fast scroll does not
 * show blank space before React catches up. Empty (last < first) without rows.
 * A scroll position beyond the end (the list just shrank) is clamped to it.
 */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number,
): { first: number; last: number } {
  if (total <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const maxScrollTop = Math.max(0, total * rowHeight - viewportHeight);
  const top = Math.min(Math.max(0, scrollTop), maxScrollTop);
  const firstVisible = Math.floor(top / rowHeight);
  const lastVisible = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - 1;
  return {
    first: Math.max(0, firstVisible - overscan),
    last: Math.min(total - 1, Math.max(firstVisible, lastVisible) + overscan),
  };
}

/** The scroll position that shows row `index` whole, moving as little as possible (unchanged when it is already in view). */
export function scrollTopToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

// ── Filter bar input ────────────────────────────────────────────────────────

export { parseDuration } from '../../../shared/text/units.js';

/**
 * A duration written back into the input exactly (parseDuration reads it to
 * the same nanoseconds), in the largest unit that keeps it short: "250ms", "1.5s".
 */
export function durationToInputText(ns: number): string {
  const units: [string, number][] = [
    ['s', 1e9],
    ['ms', 1e6],
    ['us', 1e3],
  ];
  for (const [unit, size] of units) {
    if (ns >= size) return `${String(ns / size)}${unit}`;
  }
  return `${ns}ns`;
}

/** "http.status_code=500" → key and value (split at the first "=", both trimmed); null without a key or an "=". */
export function parseAttributeFilter(text: string): { key: string; value: string } | null {
  const equals = text.indexOf('=');
  if (equals < 0) return null;
  const key = text.slice(0, equals).trim();
  if (key === '') return null;
  return { key, value: text.slice(equals + 1).trim() };
}

/** A copy of the filter with one field set, or removed when `value` is undefined (no `key: undefined` left behind). */
export function withFilterField<K extends keyof TraceFilter>(filter: TraceFilter, key: K, value: TraceFilter[K] | undefined): TraceFilter {
  const next: TraceFilter = { ...filter };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Whether any field narrows the list (for enabling "Clear"). */
export function isFilterEmpty(filter: TraceFilter): boolean {
  return Object.values(filter).every((value) => value === undefined);
}
