/** Numbers in words people read: durations and shares. Shared by the CLI, the app and reports. */

/** Nanoseconds for people: 1.234 s, 56.7 ms, 890 µs. */
export function formatNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs >= 1e9) return `${(ns / 1e9).toFixed(abs >= 1e10 ? 1 : 3)} s`;
  if (abs >= 1e6) return `${(ns / 1e6).toFixed(abs >= 1e8 ? 0 : 1)} ms`;
  if (abs >= 1e3) return `${(ns / 1e3).toFixed(0)} µs`;
  return `${Math.round(ns)} ns`;
}

/** A fraction as a percentage: 0.973 → "97%", 0.042 → "4.2%". */
export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction < 0.1 ? 1 : 0)}%`;
}

const NS_PER_UNIT: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu, what many keyboards type
  ms: 1e6,
  s: 1e9,
  sec: 1e9,
  m: 60e9,
  min: 60e9,
  h: 3600e9,
};

const DURATION_PATTERN = /^(\d+(?:\.\d*)?|\.\d+)\s*([a-zµμ]*)$/;

/**
 * A duration typed by a person, in nanoseconds: "250ms", "1.5s", "800us",
 * "2 min"; a plain number is milliseconds (what latency is usually quoted
 * in). Null for anything else, including negative numbers and the empty string.
 */
export function parseDuration(text: string): number | null {
  const match = DURATION_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return null;
  const unit = match[2] || 'ms';
  const nsPerUnit = NS_PER_UNIT[unit];
  if (nsPerUnit === undefined) return null;
  const ns = Math.round(Number(match[1]) * nsPerUnit);
  return Number.isFinite(ns) ? ns : null;
}
