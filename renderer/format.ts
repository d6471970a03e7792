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

/** The overview and the report write a dataset's time range the same way. */
export { formatTimeRange } from '../shared/text/time-range.js';

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
