/**
 * Icicle layout of an aggregate flame graph (critical-flame.ts): the root
 * across the full width at depth 0, each frame's children laid left to right
 * in their order under it, each as wide as its share of the root's totalNs.
 *
 *   depth 0  |root                                    | 0 … 1
 *   depth 1  |a                       |b          |·     a 0 … 0.6, b 0.6 … 0.9
 *   depth 2  |a1          |                             a1 0 … 0.3
 *
 * A frame narrower than minFraction is left out with everything under it;
 * its time stays in its parent's width (the gap "·" above: nothing is
 * stretched to fill it), as does the parent's own time (after a1 under a).
 * Slices come parent before children, children in order (pre-order), so a
 * caller drawing them in turn paints each row left to right.
 * Iterative: a chain thousands of frames deep is fine.
 */
import type { FlameFrame } from '../analysis/accumulation/critical-flame.js';

export interface FlameSlice {
  frame: FlameFrame;
  /** 0 for `root`. */
  depth: number;
  /** Left and right edge as fractions of root.totalNs, 0 ≤ x0 ≤ x1 ≤ 1. */
  x0: number;
  x1: number;
}

export function flameSlices(root: FlameFrame, minFraction: number): FlameSlice[] {
  const slices: FlameSlice[] = [];
  const scale = root.totalNs > 0 ? 1 / root.totalNs : 0;
  const stack: FlameSlice[] = [{ frame: root, depth: 0, x0: 0, x1: 1 }];
  while (stack.length > 0) {
    const slice = stack.pop()!;
    slices.push(slice);
    if (scale === 0) continue;
    const { frame, depth, x0 } = slice;
    // Pushed last child first, so the first child is laid out (and emitted) next.
    const from = stack.length;
    let x = x0;
    for (const child of frame.children) {
      const width = child.totalNs * scale;
      if (width > 0 && width >= minFraction) stack.push({ frame: child, depth: depth + 1, x0: x, x1: Math.min(1, x + width) });
      x += width;
    }
    reverse(stack, from);
  }
  return slices;
}

function reverse<T>(list: T[], from: number): void {
  for (let i = from, j = list.length - 1; i < j; i++, j--) {
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
}
