/**
 * Clock-skew adjustment: spans recorded on different machines carry
 * different clocks, so a callee can appear to start before its caller or
 * to end after it. Like Jaeger's adjuster, we assume the network latency
 * splits evenly between request and response and centre the callee in its
 * caller's window, moving its whole subtree with it.
 *
 *   another service, starting before the parent: centred
 *     api  parent     |====================|
 *     db   child   |======|                       raw
 *     db   child             |======|             adjusted: gap before = gap after
 *
 *   another service, ending after the parent: centred
 *     api  parent  |====================|
 *     db   child                   |======|       raw
 *     db   child          |======|                adjusted
 *
 *   same service: one clock, so what it shows is true — never shifted
 *     api  parent     |==========|
 *     api  child   |=====|                        left as is
 *
 *   the child is longer than the parent: no placement fits — left as is
 *     api  parent     |======|
 *     db   child   |============|                 (analyses clip it later)
 *
 *   asynchronous child (FOLLOWS_FROM, consumer under producer): it may
 *   legitimately run after the parent — left as is
 *     api  producer |===|
 *     wkr  consumer          |======|
 *
 *   the subtree moves with its root, and a child is judged against its
 *   parent's adjusted position (so a shift is never applied twice)
 *     api  a       |====================|
 *     db   b                               |========|          raw: after a
 *     cch  c                                 |====|            raw: inside b
 *     db   b             |========|                            b centred in a
 *     cch  c               |====|                              c moved with b: inside, no shift of its own
 *
 * A child still outside after moving with its parent gets a shift of its
 * own on top of the parent's. Top spans (roots and orphans) never move.
 * Walked top-down with an explicit stack: chains 100k deep are fine.
 */
import { isAsyncChild } from '../model/edges.js';
import type { SpanTable } from '../model/span-table.js';
import { buildTraceTree, type TraceTree } from '../model/trace-tree.js';

/** A span that got a shift of its own; its descendants move with it. */
export interface SkewShift {
  readonly span: number;
  /** The shift this span adds to the one it inherits from its parent (ns). */
  readonly shiftNs: number;
  /** Where the span ended up relative to its raw times: inherited + own (ns). */
  readonly totalShiftNs: number;
}

export interface ClockSkewResult {
  /** The same columns as the input, with adjusted copies of `start` and `end`. */
  readonly table: SpanTable;
  /** Spans whose subtree was shifted (the subtree root only), in index order. */
  readonly adjusted: readonly SkewShift[];
  /** Spans whose times changed, descendants included. */
  readonly adjustedSpanCount: number;
}

export function adjustClockSkew(tree: TraceTree): ClockSkewResult {
  const { table, parent, childStart, childList } = tree;
  const { start, end, service } = table;
  const n = table.size;
  // Total shift of each span, and the part of it the span got on its own.
  const shift = new Float64Array(n);
  const own = new Float64Array(n);
  const shifted = new Uint8Array(n);

  // Every span is pushed exactly once (parents form a forest), so n slots suffice.
  const stack = new Int32Array(n);
  let top = 0;
  for (let i = 0; i < n; i++) if (parent[i] === -1) stack[top++] = i;
  while (top > 0) {
    const p = stack[--top]!;
    const inherited = shift[p]!;
    const parentStart = start[p]! + inherited;
    const parentEnd = end[p]! + inherited;
    const parentDuration = end[p]! - start[p]!;
    for (let k = childStart[p]!; k < childStart[p + 1]!; k++) {
      const c = childList[k]!;
      let s = inherited;
      const childStartNow = start[c]! + s;
      const childDuration = end[c]! - start[c]!;
      const outside = childStartNow < parentStart || end[c]! + s > parentEnd;
      if (outside && service[c] !== service[p] && childDuration >= 0 && childDuration <= parentDuration && !isAsyncChild(table, c, p)) {
        own[c] = parentStart + (parentDuration - childDuration) / 2 - childStartNow;
        s += own[c]!;
        shifted[c] = 1;
      }
      shift[c] = s;
      stack[top++] = c;
    }
  }

  const adjustedStart = new Float64Array(n);
  const adjustedEnd = new Float64Array(n);
  const adjusted: SkewShift[] = [];
  let adjustedSpanCount = 0;
  for (let i = 0; i < n; i++) {
    const s = shift[i]!;
    adjustedStart[i] = start[i]! + s;
    adjustedEnd[i] = end[i]! + s;
    // Own shifts can cancel out along a chain; only spans that really moved count.
    if (s !== 0) adjustedSpanCount++;
    if (shifted[i]) adjusted.push({ span: i, shiftNs: own[i]!, totalShiftNs: s });
  }
  return { table: { ...table, start: adjustedStart, end: adjustedEnd }, adjusted, adjustedSpanCount };
}

/** Which clock the analyses read: the times as recorded, or skew-adjusted. */
export type ClockMode = 'raw' | 'adjusted';

export interface TimedTree {
  readonly table: SpanTable;
  readonly tree: TraceTree;
}

// The adjusted tree costs a full rebuild; toggling raw/adjusted should not redo it.
const adjustedTrees = new WeakMap<TraceTree, TimedTree>();

/**
 * The table and tree to analyse in the chosen mode. For 'adjusted' the tree
 * is rebuilt from the adjusted table, as shifts can reorder siblings; when
 * nothing moved, the raw table and tree are returned as they are.
 *
 * Caveat, broken data only: parent ids forming a cycle are cut at the
 * cycle's earliest span, and the rebuild judges "earliest" by adjusted time,
 * so it may cut a cycle at a different span than the raw tree did.
 */
export function timesFor(tree: TraceTree, mode: ClockMode): TimedTree {
  if (mode === 'raw') return { table: tree.table, tree };
  let timed = adjustedTrees.get(tree);
  if (!timed) {
    const { table, adjustedSpanCount } = adjustClockSkew(tree);
    timed = adjustedSpanCount === 0 ? { table: tree.table, tree } : { table, tree: buildTraceTree(table) };
    adjustedTrees.set(tree, timed);
  }
  return timed;
}
