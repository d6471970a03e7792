/** A dataset's time span for people: the overview, the report. */

/** A nanosecond timestamp as UTC, to the millisecond. */
function formatTimestamp(ns: bigint): string {
  return new Date(Number(ns / 1_000_000n)).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

function formatDuration(ns: bigint): string {
  const ms = Number(ns) / 1e6;
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const min = s / 60;
  if (min < 60) return `${min.toFixed(1)} min`;
  return `${(min / 60).toFixed(1)} h`;
}

/** "2026-03-02 10:00:00.001 UTC → 2026-03-02 10:05:00.120 UTC (5.0 min)". */
export function formatTimeRange(startNs: bigint | null, endNs: bigint | null): string {
  if (startNs === null || endNs === null) return 'no spans';
  return `${formatTimestamp(startNs)} → ${formatTimestamp(endNs)} (${formatDuration(endNs - startNs)})`;
}
