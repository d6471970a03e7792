/**
 * What every benchmark child process shares: its arguments, timing and peak
 * memory of the measured work, and the one JSON line it prints for the
 * parent (bench/ingest-bench.ts). One measurement per process, so the peaks
 * belong to that measurement alone.
 */
import { statSync } from 'node:fs';

export type MeasureKind = 'ours' | 'parse' | 'native';

export interface RunnerResult {
  measure: MeasureKind;
  file: string;
  bytes: number;
  spans: number;
  wallMs: number;
  spansPerSecond: number;
  /** Decimal megabytes (10^6) of file per second. */
  mbPerSecond: number;
  /** The larger of the 50 ms samples and the kernel's high-water mark (ru_maxrss). */
  peakRssBytes: number;
  sampledPeakRssBytes: number;
  peakHeapUsedBytes: number;
  /** RSS before the work started (Node + tsx + modules loaded). */
  baselineRssBytes: number;
  /** Measurement-specific numbers and a description of what was timed. */
  details: Record<string, string | number>;
}

export interface RunnerArgs {
  file: string;
  bytes: number;
  /** Spans the file holds; the runner fails if it does not count exactly these. */
  spans: number;
}

export function runnerArgs(): RunnerArgs {
  const [file, spans] = process.argv.slice(2);
  if (!file || !spans) throw new Error(`usage: ${process.argv[1]} <file.jsonl> <expected span count>`);
  return { file, bytes: statSync(file).size, spans: Number(spans) };
}

export function expectSpans(what: string, counted: number, expected: number): void {
  if (counted !== expected) throw new Error(`${what}: counted ${counted} spans but the file holds ${expected}`);
}

interface Measured<T> {
  value: T;
  wallMs: number;
  peakRssBytes: number;
  sampledPeakRssBytes: number;
  peakHeapUsedBytes: number;
  baselineRssBytes: number;
}

const SAMPLE_MS = 50;

/** Runs `work`, sampling memory every 50 ms while it runs. */
export async function measure<T>(work: () => Promise<T>): Promise<Measured<T>> {
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  const started = performance.now();
  try {
    const value = await work();
    const wallMs = performance.now() - started;
    sample();
    // Long synchronous calls (a DuckDB insert, a big JSON.parse) block the sampler;
    // the kernel's high-water mark still sees the peak inside them.
    const kernelPeak = process.resourceUsage().maxRSS * 1024;
    return {
      value,
      wallMs,
      peakRssBytes: Math.max(peakRss, kernelPeak),
      sampledPeakRssBytes: peakRss,
      peakHeapUsedBytes: peakHeap,
      baselineRssBytes: baseline.rss,
    };
  } finally {
    clearInterval(timer);
  }
}

/** Prints the result as the single JSON line the parent reads. */
export function report(kind: MeasureKind, args: RunnerArgs, m: Measured<unknown>, details: RunnerResult['details']): void {
  const seconds = m.wallMs / 1000;
  const result: RunnerResult = {
    measure: kind,
    file: args.file,
    bytes: args.bytes,
    spans: args.spans,
    wallMs: m.wallMs,
    spansPerSecond: args.spans / seconds,
    mbPerSecond: args.bytes / 1e6 / seconds,
    peakRssBytes: m.peakRssBytes,
    sampledPeakRssBytes: m.sampledPeakRssBytes,
    peakHeapUsedBytes: m.peakHeapUsedBytes,
    baselineRssBytes: m.baselineRssBytes,
    details,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}
