/**
 * How retries multiply across layers. When A retries B and each attempt's B
 * retries C, C sees the product of both:
 *
 *   inventory → payment    |xxxxxxxxxxx| |xxxxxxxxxxx| |xxxxxxxxxxx|   3 attempts, all fail
 *   payment → provider       |x||x||x|     |x||x||x|     |x||x||x|     3 under each: 9 calls
 *
 * Per root request r (a span with no parent in the data) and call path P
 * (the edges, caller service → callee, of the outgoing calls from r down to
 * and including the call; P₁ … Pₖ are its prefixes):
 *
 *   made(r, P)     outgoing calls on path P under r
 *   logical(r, P)  of those, first attempts (logical calls requested)
 *   amp(r, P)      made ÷ logical: the retry amplification of that layer
 *   compound(r, P) amp(r, P₁) × amp(r, P₂) × … × amp(r, Pₖ)
 *
 * compound is the calls reaching P's callee divided by the calls that would
 * have reached it with no retry anywhere, when each upstream attempt issues
 * the average number of logical calls of its layer (exactly so in the 3 × 3
 * case: 9 ÷ 1). Counting "first attempts whose ancestors are all first
 * attempts" instead would give 0 when only a retry got through to the callee;
 * the product never divides by 0. Mixed outcomes average out:
 *
 *   inventory → payment    |xxxxxxxxxxx| |=====|   2 made ÷ 1 logical: amp 2
 *   payment → provider       |x||x||x|     |=|     4 made ÷ 2 logical: amp 2
 *                                                  compound 2 × 2 = 4 = 4 calls ÷ 1 without retries
 *
 * An edge with no retries of its own still shows the load of the retries
 * above it: in the 3 × 3 case each payment attempt also writes to payment's
 * database, so that edge has amplification 1 but compound 3.
 *
 * Per edge: max and mean of compound(r, P) over every (r, P) whose last edge
 * it is. Walks every root's subtree once with an explicit stack; paths are
 * interned as numbers (a path's parent is interned before it, so ascending
 * path numbers are a top-down order).
 */
import type { TraceTree } from '../model/trace-tree.js';

export interface CompoundAmplification {
  /** Per edge number: max compound amplification (0 where the edge was never reached). */
  readonly max: Float64Array;
  /** Per edge number: mean compound amplification over (root request, path) pairs. */
  readonly mean: Float64Array;
}

/**
 * @param edgeOf edge number of every outgoing span, -1 for other spans
 * @param isRetry 1 for attempts after the first of their logical call
 */
export function compoundAmplification(tree: TraceTree, edgeOf: Int32Array, edgeCount: number, isRetry: Uint8Array): CompoundAmplification {
  const { table, parent, childStart, childList } = tree;
  const n = table.size;
  const max = new Float64Array(edgeCount);
  const sum = new Float64Array(edgeCount);
  const count = new Int32Array(edgeCount);

  // Path 0 is the empty path (the root request itself).
  const pathNumbers = new Map<number, number>();
  const pathParent: number[] = [-1];
  const pathEdge: number[] = [-1];
  const made: number[] = [0];
  const logical: number[] = [0];
  const compound: number[] = [1];
  const touched: number[] = [];
  const pathOf = new Int32Array(n);
  const stack = new Int32Array(n);

  for (let root = 0; root < n; root++) {
    if (parent[root] !== -1) continue;
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const s = stack[--top]!;
      const up = s === root ? 0 : pathOf[parent[s]!]!;
      const edge = edgeOf[s]!;
      let path = up;
      if (edge >= 0) {
        const key = up * edgeCount + edge;
        path = pathNumbers.get(key) ?? -1;
        if (path < 0) {
          path = pathParent.length;
          pathNumbers.set(key, path);
          pathParent.push(up);
          pathEdge.push(edge);
          made.push(0);
          logical.push(0);
          compound.push(1);
        }
        if (made[path] === 0) touched.push(path);
        made[path]!++;
        if (isRetry[s] === 0) logical[path]!++;
      }
      pathOf[s] = path;
      for (let k = childStart[s]!; k < childStart[s + 1]!; k++) stack[top++] = childList[k]!;
    }
    if (touched.length === 0) continue;
    touched.sort((a, b) => a - b);
    for (const p of touched) {
      // A retry always follows a first attempt on the same path, so logical ≥ 1; max() guards odd data.
      const c = (compound[pathParent[p]!]! * made[p]!) / Math.max(1, logical[p]!);
      compound[p] = c;
      const edge = pathEdge[p]!;
      count[edge]!++;
      sum[edge]! += c;
      if (c > max[edge]!) max[edge] = c;
    }
    for (const p of touched) made[p] = logical[p] = 0;
    touched.length = 0;
  }

  const mean = new Float64Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) mean[e] = count[e]! > 0 ? sum[e]! / count[e]! : 0;
  return { max, mean };
}
