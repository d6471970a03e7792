/**
 * Trace files → Arrow batches ready to insert: the CPU-heavy half of a load
 * (decompress, parse, normalise, validate, build columns). It runs either
 * beside the database on the same thread, or in an ingest worker so that
 * parsing the next batch overlaps inserting the last one:
 *
 *   ingest worker:  parse 1 | parse 2   | parse 3   | parse 4 |
 *   database:               | insert 1  | insert 2  | insert 3 | insert 4
 *
 * Everything that numbers rows (span keys, resource ids, file ids) and
 * everything that rejects duplicates lives here, so a load numbers and
 * dedupes the same wherever it runs.
 */
import { ResourceRegistry, SpanBatch, type TableBatch } from '../db/span-batch.js';
import type { ByteSource } from '../io/byte-streams.js';
import type { FileLoadReport } from '../model/load-report.js';
import { readTraceFile, type ReadProgress } from './read-trace-file.js';
import type { SpanIdSet } from './span-id-set.js';

export interface BatchJob {
  dataset: string;
  firstFileId: number;
  firstResourceId: number;
  firstSpanKey: bigint;
  /** Spans already in the dataset; the load adds its own as it goes. */
  seen: SpanIdSet;
  /** Spans per batch handed to `tables`. */
  batchSpans: number;
}

export interface OpenableFile {
  name: string;
  size?: number;
  open(): ByteSource;
}

export interface BatchSink {
  /** A batch to insert; production waits for the returned promise (back-pressure). */
  tables(batch: TableBatch[]): Promise<void>;
  /** The file's last batch has been handed over. */
  fileDone(fileIndex: number, report: FileLoadReport): Promise<void>;
  progress(fileIndex: number, progress: ReadProgress): void;
}

export async function produceBatches(files: OpenableFile[], job: BatchJob, sink: BatchSink, signal?: AbortSignal): Promise<void> {
  const resources = new ResourceRegistry(job.firstResourceId);
  let spanKey = job.firstSpanKey;
  for (const [index, file] of files.entries()) {
    signal?.throwIfAborted();
    const batch = new SpanBatch(job.dataset, job.firstFileId + index, resources, spanKey);
    const flush = async () => {
      const tables = batch.take();
      if (tables.length > 0) await sink.tables(tables);
    };
    const report = await readTraceFile(file.open(), {
      path: file.name,
      totalBytes: file.size,
      signal,
      seen: job.seen,
      onSpan: (span) => batch.add(span),
      afterChunk: async () => {
        if (batch.size >= job.batchSpans) await flush();
      },
      onProgress: (p) => sink.progress(index, p),
    });
    await flush();
    spanKey = batch.spanKeyCursor;
    await sink.fileDone(index, report);
  }
}
