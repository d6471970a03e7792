/**
 * Which frames of a merged call tree to keep under a budget, the rest folded
 * into one '(other)' frame per parent (critical-flame.ts, call-paths.ts).
 *
 *   root ─┬─ a (90) ─┬─ c (50)          budget 4:  root ─┬─ a ─┬─ c
 *         │          └─ d (5)                            │     └─ (other) = d
 *         └─ b (40)                                      └─ b
 *
 * Frame 0 is the root; parent[f] < f. The heaviest frames are kept first
 * (ties: lower id, so a parent comes before its children) while the kept
 * frames plus the '(other)' frames they need fit in `max`; adding a frame
 * never lowers that count, so the first that does not fit ends the choice.
 * The budget does not count the root; '(other)' frames count.
 */
export function keepHeaviest(parent: ArrayLike<number>, weight: ArrayLike<number>, max: number): Uint8Array {
  const n = parent.length;
  if (n - 1 <= max) return new Uint8Array(n).fill(1);
  const childCount = new Int32Array(n);
  for (let f = 1; f < n; f++) childCount[parent[f]!]!++;
  const droppedChildren = Int32Array.from(childCount);
  const kept = new Uint8Array(n);
  kept[0] = 1;
  let used = childCount[0]! > 0 ? 1 : 0;
  const order = Array.from({ length: n - 1 }, (_, i) => i + 1).sort((a, b) => weight[b]! - weight[a]! || a - b);
  for (const f of order) {
    const p = parent[f]!;
    const cost = 1 + (childCount[f]! > 0 ? 1 : 0) - (droppedChildren[p] === 1 ? 1 : 0);
    if (used + cost > max || !kept[p]) break;
    used += cost;
    kept[f] = 1;
    droppedChildren[p]!--;
  }
  return kept;
}

/** Where the frames keepHeaviest dropped went, and how many traces each '(other)' frame stands for. */
export interface Folding {
  /** For a dropped frame, the kept frame whose '(other)' child holds it; -1 for a kept frame. */
  anchor: Int32Array;
  /** 1 for a kept frame with an '(other)' child. */
  hasOther: Uint8Array;
  /** Per kept frame: the traces that pass through any frame folded into its '(other)'. */
  otherTraces: Int32Array;
}

/**
 * The '(other)' frames of a folded tree. `touched` lists, trace after trace,
 * the frames each trace passes through (each once per trace), trace t's
 * being touched[ends[t-1] … ends[t]-1] (from 0 for the first).
 *
 *   a ─┬─ c        kept: a, c; dropped d, e (e under d)
 *      └─ d ─ e    anchor[d] = anchor[e] = a; hasOther[a] = 1;
 *                  otherTraces[a] = traces through d or e, each counted once
 */
export function foldDropped(parent: ArrayLike<number>, kept: Uint8Array, touched: ArrayLike<number>, ends: readonly number[]): Folding {
  const n = parent.length;
  const anchor = new Int32Array(n).fill(-1);
  const hasOther = new Uint8Array(n);
  const otherTraces = new Int32Array(n);
  let folded = false;
  // parent[f] < f: a dropped frame's parent is anchored (or kept) before it.
  for (let f = 1; f < n; f++) {
    if (kept[f]) continue;
    folded = true;
    const p = parent[f]!;
    if (kept[p]) {
      anchor[f] = p;
      hasOther[p] = 1;
    } else anchor[f] = anchor[p]!;
  }
  if (!folded) return { anchor, hasOther, otherTraces };
  const seen = new Int32Array(n).fill(-1);
  let from = 0;
  ends.forEach((to, trace) => {
    for (let k = from; k < to; k++) {
      const a = anchor[touched[k]!]!;
      if (a >= 0 && seen[a] !== trace) {
        seen[a] = trace;
        otherTraces[a]!++;
      }
    }
    from = to;
  });
  return { anchor, hasOther, otherTraces };
}
