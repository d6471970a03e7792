/** Durations and instants as the trace list shows them. Pure functions of their input. */

/** Each unit is used while the rounded value stays below `below` (then the next unit takes over). */
const UNITS: { name: string; ns: number; below: number }[] = [
  { name: 'ns', ns: 1, below: 1000 },
  { name: 'µs', ns: 1e3, below: 1000 },
  { name: 'ms', ns: 1e6, below: 1000 },
  { name: 's', ns: 1e9, below: 60 },
  { name: 'min', ns: 60e9, below: 60 },
  { name: 'h', ns: 3600e9, below: Infinity },
];

/**
 * "850 µs", "12.3 ms", "1.24 s": three significant digits, so a column of
 * durations lines up and reads at a glance. Rounding happens before the unit
 * is chosen, so 999.96 µs becomes "1.00 ms", never "1000 µs".
 */
export function formatDurationNs(ns: number): string {
  if (!Number.isFinite(ns)) return '—';
  if (ns < 0) return `−${formatDurationNs(-ns)}`;
  for (const unit of UNITS) {
    const value = unit.ns === 1 ? Math.round(ns) : Number((ns / unit.ns).toPrecision(3));
    if (value < unit.below) return `${unit.ns === 1 ? String(value) : value.toFixed(decimalsFor(value))} ${unit.name}`;
  }
  return '—'; // Unreachable: the last unit takes every value.
}

/** Decimals that show three significant digits of an already rounded value. */
function decimalsFor(value: number): number {
  return value >= 100 ? 0 : value >= 10 ? 1 : 2;
}

const NS_PER_MS = 1_000_000n;

/** Splits epoch nanoseconds into whole epoch milliseconds and the nanoseconds after them (0–999,999, also before 1970). */
function splitMs(ns: bigint): { ms: number; subMsNs: number } {
  let ms = ns / NS_PER_MS;
  let rest = ns % NS_PER_MS;
  if (rest < 0n) {
    rest += NS_PER_MS;
    ms -= 1n;
  }
  return { ms: Number(ms), subMsNs: Number(rest) };
}

/** "14:03:27.123": the UTC time of day to the millisecond (a trace list usually spans hours, not days). */
export function formatTimeOfDayNs(ns: bigint): string {
  return new Date(splitMs(ns).ms).toISOString().slice(11, 23);
}

/** "2024-05-01 14:03:27.123456789 UTC": the full instant, to the nanosecond, for a tooltip. */
export function formatTimestampNs(ns: bigint): string {
  const { ms, subMsNs } = splitMs(ns);
  const iso = new Date(ms).toISOString(); // 2024-05-01T14:03:27.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(subMsNs).padStart(6, '0')} UTC`;
}
