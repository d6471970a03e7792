/**
 * Nearest-rank percentiles: the smallest value with at least p% of the
 * values at or below it. Always one of the values (no interpolation), so a
 * p99 of call durations is a duration some call really took.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1]!;
}

export interface Spread {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summary of a list of numbers (sorts a copy); all zeros with count 0 for an empty list. */
export function spread(values: ArrayLike<number>): Spread {
  return spreadWithZeros(values, 0);
}

/**
 * The summary of `nonZero` plus `zeros` more values of 0, without building
 * the full list: per-service shares over thousands of traces are mostly
 * zeros. With zeros > 0, `nonZero` must hold values ≥ 0.
 */
export function spreadWithZeros(nonZero: ArrayLike<number>, zeros: number): Spread {
  const sorted = Float64Array.from(nonZero).sort();
  const n = sorted.length + zeros;
  if (n === 0) return { count: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  const at = (p: number) => {
    const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
    return rank <= zeros ? 0 : sorted[rank - zeros - 1]!;
  };
  return {
    count: n,
    min: zeros > 0 ? 0 : sorted[0]!,
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted.length > 0 ? sorted[sorted.length - 1]! : 0,
    mean: sum / n,
  };
}
