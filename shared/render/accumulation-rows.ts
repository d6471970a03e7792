/**
 * The rows of the latency accumulation strip. A path often runs through
 * dozens of tiny hops (a cache lookup, a quick query) between the few that
 * matter; each would be a row one pixel wide. Consecutive hops that are each
 * under `minShare` of the path are drawn as one row ("7 short hops"), so the
 * hops that make the latency stand out and the strip stays short. A single
 * short hop between long ones keeps its own row.
 *
 *   hops      gateway 0.4ms · redis 0.8ms · gateway 0.3ms · order 39ms · payment 5.1s
 *   rows      [3 short hops 1.5ms] [order 39ms] [payment 5.1s]
 */
import type { TraceHop } from '../engine/views-api.js';

export type AccumulationRow =
  | { kind: 'hop'; hop: TraceHop }
  | {
      kind: 'group';
      hops: TraceHop[];
      /** Distinct services of the hops, in order of appearance. */
      services: string[];
      /** Running total before the first hop and after the last. */
      fromNs: number;
      runningNs: number;
      totalNs: number;
      overheadNs: number;
    };

export function accumulationRows(hops: readonly TraceHop[], pathNs: number, minShare = 0.01): AccumulationRow[] {
  const rows: AccumulationRow[] = [];
  const short = (h: TraceHop) => pathNs > 0 && h.totalNs < minShare * pathNs;
  let run: TraceHop[] = [];
  const flush = () => {
    if (run.length === 1) rows.push({ kind: 'hop', hop: run[0]! });
    else if (run.length > 1) {
      const last = run[run.length - 1]!;
      const totalNs = run.reduce((sum, h) => sum + h.totalNs, 0);
      rows.push({
        kind: 'group',
        hops: run,
        services: [...new Set(run.map((h) => h.service))],
        fromNs: last.runningNs - totalNs,
        runningNs: last.runningNs,
        totalNs,
        overheadNs: run.reduce((sum, h) => sum + h.overheadNs + h.queueNs, 0),
      });
    }
    run = [];
  };
  for (const hop of hops) {
    if (short(hop)) {
      run.push(hop);
      continue;
    }
    flush();
    rows.push({ kind: 'hop', hop });
  }
  flush();
  return rows;
}
