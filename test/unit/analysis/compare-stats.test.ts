import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  compared,
  erfc,
  mannWhitney,
  mannWhitneyWithZeros,
  MIN_SAMPLES,
  normalCdf,
  normalSf,
  SMALL_EFFECT,
} from '../../../shared/analysis/compare/stats.js';

describe('the normal distribution', () => {
  // Reference values: scipy.special.erfc / scipy.stats.norm.
  it.each<[number, number]>([
    [0, 1],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [2, 0.004677734981047266],
    [2.5, 0.000406952017444959],
    [3, 2.209049699858544e-5],
    [5, 1.5374597944280349e-12],
    [-1, 1.8427007929497148],
  ])('erfc(%f) = %f', (x, want) => {
    expect(Math.abs(erfc(x) - want)).toBeLessThan(1e-15 + 1e-10 * want);
  });

  it('Φ and 1 − Φ at the usual quantiles', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalSf(1.959963984540054)).toBeCloseTo(0.025, 12);
    expect(normalCdf(-1.6448536269514722)).toBeCloseTo(0.05, 12);
    expect(normalSf(-1)).toBeCloseTo(0.8413447460685429, 12);
  });
});

describe('mannWhitney: known values', () => {
  // Expected: scipy.stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True); δ = 1 − 2·U_a/(n_a n_b).
  it.each<{ name: string; a: number[]; b: number[]; p: number; delta: number; significant: boolean }>([
    {
      name: 'fully separated, b larger',
      a: [1, 2, 3, 4, 5, 6, 7, 8],
      b: [9, 10, 11, 12, 13, 14, 15, 16],
      p: 0.0009391056991171899,
      delta: 1,
      significant: true,
    },
    {
      name: 'fully separated, b smaller (unequal sizes)',
      a: [9, 10, 11, 12, 13, 14, 15, 16, 17],
      b: [1, 2, 3, 4, 5, 6, 7, 8],
      p: 0.0006355079242469125,
      delta: -1,
      significant: true,
    },
    {
      name: 'ties within and across sides',
      a: [1, 2, 2, 3, 3, 3, 4, 5, 5, 6],
      b: [3, 4, 4, 5, 6, 6, 7, 7, 8, 9, 9],
      p: 0.005625214779700691,
      delta: 0.7181818181818183,
      significant: true,
    },
    {
      name: 'overlapping, one shared value',
      a: [12, 15, 11, 18, 14, 13, 17, 16, 10],
      b: [20, 14, 22, 19, 16, 21, 18, 25, 23],
      p: 0.0040495889222631155,
      delta: 0.8148148148148149,
      significant: true,
    },
    {
      name: 'a moderate shift that is not significant',
      a: [3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.1, 2.9, 5.0, 4.1],
      b: [4.0, 5.2, 3.3, 6.6, 4.9, 5.5, 3.9, 6.0, 4.6, 5.1],
      p: 0.21229383619233155,
      delta: 0.34,
      significant: false,
    },
    {
      name: 'many zeros',
      a: [0, 0, 0, 0, 0, 1, 2, 3],
      b: [0, 0, 1, 2, 3, 4, 5, 6, 7, 8],
      p: 0.02777147935753131,
      delta: 0.6125,
      significant: true,
    },
  ])('$name', ({ a, b, p, delta, significant }) => {
    const t = mannWhitney(a, b);
    expect(t.test).toBe('mann-whitney-u');
    expect(t.pValue).not.toBeNull();
    expect(Math.abs(t.pValue! - p)).toBeLessThan(1e-10);
    expect(t.effectSize).toBeCloseTo(delta, 12);
    expect(t.significant).toBe(significant);
    expect(t.sizes).toEqual([a.length, b.length]);
  });

  it('zeros given as a count are the same as zeros in the data', () => {
    const full = mannWhitney([0, 0, 0, 0, 0, 1, 2, 3], [0, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const sparse = mannWhitneyWithZeros([1, 2, 3], 5, [1, 2, 3, 4, 5, 6, 7, 8], 2);
    expect(sparse.pValue).toBeCloseTo(full.pValue!, 14);
    expect(sparse.effectSize).toBeCloseTo(full.effectSize, 14);
    expect(sparse.sizes).toEqual([8, 10]);
    // Negative values sort before the zeros.
    const neg = mannWhitney([-2, -1, 0, 0, 0, 1, 2, 3, 4], [-3, 0, 0, 5, 6, 7, 8, 9]);
    const negSparse = mannWhitneyWithZeros([-2, -1, 1, 2, 3, 4], 3, [-3, 5, 6, 7, 8, 9], 2);
    expect(negSparse.pValue).toBeCloseTo(neg.pValue!, 14);
    expect(negSparse.effectSize).toBeCloseTo(neg.effectSize, 14);
  });
});

describe('mannWhitney: edge cases', () => {
  it.each<{ name: string; a: number[]; b: number[]; p: number | null; delta: number }>([
    { name: 'both sides empty', a: [], b: [], p: null, delta: 0 },
    { name: 'one side empty', a: [1, 2, 3, 4, 5, 6, 7, 8], b: [], p: null, delta: 0 },
    { name: `fewer than ${MIN_SAMPLES} on a side`, a: [1, 2, 3, 4, 5, 6, 7], b: [10, 11, 12, 13, 14, 15, 16, 17], p: null, delta: 1 },
    { name: 'all values identical', a: Array<number>(12).fill(5), b: Array<number>(9).fill(5), p: 1, delta: 0 },
    { name: 'the same sample on both sides', a: [1, 5, 2, 8, 3, 9, 4, 7], b: [9, 8, 7, 5, 4, 3, 2, 1], p: 1, delta: 0 },
  ])('$name', ({ a, b, p, delta }) => {
    const t = mannWhitney(a, b);
    expect(t.pValue).toBe(p);
    expect(t.effectSize).toBeCloseTo(delta, 12);
    expect(t.significant).toBe(false);
  });

  it('a significant p-value with a negligible effect is not significant', () => {
    // 2000 vs 2000, b is a shifted by a small amount: p tiny, but |δ| < SMALL_EFFECT.
    const rand = mulberry32(7);
    const a = Array.from({ length: 2000 }, () => normal(rand));
    const b = Array.from({ length: 2000 }, () => normal(rand) + 0.2);
    const t = mannWhitney(a, b);
    expect(t.pValue!).toBeLessThan(ALPHA);
    expect(Math.abs(t.effectSize)).toBeLessThan(SMALL_EFFECT);
    expect(t.significant).toBe(false);
  });

  it('accepts typed arrays and leaves them unsorted', () => {
    const a = Float64Array.of(5, 3, 1, 4, 2, 8, 7, 6);
    mannWhitney(a, Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    expect([...a]).toEqual([5, 3, 1, 4, 2, 8, 7, 6]);
  });
});

describe('compared', () => {
  it.each<{ a: number; b: number; delta: number; relative: number | null }>([
    { a: 100, b: 150, delta: 50, relative: 0.5 },
    { a: 200, b: 100, delta: -100, relative: -0.5 },
    { a: 0, b: 3, delta: 3, relative: null },
    { a: 0, b: 0, delta: 0, relative: null },
  ])('$a → $b', ({ a, b, delta, relative }) => {
    const c = compared(a, b, null);
    expect(c).toEqual({ a, b, delta, relative, test: null });
  });
});

describe('mannWhitney: properties over random latencies', () => {
  const SEEDS = 40;
  /** 400 lognormal latencies (median 10 ms, σ 0.5 in log space). */
  const dataset = (rand: () => number) => Array.from({ length: 400 }, () => 1e7 * Math.exp(0.5 * normal(rand)));

  it('two random halves of one dataset rarely differ (false positives ≈ alpha)', () => {
    let positives = 0;
    let significant = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rand = mulberry32(seed);
      const values = dataset(rand);
      shuffle(values, rand);
      const t = mannWhitney(values.slice(0, 200), values.slice(200));
      if (t.pValue! < ALPHA) positives++;
      if (t.significant) significant++;
    }
    expect(positives / SEEDS).toBeLessThanOrEqual(0.15);
    expect(significant).toBeLessThanOrEqual(positives);
  });

  it('a 30% slowdown of one half is found, with a positive effect', () => {
    let found = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const rand = mulberry32(1000 + seed);
      const values = dataset(rand);
      shuffle(values, rand);
      const t = mannWhitney(
        values.slice(0, 200),
        values.slice(200).map((v) => v * 1.3),
      );
      if (t.significant && t.effectSize > 0) found++;
    }
    expect(found / SEEDS).toBeGreaterThanOrEqual(0.9);
  });
});

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box-Muller. */
function normal(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function shuffle<T>(values: T[], rand: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
}
