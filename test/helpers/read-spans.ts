/** Test helpers: run the real ingest pipeline over bytes or a file and collect what comes out. */
import { readFileSync } from 'node:fs';
import { readTraceFile } from '../../shared/ingest/read-trace-file.js';
import type { FileLoadReport } from '../../shared/model/load-report.js';
import type { Span } from '../../shared/model/span.js';

export interface ReadOutcome {
  report: FileLoadReport;
  spans: Span[];
}

/** Feeds `bytes` in chunks of `chunkSize` (small sizes exercise every chunk boundary). */
export async function readBytes(bytes: Uint8Array, path = 'test-input', chunkSize = 64 * 1024): Promise<ReadOutcome> {
  const spans: Span[] = [];
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  }
  const report = await readTraceFile(chunks(), { path, onSpan: (s) => spans.push(s) });
  return { report, spans };
}

export function readText(text: string, path?: string, chunkSize?: number): Promise<ReadOutcome> {
  return readBytes(new TextEncoder().encode(text), path, chunkSize);
}

export async function readFixture(relative: string, chunkSize?: number): Promise<ReadOutcome> {
  const path = new URL(`../fixtures/${relative}`, import.meta.url);
  return readBytes(new Uint8Array(readFileSync(path)), relative, chunkSize);
}

export const fixturePath = (relative: string): string => new URL(`../fixtures/${relative}`, import.meta.url).pathname;
