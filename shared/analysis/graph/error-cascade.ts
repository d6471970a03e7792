/**
 * Error cascades: where a failed request's error started, and which spans
 * passed it up to the root.
 *
 * A trace failed when its root (first top span, tree.tops) has error=1.
 * From the root, follow failed children down: at each failed span, step to
 * its failed synchronous child that ended last — the failure the span saw
 * last before giving up (with retries, the final attempt's). The origin is
 * where this stops: a failed span none of whose sync children failed, so
 * nothing below explains its error. The chain is the path from the origin up
 * to the root; every span on it has error=1.
 *
 *   gw     |x=========================x|          x = error=1
 *   order    |x====================x|
 *   pay        |x======x| |x=======x|             two failed attempts:
 *   ext          |x==x|     |x===x|               the later one is followed
 *           → origin = second ext call, chain = [ext, pay, order, gw]
 *
 *   gw     |x=====================x|
 *   order    |x====x|    |x=====x|                two independent failing branches:
 *   inv        |x=x|                              the branch that ended last (ship)
 *   ship                   |x==x|                 is the one followed
 *           → origin = ship, chain = [ship, order, gw]
 *
 *   gw     |x==================x|
 *   order    |==========|                         order handled inv's failure (ok):
 *   inv        |x====x|                           the cascade stops above it,
 *           → origin = gw, chain = [gw]           gw's error is its own
 *
 * Non-error hops end the cascade: a span with error=0 between two failed
 * spans counts as having handled the error below it. Async children (a
 * consumer, a FOLLOWS_FROM child) never explain a failure: the parent did
 * not wait for them.
 *
 * byService, per service, counts traces: originated = traces whose origin is
 * in it; propagated = traces whose chain passes through it while the origin
 * is in another service.
 */
import { isAsyncChild } from '../model/edges.js';
import type { TraceTree } from '../model/trace-tree.js';

export interface ErrorCascade {
  trace: number;
  origin: number;
  /** Span indexes from the origin (first) up to the root (last). */
  chain: number[];
}

export interface CascadeByService {
  service: string;
  originated: number;
  propagated: number;
}

export interface ErrorCascades {
  cascades: ErrorCascade[];
  byService: CascadeByService[];
}

export function errorCascades(tree: TraceTree): ErrorCascades {
  const { table, childStart, childList } = tree;
  const cascades: ErrorCascade[] = [];
  const counts = new Map<string, CascadeByService & { lastTrace: number }>();
  const count = (service: string) => {
    let c = counts.get(service);
    if (!c) counts.set(service, (c = { service, originated: 0, propagated: 0, lastTrace: -1 }));
    return c;
  };

  for (let t = 0; t < tree.traceCount; t++) {
    const root = tree.tops(t)[0];
    if (root === undefined || table.error[root] !== 1) continue;
    const chain = [root];
    for (let at = root; ;) {
      let next = -1;
      // Children are ordered by start, so on equal ends the later-starting one wins.
      for (let c = childStart[at]!; c < childStart[at + 1]!; c++) {
        const child = childList[c]!;
        if (table.error[child] !== 1 || isAsyncChild(table, child, at)) continue;
        if (next < 0 || table.end[child]! >= table.end[next]!) next = child;
      }
      if (next < 0) break;
      chain.push(next);
      at = next;
    }
    chain.reverse();
    const origin = chain[0]!;
    cascades.push({ trace: t, origin, chain });

    const originService = table.service[origin]!;
    const o = count(originService);
    o.originated++;
    o.lastTrace = t;
    for (const span of chain) {
      const c = count(table.service[span]!);
      if (c.lastTrace === t) continue;
      c.lastTrace = t;
      c.propagated++;
    }
  }

  const byService = [...counts.values()]
    .map(({ service, originated, propagated }) => ({ service, originated, propagated }))
    .sort((a, b) => b.originated - a.originated || b.propagated - a.propagated || (a.service < b.service ? -1 : 1));
  return { cascades, byService };
}
