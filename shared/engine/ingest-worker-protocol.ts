/**
 * Messages between the engine and its ingest worker. One load at a time; a
 * load that fails or is cancelled ends the worker (a fresh one serves the
 * next load), so no message needs a load id.
 *
 *   engine                          ingest worker
 *   produce {files, job}  ───────▶
 *                         ◀───────  progress …
 *                         ◀───────  tables (Arrow IPC, transferred)
 *   ack                   ───────▶  (at most TABLES_IN_FLIGHT un-acked)
 *                         ◀───────  file-done {report}
 *                         ◀───────  done | failed
 *
 * Everything is structured-cloneable; file handles are whatever the host's
 * worker can open (a path in Node, a Blob or a ReadableStream in a browser).
 */
import type { TableBatch } from '../db/span-batch.js';
import type { ReadProgress } from '../ingest/read-trace-file.js';
import type { FileLoadReport } from '../model/load-report.js';

/** Batches the worker may hand over before the engine has inserted them: one being inserted, one waiting. */
export const TABLES_IN_FLIGHT = 2;

export interface WireFileHandle {
  name: string;
  size?: number;
  handle: unknown;
}

export interface WireBatchJob {
  dataset: string;
  firstFileId: number;
  firstResourceId: number;
  firstSpanKey: bigint;
  batchSpans: number;
  /** The dataset's spans so far, as two parallel columns. */
  seenTraceIds: string[];
  seenSpanIds: string[];
}

export type ToIngestWorker = { type: 'produce'; files: WireFileHandle[]; job: WireBatchJob } | { type: 'ack' };

export type FromIngestWorker =
  | { type: 'tables'; tables: TableBatch[] }
  | { type: 'progress'; fileIndex: number; progress: ReadProgress }
  | { type: 'file-done'; fileIndex: number; report: FileLoadReport }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** The worker as the engine sees it (a Node worker_threads Worker or a Web Worker, adapted). */
export interface IngestWorkerHandle {
  post(message: ToIngestWorker, transfer?: unknown[]): void;
  /** Sets the one listener; `onCrash` is for a worker that died or could not start. */
  listen(onMessage: (message: FromIngestWorker) => void, onCrash: (error: Error) => void): void;
  /** Node: a worker keeps the process alive only while a load runs. */
  setBusy?(busy: boolean): void;
  terminate(): void;
}

/** The engine as the worker sees it. */
export interface IngestWorkerPort {
  post(message: FromIngestWorker, transfer?: unknown[]): void;
  listen(onMessage: (message: ToIngestWorker) => void): void;
}
