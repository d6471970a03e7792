/**
 * A latency histogram on a log scale: trace latencies span orders of
 * magnitude (a 2 ms cache hit, a 3 s timeout), so equal-width buckets would
 * put nearly everything in the first one. Edges are round steps, about
 * evenly spaced on the log scale (1, 1.5, 2, 3, 5, 7 per decade: 1 ms,
 * 1.5 ms, 2 ms, 3 ms …), from the step at or below the fastest trace to the
 * first step above the slowest, so every value has a bucket and the edges
 * read as round numbers.
 *
 *   latencies   3ms 4ms 12ms 180ms
 *   edges       3 5 7 10 15 20 30 50 70 100 150 200  (ms)
 *   counts       2 0 0  1  0  0  0  0  0   0   1
 */
import type { LatencyHistogram } from './views-api.js';

const STEPS = [1, 1.5, 2, 3, 5, 7];

export function latencyHistogram(latenciesNs: ArrayLike<number>): LatencyHistogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < latenciesNs.length; i++) {
    const v = Math.max(1, latenciesNs[i]!);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (latenciesNs.length === 0) return { edgesNs: [], counts: [] };
  const edgesNs: number[] = [];
  let decade = 10 ** Math.floor(Math.log10(min));
  // The largest step at or below min starts the edges.
  let first = decade;
  for (const s of STEPS) if (s * decade <= min) first = s * decade;
  edgesNs.push(first);
  while (edgesNs[edgesNs.length - 1]! <= max) {
    const lastEdge = edgesNs[edgesNs.length - 1]!;
    let next = 0;
    for (const s of [...STEPS, 10]) {
      if (s * decade > lastEdge) {
        next = s * decade;
        break;
      }
    }
    if (next === 10 * decade) decade *= 10;
    edgesNs.push(next);
  }
  const counts = new Array<number>(edgesNs.length - 1).fill(0);
  for (let i = 0; i < latenciesNs.length; i++) {
    const v = Math.max(1, latenciesNs[i]!);
    // Few buckets (a handful per decade): a linear scan is plenty.
    let b = 0;
    while (b < counts.length - 1 && v >= edgesNs[b + 1]!) b++;
    counts[b]!++;
  }
  return { edgesNs, counts };
}
