/**
 * Small seeded PRNG so the sample traces are reproducible byte for byte.
 * Math.random is never used anywhere in the generator.
 */

/** Mixes several 32-bit integers into one seed (murmur3 finalizer per step). */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** Stable 32-bit hash of a label, used to derive independent streams from one seed. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The draws the generators need, over any uniform source `next()` in [0, 1).
 * The sample traces and the benchmark's synthetic data use different
 * generators (see bench/seeded-random.ts) but the same distributions.
 */
export abstract class Distributions {
  abstract next(): number;

  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /**
   * Log-normal latency in ms: most values near `median`, with a right-skewed
   * tail like real request latencies. `spread` is sigma of the underlying normal.
   */
  latency(median: number, spread = 0.35): number {
    const u1 = 1 - this.next(); // (0, 1], keeps log() finite
    const u2 = this.next();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    return median * Math.exp(spread * normal);
  }
}

export class Random extends Distributions {
  private state: number;

  constructor(seed: number) {
    super();
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Lowercase hex string of `bytes` random bytes, never all zero (invalid as an OTel id). */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i++)
      out += Math.floor(this.next() * 256)
        .toString(16)
        .padStart(2, '0');
    return /^0+$/.test(out) ? out.slice(0, -1) + '1' : out;
  }

  /** Random (version 4) UUID string. */
  uuid(): string {
    const h = this.hex(16);
    const variant = '89ab'[parseInt(h.charAt(16), 16) & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}
