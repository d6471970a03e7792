/**
 * Runs the parsing half of loads in an ingest worker (see
 * ingest/produce-batches.ts for why), speaking ingest-worker-protocol.ts.
 *
 * The worker starts on first use and serves load after load. A load that
 * fails or is cancelled ends it; the next load starts a fresh one, so no
 * stale message from an abandoned load can reach a new one.
 *
 * Files the host's worker cannot open by itself (no `transferable`) are
 * parsed in process instead, with the same code.
 */
import type { BatchJob, BatchSink } from '../ingest/produce-batches.js';
import { inProcessProducer, type SpanBatchProducer } from './batch-producer.js';
import type { TraceFileInput } from './engine-api.js';
import type { FromIngestWorker, IngestWorkerHandle } from './ingest-worker-protocol.js';

export function workerBatchProducer(spawn: () => IngestWorkerHandle): SpanBatchProducer {
  let worker: IngestWorkerHandle | null = null;

  const retire = (w: IngestWorkerHandle) => {
    w.terminate();
    if (worker === w) worker = null;
  };

  const produce = (files: TraceFileInput[], job: BatchJob, sink: BatchSink, signal?: AbortSignal): Promise<void> => {
    if (files.some((f) => !f.transferable)) return inProcessProducer.produce(files, job, sink, signal);
    signal?.throwIfAborted();
    const w = (worker ??= spawn());
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      // Messages are handled one at a time, in order: a file's report follows its last batch.
      let queue = Promise.resolve();
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        w.setBusy?.(false);
        if (error === undefined) {
          resolve();
        } else {
          retire(w);
          reject(error);
        }
      };
      const onAbort = () => finish(signal!.reason);
      const handle = async (message: FromIngestWorker) => {
        if (settled) return;
        switch (message.type) {
          case 'tables':
            await sink.tables(message.tables);
            w.post({ type: 'ack' });
            return;
          case 'progress':
            sink.progress(message.fileIndex, message.progress);
            return;
          case 'file-done':
            await sink.fileDone(message.fileIndex, message.report);
            return;
          case 'done':
            finish();
            return;
          case 'failed':
            finish(new Error(`reading the trace files failed: ${message.message}`));
        }
      };
      w.listen(
        (message) => {
          queue = queue.then(() => handle(message)).catch(finish);
        },
        (error) => finish(error),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      w.setBusy?.(true);
      const transfer = files.flatMap((f) => f.transferable!.transfer ?? []);
      const seen = job.seen.toColumns();
      w.post(
        {
          type: 'produce',
          files: files.map((f) => ({ name: f.name, size: f.size, handle: f.transferable!.handle })),
          job: {
            dataset: job.dataset,
            firstFileId: job.firstFileId,
            firstResourceId: job.firstResourceId,
            firstSpanKey: job.firstSpanKey,
            batchSpans: job.batchSpans,
            seenTraceIds: seen.traceIds,
            seenSpanIds: seen.spanIds,
          },
        },
        transfer,
      );
    });
  };

  return {
    produce,
    async close() {
      if (worker) retire(worker);
    },
  };
}
