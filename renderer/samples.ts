/**
 * The sample traces bundled with the app and loaded on start. vite.config.ts
 * copies them from sample-traces/ into the web build under SAMPLES_DIR.
 */
import type { TraceFileInput } from '../shared/engine/engine-api.js';

export interface Sample {
  dataset: string;
  file: string;
}

export const SAMPLES: readonly Sample[] = [
  { dataset: 'before', file: 'before-migration.otlp.jsonl.gz' },
  { dataset: 'after', file: 'after-migration.otlp.jsonl.gz' },
];

export const SAMPLES_DIR = 'samples';

/** Fetches a sample as a stream (relative URL: works from http:// and from the app:// scheme). */
export async function fetchSample(sample: Sample, signal: AbortSignal): Promise<TraceFileInput> {
  const response = await fetch(`${SAMPLES_DIR}/${sample.file}`, { signal });
  const body = response.body;
  if (!response.ok || !body) throw new Error(`the bundled sample could not be fetched (HTTP ${response.status})`);
  const length = Number(response.headers.get('content-length'));
  return { name: sample.file, size: length > 0 ? length : undefined, stream: () => body };
}
