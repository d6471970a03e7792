/**
 * Two-sample statistics for before/after comparisons: is b different from a,
 * and by how much?
 *
 * Mann-Whitney U (two-sided), because latencies are skewed and heavy-tailed
 * and a rank test assumes no distribution. Normal approximation of U with the
 * tie correction of its variance and a continuity correction, the way
 * scipy.stats.mannwhitneyu(method='asymptotic', use_continuity=True) does it:
 *
 *   U_a = R_a − n_a(n_a+1)/2             R_a: sum of a's ranks (ties: mean rank)
 *   σ² = n_a n_b / 12 · ((N+1) − Σ(t³−t) / (N(N−1)))     t: size of each tie group
 *   z  = (max(U_a, U_b) − n_a n_b / 2 − ½) / σ,   p = min(1, 2·(1 − Φ(z)))
 *
 * Effect size: Cliff's delta from U, δ = 2U_b/(n_a n_b) − 1 = P(b > a) − P(b < a),
 * positive when b is larger. A change is "significant" when p < ALPHA and
 * |δ| ≥ SMALL_EFFECT (Romano et al.'s threshold for a small effect), so a huge
 * sample does not flag a negligible shift.
 *
 * Sorting dominates: O((n+m) log(n+m)). Samples that are mostly zeros (a
 * service absent from most traces) can be given as their non-zero values plus
 * a count of zeros (mannWhitneyWithZeros), without building the zeros.
 */
import type { Compared, SignificanceTest } from '../../engine/compare-api.js';

/** Fewer values than this on either side: no p-value. */
export const MIN_SAMPLES = 8;
export const ALPHA = 0.05;
/** |Cliff's delta| below this is a negligible effect (Romano et al. 2006). */
export const SMALL_EFFECT = 0.147;

export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): SignificanceTest {
  return mannWhitneyWithZeros(a, 0, b, 0);
}

/**
 * The test on `a` plus `zerosA` values of 0 against `b` plus `zerosB` values
 * of 0 (`a` and `b` may hold zeros and negative values too).
 */
export function mannWhitneyWithZeros(a: ArrayLike<number>, zerosA: number, b: ArrayLike<number>, zerosB: number): SignificanceTest {
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  const na = sa.length + zerosA;
  const nb = sb.length + zerosB;
  const sizes: [number, number] = [na, nb];
  if (na === 0 || nb === 0) return { test: 'mann-whitney-u', pValue: null, effectSize: 0, significant: false, sizes };

  // Walk the distinct values of both sides in increasing order (the zeros as one more run of 0).
  let i = 0;
  let j = 0;
  let zerosPending = zerosA + zerosB > 0;
  let rank = 0;
  let rankSumA = 0;
  let ties = 0;
  while (i < sa.length || j < sb.length || zerosPending) {
    let v = Infinity;
    if (i < sa.length) v = sa[i]!;
    if (j < sb.length && sb[j]! < v) v = sb[j]!;
    if (zerosPending && 0 <= v) v = 0;
    let ca = 0;
    let cb = 0;
    if (zerosPending && v === 0) {
      ca += zerosA;
      cb += zerosB;
      zerosPending = false;
    }
    while (i < sa.length && sa[i] === v) {
      ca++;
      i++;
    }
    while (j < sb.length && sb[j] === v) {
      cb++;
      j++;
    }
    const t = ca + cb;
    rankSumA += ca * (rank + (t + 1) / 2);
    rank += t;
    if (t > 1) ties += t * t * t - t;
  }

  const pairs = na * nb;
  const uA = rankSumA - (na * (na + 1)) / 2;
  const uB = pairs - uA;
  const effectSize = clamp((uB - uA) / pairs);
  let pValue: number | null = null;
  if (na >= MIN_SAMPLES && nb >= MIN_SAMPLES) {
    const n = na + nb;
    const variance = (pairs / 12) * (n + 1 - ties / (n * (n - 1)));
    if (variance <= 0) pValue = 1;
    else {
      const z = (Math.max(uA, uB) - pairs / 2 - 0.5) / Math.sqrt(variance);
      pValue = Math.min(1, 2 * normalSf(z));
    }
  }
  return {
    test: 'mann-whitney-u',
    pValue,
    effectSize,
    significant: pValue !== null && pValue < ALPHA && Math.abs(effectSize) >= SMALL_EFFECT,
    sizes,
  };
}

/** One number on both sides and its change; `test` is the test over the samples behind it (null: none). */
export function compared(a: number, b: number, test: SignificanceTest | null): Compared {
  return { a, b, delta: b - a, relative: a === 0 ? null : b / a - 1, test };
}

/** Φ(x), the standard normal CDF (absolute error well below 1e-12). */
export function normalCdf(x: number): number {
  return x < 0 ? 0.5 * erfc(-x / Math.SQRT2) : 1 - 0.5 * erfc(x / Math.SQRT2);
}

/** 1 − Φ(x), accurate in the upper tail too. */
export function normalSf(x: number): number {
  return x >= 0 ? 0.5 * erfc(x / Math.SQRT2) : 1 - 0.5 * erfc(-x / Math.SQRT2);
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * erfc(x) for x ≥ 0: 1 − erf(x) by its series (all terms positive, so no
 * cancellation) below 2.5, where erfc ≥ 4e-4 and the absolute error of ~1e-16
 * is negligible; above, the continued fraction
 *   erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
 * by the modified Lentz method, which converges fast there.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2.5) {
    // erf(x) = 2/√π · e^(−x²) · Σ 2^k x^(2k+1) / (1·3·…·(2k+1))
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (2 * x2) / (2 * k + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (x > 27) return 0;
  // Continued fraction x + K(a_k / x) with a_k = k/2, evaluated by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const ak = k / 2;
    d = x + ak * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + ak / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

function clamp(d: number): number {
  return d > 1 ? 1 : d < -1 ? -1 : d;
}
