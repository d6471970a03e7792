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
import { spreadWithZeros, type Spread } from '../model/percentiles.js';
import type { TraceTree } from '../model/trace-tree.js';
import { attributionIndex, type AttributionIndex } from './attribution-index.js';
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

export function criticalShares(
  tree: TraceTree,
  paths: readonly PathInput[],
  index: AttributionIndex = attributionIndex(tree),
): { byService: CriticalShare[]; byOperation: CriticalShare[] } {
  const roots = paths.filter((p) => !p.orphan && p.end > p.start);
  const services = new ShareTable(index.services.length, roots.length);
  const operations = new ShareTable(index.operations.length, roots.length);
  for (const path of roots) {
    const length = path.end - path.start;
    for (const seg of path.segments) {
      if (seg.kind === 'queue') continue;
      const ns = seg.end - seg.start;
      services.add(index.serviceOf[seg.span]!, ns, length);
      operations.add(index.operationOf[seg.span]!, ns, length);
    }
    services.endPath();
    operations.endPath();
  }
  const order = (a: CriticalShare, b: CriticalShare) => b.share.mean - a.share.mean || a.service.localeCompare(b.service);
  return {
    byService: services.rows((k) => ({ service: index.services[k]!.name, virtual: index.services[k]!.virtual })).sort(order),
    byOperation: operations
      .rows((k) => {
        const op = index.operations[k]!;
        const service = index.services[op.service]!;
        return { service: service.name, operation: op.name, virtual: service.virtual };
      })
      .sort(order),
  };
}

/** Per key: the share of each root path, filled path by path (keys untouched by a path get 0). */
class ShareTable {
  private readonly pathShare: Float64Array;
  private readonly seen: Uint8Array;
  private readonly touched: number[] = [];
  private readonly shares: number[][];
  private readonly totalNs: Float64Array;

  constructor(
    keys: number,
    private readonly pathCount: number,
  ) {
    this.pathShare = new Float64Array(keys);
    this.seen = new Uint8Array(keys);
    this.totalNs = new Float64Array(keys);
    this.shares = Array.from({ length: keys }, () => []);
  }

  add(key: number, ns: number, length: number): void {
    if (this.seen[key] === 0) {
      this.seen[key] = 1;
      this.touched.push(key);
    }
    this.pathShare[key]! += ns / length;
    this.totalNs[key]! += ns;
  }

  endPath(): void {
    for (const key of this.touched) {
      this.shares[key]!.push(this.pathShare[key]!);
      this.pathShare[key] = 0;
      this.seen[key] = 0;
    }
    this.touched.length = 0;
  }

  rows(describe: (key: number) => { service: string; operation?: string; virtual: boolean }): CriticalShare[] {
    const out: CriticalShare[] = [];
    for (let key = 0; key < this.shares.length; key++) {
      const list = this.shares[key]!;
      if (list.length === 0) continue;
      out.push({
        ...describe(key),
        traces: list.length,
        totalNs: this.totalNs[key]!,
        share: spreadWithZeros(list, this.pathCount - list.length),
      });
    }
    return out;
  }
}
