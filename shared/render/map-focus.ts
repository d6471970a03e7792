/**
 * Focus on one service of the dependency map: the services within a number
 * of call hops of it. Pure and platform-free.
 *
 *   web → gateway → order → payment      focus order, depth 1:
 *              ↘ search                    both       → gateway, order, payment
 *                                          downstream → order, payment
 *                                          upstream   → gateway, order
 *
 * 'both' is the union of the downstream and the upstream search, not a walk
 * that ignores direction: search, a sibling of order under gateway, is not
 * pulled in at depth 2.
 */

export type FocusDirection = 'both' | 'downstream' | 'upstream';

/**
 * The focus and the services within depth call hops of it (breadth first):
 * downstream follows calls from caller to callee, upstream from callee to
 * caller. depth 0 (or less) → just the focus; Infinity → everything
 * reachable. The focus is included even when no edge mentions it.
 */
export function neighbourhood(
  edges: readonly { from: string; to: string }[],
  focus: string,
  depth: number,
  direction: FocusDirection = 'both',
): Set<string> {
  const result = new Set<string>([focus]);
  const hops = Number.isNaN(depth) ? 0 : Math.floor(Math.max(0, depth));
  if (hops === 0) return result;
  const search = (next: Map<string, string[]>) => {
    const seen = new Set<string>([focus]);
    let frontier = [focus];
    for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
      const reached: string[] = [];
      for (const s of frontier)
        for (const t of next.get(s) ?? []) {
          if (seen.has(t)) continue;
          seen.add(t);
          reached.push(t);
          result.add(t);
        }
      frontier = reached;
    }
  };
  if (direction !== 'upstream')
    search(
      adjacency(
        edges,
        (e) => e.from,
        (e) => e.to,
      ),
    );
  if (direction !== 'downstream')
    search(
      adjacency(
        edges,
        (e) => e.to,
        (e) => e.from,
      ),
    );
  return result;
}

function adjacency(
  edges: readonly { from: string; to: string }[],
  key: (e: { from: string; to: string }) => string,
  value: (e: { from: string; to: string }) => string,
): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of edges) {
    const list = map.get(key(e));
    if (list) list.push(value(e));
    else map.set(key(e), [value(e)]);
  }
  return map;
}
