/** Display formatting: counts, bytes, times. Pure functions of their input. */

const counts = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return counts.format(n);
}

/** "1 span", "2,500 spans". */
export function formatCountOf(n: number, noun: string): string {
  return `${formatCount(n)} ${n === 1 ? noun : `${noun}s`}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

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

export function formatTimeRange(startNs: bigint | null, endNs: bigint | null): string {
  if (startNs === null || endNs === null) return 'no spans';
  return `${formatTimestamp(startNs)} → ${formatTimestamp(endNs)} (${formatDuration(endNs - startNs)})`;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
