/**
 * Icicle layout of a differential flame (flame-diff.ts), as flame-slices.ts
 * lays out a single one: the root across the full width at depth 0, each
 * frame's children left to right in their order under it, each as wide as
 * its larger side, max(aNs, bNs), as a share of the root's larger side.
 *
 * The larger sides of the children can add up to more than their parent's
 * (a child that took 10 ns in a and one that took 10 ns in b, under a parent
 * of 10 ns on both): then the children are scaled down together to fit the
 * parent, so widths stay proportional among siblings and nothing spills over.
 * A frame narrower than minFraction is left out with everything under it,
 * its room left empty. Slices come in pre-order, children in order.
 * Iterative: a chain thousands of frames deep is fine.
 *
 * diffChange classifies a frame for colouring and tests: 'added' (time in b
 * only), 'removed' (in a only), 'same' (|Δ| within `sameWithin` of the
 * larger side), else 'faster' (less time in b) or 'slower'.
 */
import type { DiffFrame } from '../engine/compare-api.js';

export interface DiffSlice {
  frame: DiffFrame;
  /** 0 for `root`. */
  depth: number;
  /** Left and right edge as fractions of the root's width, 0 ≤ x0 ≤ x1 ≤ 1. */
  x0: number;
  x1: number;
}

export type DiffChange = 'faster' | 'slower' | 'same' | 'added' | 'removed';

/** Relative change below which a frame counts as unchanged. */
export const SAME_WITHIN = 0.05;

export function diffSlices(root: DiffFrame, minFraction: number): DiffSlice[] {
  const slices: DiffSlice[] = [];
  const stack: DiffSlice[] = [{ frame: root, depth: 0, x0: 0, x1: 1 }];
  if (widthNs(root) <= 0) return [stack[0]!];
  while (stack.length > 0) {
    const slice = stack.pop()!;
    slices.push(slice);
    const { frame, depth, x0, x1 } = slice;
    let sum = 0;
    for (const child of frame.children) sum += widthNs(child);
    const parentNs = Math.max(widthNs(frame), sum);
    if (parentNs <= 0) continue;
    const scale = (x1 - x0) / parentNs;
    // Pushed last child first, so the first child is laid out (and emitted) next.
    const from = stack.length;
    let x = x0;
    for (const child of frame.children) {
      const width = widthNs(child) * scale;
      if (width > 0 && width >= minFraction) stack.push({ frame: child, depth: depth + 1, x0: x, x1: Math.min(x1, x + width) });
      x += width;
    }
    reverse(stack, from);
  }
  return slices;
}

/** The width a frame is drawn by: its larger side. */
export function widthNs(frame: DiffFrame): number {
  return Math.max(frame.aNs, frame.bNs);
}

/** Δ = bNs − aNs relative to the larger side, in [-1, 1] (0 when both are 0). */
export function relativeDelta(frame: DiffFrame): number {
  const w = widthNs(frame);
  return w > 0 ? (frame.bNs - frame.aNs) / w : 0;
}

export function diffChange(frame: DiffFrame, sameWithin = SAME_WITHIN): DiffChange {
  if (frame.aNs <= 0 && frame.bNs > 0) return 'added';
  if (frame.bNs <= 0 && frame.aNs > 0) return 'removed';
  const d = relativeDelta(frame);
  if (Math.abs(d) <= sameWithin) return 'same';
  return d < 0 ? 'faster' : 'slower';
}

function reverse<T>(list: T[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
}
