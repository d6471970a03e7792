/**
 * Drives a scenario over many traces. Every trace draws from its own random
 * stream (seed, dataset, trace index), so trace i is identical whether 10 or
 * 100 000 traces are generated, and big datasets can be built in chunks.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { Fleet, type ServiceSpec } from './fleet.js';
import { Random, hashLabel, mixSeed } from './seeded-random.js';

export interface GenerateOptions {
  /** Number of traces (default 300). */
  traces?: number;
  /** PRNG seed (default 42). */
  seed?: number;
  /** Index of the first trace, to generate a large dataset in chunks (default 0). */
  firstTrace?: number;
}

export const DEFAULT_TRACES = 300;
export const DEFAULT_SEED = 42;

/** Mean gap between trace starts; each trace also gets up to 200 ms of jitter. */
const TRACE_SPACING_MS = 250;

export interface Dataset {
  name: string;
  /** Fixed wall-clock origin: nothing depends on the current time. */
  epoch: string;
  services: readonly ServiceSpec[];
  /** Emits one trace whose root starts at `start` (ms offset from the epoch). */
  trace(fleet: Fleet, rng: Random, start: number): void;
}

/** Spans of all generated traces; the spans of one trace are contiguous. */
export function runDataset(dataset: Dataset, options: GenerateOptions = {}): ReadableSpan[] {
  const { traces = DEFAULT_TRACES, seed = DEFAULT_SEED, firstTrace = 0 } = options;
  const fleet = new Fleet({ seed, dataset: dataset.name, epochMs: Date.parse(dataset.epoch), services: dataset.services });
  for (let i = firstTrace; i < firstTrace + traces; i++) {
    fleet.beginTrace(i);
    const rng = new Random(mixSeed(seed, hashLabel(dataset.name), hashLabel('trace'), i));
    dataset.trace(fleet, rng, i * TRACE_SPACING_MS + rng.float(0, 200));
  }
  return fleet.spans;
}
