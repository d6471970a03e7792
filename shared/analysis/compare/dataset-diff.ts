/**
 * Two sides' samples (samples.ts) compared: the end-to-end numbers and one
 * ChangeRow per service, (service, operation) and edge present on either
 * side. "a" is the baseline, "b" the comparison.
 *
 * Every number is a Compared with the test over the samples behind it
 * (stats.ts, Mann-Whitney U): the percentiles and mean of end to end over the
 * per-request latencies; per-trace means (calls, spans, services, syncChain,
 * queue time, critical-path share and time) over the per-trace values, zeros
 * included, so they describe all requests; call-duration percentiles over the
 * call durations. Error rates carry no test (test null): the effect-size
 * threshold of a rank test would hide a rise from 1% to 10%.
 *
 * Ranking: impactNs = |Δ mean exclusive critical-path ns per trace| × the
 * traces where the subject occurs (the larger side's count), i.e. roughly the
 * total request time the change added or saved over those traces; then
 * |Δ calls per trace|, then the subject's text. All rows are kept (the UI
 * filters); `significant` is any test significant, or the subject appearing
 * or disappearing.
 */
import type { ChangeRow, DatasetComparison, SignificanceTest } from '../../engine/compare-api.js';
import { nearestRank } from '../model/percentiles.js';
import { subjectText, type DatasetSamples, type KeySamples } from './samples.js';
import { compared, mannWhitney, mannWhitneyWithZeros } from './stats.js';

/** Per-trace latencies sent for histograms / CDFs: at most this many (evenly spaced quantiles beyond). */
export const MAX_LATENCIES = 20_000;

export function compareSamples(a: DatasetSamples, b: DatasetSamples): { endToEnd: DatasetComparison['endToEnd']; changes: ChangeRow[] } {
  return { endToEnd: endToEnd(a, b), changes: changes(a, b) };
}

/**
 * "End to end" is what the user waits for: the root's critical path (its
 * window), not the trace's whole extent, which after a move to messaging
 * includes consumers finishing long after the response. That extent is the
 * completion time, reported beside it.
 */
function endToEnd(a: DatasetSamples, b: DatasetSamples): DatasetComparison['endToEnd'] {
  const latA = a.criticalPathNs.slice().sort();
  const latB = b.criticalPathNs.slice().sort();
  const latency = mannWhitney(latA, latB);
  const at = (p: number) => compared(percentile(latA, p), percentile(latB, p), latency);
  const perTrace = (x: ArrayLike<number>, y: ArrayLike<number>) => compared(mean(x), mean(y), mannWhitney(x, y));
  const compA = a.completionNs.slice().sort();
  const compB = b.completionNs.slice().sort();
  const completion = mannWhitney(compA, compB);
  return {
    p50Ns: at(50),
    p90Ns: at(90),
    p99Ns: at(99),
    meanNs: compared(mean(latA), mean(latB), latency),
    errorRate: compared(mean(a.failed), mean(b.failed), null),
    spansPerTrace: perTrace(a.spansPerTrace, b.spansPerTrace),
    servicesPerTrace: perTrace(a.servicesPerTrace, b.servicesPerTrace),
    syncChain: perTrace(a.syncChain, b.syncChain),
    queueNs: perTrace(a.queueNs, b.queueNs),
    completionNs: {
      p50: compared(percentile(compA, 50), percentile(compB, 50), completion),
      p99: compared(percentile(compA, 99), percentile(compB, 99), completion),
    },
    latenciesNs: { a: downsample(latA, MAX_LATENCIES), b: downsample(latB, MAX_LATENCIES) },
  };
}

const NONE: KeySamples = {
  key: '',
  subject: { kind: 'service', service: '' },
  durationsNs: new Float64Array(0),
  calls: 0,
  errors: 0,
  callsPerTrace: new Int32Array(0),
  presentTraces: 0,
  criticalShare: new Float64Array(0),
  criticalNs: new Float64Array(0),
  examples: [],
};

function changes(a: DatasetSamples, b: DatasetSamples): ChangeRow[] {
  const pairs = new Map<string, { a: KeySamples | null; b: KeySamples | null }>();
  for (const k of a.keys) pairs.set(k.key, { a: k, b: null });
  for (const k of b.keys) {
    const pair = pairs.get(k.key);
    if (pair) pair.b = k;
    else pairs.set(k.key, { a: null, b: k });
  }
  const rows: { row: ChangeRow; text: string }[] = [];
  for (const pair of pairs.values()) {
    const row = changeRow(a, pair.a ?? NONE, b, pair.b ?? NONE, pair.a === null ? 'appeared' : pair.b === null ? 'disappeared' : 'both');
    rows.push({ row, text: subjectText(row.subject) });
  }
  rows.sort(
    (x, y) =>
      y.row.impactNs - x.row.impactNs ||
      Math.abs(y.row.callsPerTrace.delta) - Math.abs(x.row.callsPerTrace.delta) ||
      (x.text < y.text ? -1 : x.text > y.text ? 1 : 0),
  );
  return rows.map((r) => r.row);
}

function changeRow(sa: DatasetSamples, ka: KeySamples, sb: DatasetSamples, kb: KeySamples, presence: ChangeRow['presence']): ChangeRow {
  const perTrace = (x: KeySamples, y: KeySamples, values: (k: KeySamples) => ArrayLike<number>, total: (k: KeySamples) => number) =>
    compared(
      sa.traces ? total(x) / sa.traces : 0,
      sb.traces ? total(y) / sb.traces : 0,
      mannWhitneyWithZeros(values(x), sa.traces - values(x).length, values(y), sb.traces - values(y).length),
    );
  const durations = mannWhitney(ka.durationsNs, kb.durationsNs);
  const callsPerTrace = perTrace(
    ka,
    kb,
    (k) => k.callsPerTrace,
    (k) => k.calls,
  );
  const p50Ns = compared(percentile(ka.durationsNs, 50), percentile(kb.durationsNs, 50), durations);
  const p99Ns = compared(percentile(ka.durationsNs, 99), percentile(kb.durationsNs, 99), durations);
  const errorRate = compared(ka.calls ? ka.errors / ka.calls : 0, kb.calls ? kb.errors / kb.calls : 0, null);
  const criticalShare = perTrace(
    ka,
    kb,
    (k) => k.criticalShare,
    (k) => sum(k.criticalShare),
  );
  const criticalNs = perTrace(
    ka,
    kb,
    (k) => k.criticalNs,
    (k) => sum(k.criticalNs),
  );
  const tests: (SignificanceTest | null)[] = [callsPerTrace.test, durations, criticalShare.test, criticalNs.test];
  return {
    subject: (presence === 'appeared' ? kb : ka).subject,
    presence,
    callsPerTrace,
    p50Ns,
    p99Ns,
    errorRate,
    criticalShare,
    criticalNs,
    impactNs: Math.abs(criticalNs.delta) * Math.max(ka.presentTraces, kb.presentTraces),
    significant: presence !== 'both' || tests.some((t) => t?.significant === true),
    examples: { a: ka.examples, b: kb.examples },
  };
}

/** Nearest-rank percentile of sorted values; 0 for none (a missing side counts as zeros). */
function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted.length === 0 ? 0 : nearestRank(sorted, p);
}

function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s;
}

function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

/** Sorted values, or `max` evenly spaced quantiles of them (the min and max kept). */
export function downsample(sorted: ArrayLike<number>, max: number): number[] {
  const n = sorted.length;
  if (n <= max) return Array.from(sorted);
  const out = new Array<number>(max);
  for (let k = 0; k < max; k++) out[k] = sorted[Math.round((k * (n - 1)) / (max - 1))]!;
  return out;
}
