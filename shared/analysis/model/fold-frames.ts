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
