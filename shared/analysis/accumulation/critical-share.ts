/**
 * Which services and operations the end-to-end latency is spent in, over a
 * whole dataset (the idea of Uber's CRISP): for every trace, each service's
 * (and each operation's) share of the critical path, then the distribution
 * of that share across traces.
 *
 *   trace 1   |gw|order|--------inventory--------|gw|   inventory 70%
 *   trace 2   |gw|order|inv|---payment---|inv|gw|       inventory 20%
 *   → inventory: p50 20%, p90 70%, present in 2 of 2 traces
 *
 * Traces where a service is not on the critical path count as 0%, so the
 * percentiles describe all requests, not only those that reach the service.
 * Only root paths count (orphan subtrees are partial requests).
 */
import { spread, type Spread } from '../model/percentiles.js';
import type { TraceTree } from '../model/trace-tree.js';
import { attributeSpanTime } from './hop-attribution.js';
import type { PathInput } from './path-input.js';

export interface CriticalShare {
  service: string;
  /** Absent for the per-service rows. */
  operation?: string;
  virtual: boolean;
  /** Traces whose critical path spends time here. */
  traces: number;
  totalNs: number;
  /** Share of each trace's critical path (0–1), across all traces. */
  share: Spread;
}

export function criticalShares(tree: TraceTree, paths: readonly PathInput[]): { byService: CriticalShare[]; byOperation: CriticalShare[] } {
  const roots = paths.filter((p) => !p.orphan && p.end > p.start);
  const services = new Map<string, Accumulator>();
  const operations = new Map<string, Accumulator>();
  roots.forEach((path, r) => {
    const length = path.end - path.start;
    for (const seg of path.segments) {
      if (seg.kind === 'queue') continue;
      const where = attributeSpanTime(tree, seg.span);
      const ns = seg.end - seg.start;
      add(services, where.service, undefined, where.virtual, r, ns, length);
      add(
        operations,
        `${where.service}\u0000${tree.table.name[seg.span]}`,
        tree.table.name[seg.span]!,
        where.virtual,
        r,
        ns,
        length,
        where.service,
      );
    }
  });
  const finish = (m: Map<string, Accumulator>) =>
    [...m.values()]
      .map((a) => summarize(a, roots.length))
      .sort((x, y) => y.share.mean - x.share.mean || x.service.localeCompare(y.service));
  return { byService: finish(services), byOperation: finish(operations) };
}

interface Accumulator {
  service: string;
  operation: string | undefined;
  virtual: boolean;
  totalNs: number;
  /** Share per root path that has time here (others are 0). */
  shares: Map<number, number>;
}

function add(
  m: Map<string, Accumulator>,
  key: string,
  operation: string | undefined,
  virtual: boolean,
  root: number,
  ns: number,
  length: number,
  service = key,
): void {
  let a = m.get(key);
  if (!a) m.set(key, (a = { service, operation, virtual, totalNs: 0, shares: new Map() }));
  a.totalNs += ns;
  a.shares.set(root, (a.shares.get(root) ?? 0) + ns / length);
}

function summarize(a: Accumulator, rootCount: number): CriticalShare {
  const values = new Float64Array(rootCount);
  let i = 0;
  for (const share of a.shares.values()) values[i++] = share;
  return {
    service: a.service,
    ...(a.operation === undefined ? {} : { operation: a.operation }),
    virtual: a.virtual,
    traces: a.shares.size,
    totalNs: a.totalNs,
    share: spread(values),
  };
}
