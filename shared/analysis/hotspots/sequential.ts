/**
 * When one call counts as made after another: the definition N+1 and retry
 * detection share. Both look for calls made one at a time; identical calls
 * that overlap are parallel (fan-out, hedging) and are neither.
 *
 *   sequential     a |=====|
 *                  b         |=====|       b.start ≥ a.end
 *
 *   within the     a |=====|
 *   tolerance      b      |=====|          overlap ≤ tolerance: still sequential
 *
 *   overlapping    a |=========|
 *                  b   |=========|         overlap > tolerance: parallel
 *
 * tolerance = max(overlapToleranceNs, overlapToleranceRatio × the shorter
 * call's duration). The absolute part absorbs timestamp rounding (Jaeger and
 * Zipkin keep microseconds); the relative part absorbs instrumentations that
 * end a span in a callback that runs just after the caller issued the next
 * call. Calls in one parent share a clock, so no more slack is needed, and
 * truly parallel calls overlap by far more than a few percent.
 */
import type { SpanTable } from '../model/span-table.js';

export interface OverlapTolerance {
  /** Overlap always forgiven, in ns. Default 1 µs. */
  overlapToleranceNs?: number;
  /** Overlap forgiven as a share of the shorter call's duration. Default 0.05. */
  overlapToleranceRatio?: number;
}

export const DEFAULT_OVERLAP_TOLERANCE_NS = 1_000;
export const DEFAULT_OVERLAP_TOLERANCE_RATIO = 0.05;

export interface Tolerance {
  readonly ns: number;
  readonly ratio: number;
}

export function toleranceOf(options: OverlapTolerance | undefined): Tolerance {
  return {
    ns: options?.overlapToleranceNs ?? DEFAULT_OVERLAP_TOLERANCE_NS,
    ratio: options?.overlapToleranceRatio ?? DEFAULT_OVERLAP_TOLERANCE_RATIO,
  };
}

/** Whether `next` starts after `prev` ends, up to the tolerance. */
export function isSequential(table: SpanTable, prev: number, next: number, tolerance: Tolerance): boolean {
  const prevEnd = table.end[prev]!;
  const nextStart = table.start[next]!;
  if (nextStart >= prevEnd) return true;
  const shorter = Math.min(prevEnd - table.start[prev]!, table.end[next]! - nextStart);
  return prevEnd - nextStart <= Math.max(tolerance.ns, tolerance.ratio * shorter);
}
