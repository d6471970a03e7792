/**
 * Spans on lanes (threads of a Chrome trace) such that the spans on a lane
 * nest properly: any two are disjoint or one contains the other, and a
 * span sits inside another only when that one is its parent. Speedscope
 * rejects threads that do not nest; Perfetto draws nesting as call depth.
 *
 * Spans are placed by start (longest first on ties, parents before their
 * children). A span goes on its parent's lane when its parent is the
 * innermost span still open there and it ends within its parent; otherwise
 * (a concurrent sibling, an async tail outlasting its parent) it starts
 * afresh on the lowest-numbered lane with nothing open, or on a new lane.
 * O(n log n): free lanes come from two heaps, not a scan.
 *
 * Works on the times as given: callers pass exactly the start/end values
 * they will write, so the nesting decided here is the nesting written.
 */
import type { TraceSpans } from '../engine/views-api.js';
import { childrenByStart, parentOf } from '../render/flame-layout.js';

export interface Lanes {
  /** Lane of each span. */
  lane: Int32Array;
  /** Lanes used. */
  count: number;
  /** The spans in the order they were placed: by start, enclosing spans before what they enclose. */
  order: Int32Array;
}

export function nestedLanes(spans: TraceSpans, start: Float64Array, end: Float64Array): Lanes {
  const n = spans.size;
  const depth = depths(spans);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => start[a]! - start[b]! || end[b]! - end[a]! || depth[a]! - depth[b]! || a - b,
  );
  const lane = new Int32Array(n).fill(-1);
  const stacks: number[][] = [];
  // Lanes with something open, by the end of their outermost span; lanes with nothing open, by number.
  const busy = new MinHeap();
  const free = new MinHeap();

  for (const s of order) {
    const p = parentOf(spans, s);
    if (p >= 0 && lane[p]! >= 0) {
      const stack = stacks[lane[p]!]!;
      while (stack.length > 0 && end[stack.at(-1)!]! <= start[s]!) stack.pop();
      if (stack.at(-1) === p && end[s]! <= end[p]!) {
        stack.push(s);
        lane[s] = lane[p]!;
        continue;
      }
    }
    while (busy.size > 0 && busy.peekKey() <= start[s]!) {
      const done = busy.pop();
      free.push(done, done);
    }
    let l: number;
    if (free.size > 0) {
      l = free.pop();
      stacks[l]!.length = 0;
    } else {
      l = stacks.length;
      stacks.push([]);
    }
    stacks[l]!.push(s);
    lane[s] = l;
    busy.push(end[s]!, l);
  }
  return { lane, count: stacks.length, order };
}

/** Depth of each span below its top span (parents before children on equal times). A parent loop counts from where it is entered. */
function depths(spans: TraceSpans): Int32Array {
  const n = spans.size;
  const depth = new Int32Array(n).fill(-1);
  const children = childrenByStart(spans);
  const stack: number[] = [];
  const visit = (top: number) => {
    depth[top] = 0;
    stack.push(top);
    while (stack.length > 0) {
      const s = stack.pop()!;
      for (let k = children.offset[s]!; k < children.offset[s + 1]!; k++) {
        const c = children.child[k]!;
        if (depth[c] !== -1) continue;
        depth[c] = depth[s]! + 1;
        stack.push(c);
      }
    }
  };
  for (const top of children.roots) visit(top);
  for (let i = 0; i < n; i++) if (depth[i] === -1) visit(i);
  return depth;
}

/** A binary min-heap of (key, value) pairs, ties by value. */
class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  peekKey(): number {
    return this.keys[0]!;
  }

  push(key: number, value: number): void {
    const { keys, values } = this;
    let i = keys.length;
    keys.push(key);
    values.push(value);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  /** Removes the smallest pair and returns its value. */
  pop(): number {
    const { keys, values } = this;
    const value = values[0]!;
    const lastKey = keys.pop()!;
    const lastValue = values.pop()!;
    if (keys.length > 0) {
      keys[0] = lastKey;
      values[0] = lastValue;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < keys.length && this.less(l, m)) m = l;
        if (r < keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return value;
  }

  private less(a: number, b: number): boolean {
    return this.keys[a]! < this.keys[b]! || (this.keys[a] === this.keys[b] && this.values[a]! < this.values[b]!);
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b]!, this.keys[a]!];
    [this.values[a], this.values[b]] = [this.values[b]!, this.values[a]!];
  }
}
