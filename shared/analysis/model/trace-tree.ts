/**
 * Parent/child structure of every trace in a SpanTable, in flat arrays
 * (no object per span, no recursion anywhere, so a trace of a million spans
 * or a chain 100k deep is as easy as a small one).
 *
 *   trace t      spans traceStart[t] … traceStart[t+1]-1 of the table
 *   parent[i]    index of i's parent, -1 for a top span
 *   children     childList[childStart[i] … childStart[i+1]-1], by start time
 *   tops(t)      the trace's top spans: true roots first, then orphans
 *
 * A span whose parent id is not in its trace is an orphan: it heads a subtree
 * of its own (parentMissing[i] = 1). Parent ids that form a cycle (broken
 * data) are cut at the earliest span of the cycle, which becomes an orphan
 * too, so every span is reached from exactly one top.
 */
import { NO_PARENT, PARENT_ABSENT, type SpanTable } from './span-table.js';

export interface TraceTree {
  readonly table: SpanTable;
  readonly traceCount: number;
  readonly traceStart: Int32Array;
  /** The trace number of each span. */
  readonly traceOf: Int32Array;
  readonly parent: Int32Array;
  /** 1 where the span names a parent that is not in the data (or that closed a cycle). */
  readonly parentMissing: Uint8Array;
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** Top spans of trace t: spans with no parent id first, then orphans; each group by start time. */
  tops(trace: number): number[];
  /** Index of a span by its ids, or -1 (for following links). */
  find(traceId: string, spanId: string): number;
}

export function buildTraceTree(table: SpanTable): TraceTree {
  const n = table.size;
  const traceOf = new Int32Array(n);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || table.traceId[i] !== table.traceId[i - 1]) starts.push(i);
    traceOf[i] = starts.length - 1;
  }
  starts.push(n);
  const traceStart = Int32Array.from(starts);
  const traceCount = starts.length - 1;

  const parent = new Int32Array(n).fill(-1);
  const parentMissing = new Uint8Array(n);
  if ('index' in table.parents) resolvedParents(table.parents.index, parent, parentMissing);
  else parentsById(table, table.parents.spanId, traceStart, parent, parentMissing);
  cutCycles(n, parent, parentMissing, table.start);

  // Children in CSR form: count, prefix sums, fill, then order each list by start.
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childStart[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const childList = new Int32Array(childStart[n]!);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childList[fill[parent[i]!]!++] = i;
  const byStart = (a: number, b: number) => table.start[a]! - table.start[b]! || table.end[a]! - table.end[b]! || a - b;
  for (let i = 0; i < n; i++) {
    const from = childStart[i]!;
    const to = childStart[i + 1]!;
    if (to - from <= 1) continue;
    // Most spans have a few children: an insertion sort beats a comparator sort call there.
    if (to - from <= 16) insertionSort(childList, from, to, byStart);
    else childList.subarray(from, to).sort(byStart);
  }

  let locator: Map<string, Map<string, number>> | null = null;
  return {
    table,
    traceCount,
    traceStart,
    traceOf,
    parent,
    parentMissing,
    childStart,
    childList,
    tops(t) {
      const roots: number[] = [];
      const orphans: number[] = [];
      for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) {
        if (parent[i] !== -1) continue;
        (parentMissing[i] ? orphans : roots).push(i);
      }
      roots.sort(byStart);
      orphans.sort(byStart);
      return roots.concat(orphans);
    },
    find(traceId, spanId) {
      if (!locator) {
        locator = new Map();
        for (let i = 0; i < n; i++) {
          let spans = locator.get(table.traceId[i]!);
          if (!spans) locator.set(table.traceId[i]!, (spans = new Map()));
          spans.set(table.spanId[i]!, i);
        }
      }
      return locator.get(traceId)?.get(spanId) ?? -1;
    },
  };
}

/** Parents already resolved to indexes: only absent and self-named parents need marking. */
function resolvedParents(index: Int32Array, parent: Int32Array, parentMissing: Uint8Array): void {
  for (let i = 0; i < index.length; i++) {
    const p = index[i]!;
    if (p === NO_PARENT) continue;
    if (p === PARENT_ABSENT || p === i || p < 0 || p >= index.length) parentMissing[i] = 1;
    else parent[i] = p;
  }
}

/** Parents named by id: each trace's ids in one map, looked up by its spans. */
function parentsById(
  table: SpanTable,
  parentSpanId: readonly (string | null)[],
  traceStart: Int32Array,
  parent: Int32Array,
  parentMissing: Uint8Array,
): void {
  const ids = new Map<string, number>();
  for (let t = 0; t + 1 < traceStart.length; t++) {
    ids.clear();
    for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) ids.set(table.spanId[i]!, i);
    for (let i = traceStart[t]!; i < traceStart[t + 1]!; i++) {
      const p = parentSpanId[i];
      if (p === null || p === undefined) continue;
      const at = ids.get(p);
      if (at === undefined || at === i) parentMissing[i] = 1;
      else parent[i] = at;
    }
  }
}

function insertionSort(list: Int32Array, from: number, to: number, compare: (a: number, b: number) => number): void {
  for (let i = from + 1; i < to; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= from && compare(list[j]!, x) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

/** Every span must reach a top by following parents; a span on a cycle never does. */
function cutCycles(n: number, parent: Int32Array, parentMissing: Uint8Array, start: Float64Array): void {
  // 0 = unknown, 1 = on the walk being made, 2 = reaches a top.
  const state = new Uint8Array(n);
  const walk: number[] = [];
  for (let i = 0; i < n; i++) {
    if (state[i] === 2) continue;
    walk.length = 0;
    let at = i;
    while (at >= 0 && state[at] === 0) {
      state[at] = 1;
      walk.push(at);
      at = parent[at]!;
    }
    if (at >= 0 && state[at] === 1) {
      // A cycle: from `at` round to `at` again. Cut it at its earliest span.
      let earliest = at;
      for (let c = parent[at]!; c !== at; c = parent[c]!) if (start[c]! < start[earliest]!) earliest = c;
      parent[earliest] = -1;
      parentMissing[earliest] = 1;
    }
    for (const w of walk) state[w] = 2;
  }
}
