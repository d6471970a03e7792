/**
 * Writes the committed sample datasets (OTLP JSON lines and length-prefixed
 * OTLP protobuf, gzip level 9) for the same order flow before and after the
 * move from a synchronous call chain to Kafka events.
 *
 *   node --import tsx sample-traces/generate.ts [--traces N] [--seed S] [--out DIR]
 *
 * Same seed → byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { DEFAULT_SEED, DEFAULT_TRACES, type GenerateOptions } from './dataset.js';
import { generateAfter } from './scenario-after.js';
import { generateBefore } from './scenario-before.js';
import { batchByTrace, toJsonLines, toLengthPrefixedProtobuf } from './serialize.js';

export { generateAfter } from './scenario-after.js';
export { generateBefore } from './scenario-before.js';
export type { GenerateOptions } from './dataset.js';
export { TRACES_PER_REQUEST, batchByTrace, splitLengthPrefixed, toJsonLines, toLengthPrefixedProtobuf } from './serialize.js';

export const DATASETS = {
  'before-migration': generateBefore,
  'after-migration': generateAfter,
} as const satisfies Record<string, (options?: GenerateOptions) => ReadableSpan[]>;

export interface DatasetFiles {
  /** Uncompressed OTLP JSON lines. */
  jsonl: Buffer;
  /** Uncompressed length-prefixed OTLP protobuf. */
  pb: Buffer;
}

export function encodeDataset(spans: readonly ReadableSpan[]): DatasetFiles {
  const batches = batchByTrace(spans);
  return { jsonl: toJsonLines(batches), pb: toLengthPrefixedProtobuf(batches) };
}

export function writeDatasets(outDir: string, options: GenerateOptions): void {
  mkdirSync(outDir, { recursive: true });
  for (const [name, generate] of Object.entries(DATASETS)) {
    const spans = generate(options);
    const { jsonl, pb } = encodeDataset(spans);
    const traces = new Set(spans.map((s) => s.spanContext().traceId)).size;
    for (const [ext, data] of [
      ['otlp.jsonl.gz', jsonl],
      ['otlp.pb.gz', pb],
    ] as const) {
      const file = join(outDir, `${name}.${ext}`);
      const gz = gzipSync(data, { level: 9 });
      writeFileSync(file, gz);
      console.log(`${file}: ${traces} traces, ${spans.length} spans, ${data.length} bytes → ${gz.length} bytes gzipped`);
    }
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      traces: { type: 'string', default: String(DEFAULT_TRACES) },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      out: { type: 'string', default: fileURLToPath(new URL('.', import.meta.url)) },
    },
  });
  const traces = Number(values.traces);
  const seed = Number(values.seed);
  if (!Number.isInteger(traces) || traces < 1) throw new Error(`--traces must be a positive integer, got ${values.traces}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  writeDatasets(values.out, { traces, seed });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
