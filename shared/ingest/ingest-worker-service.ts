/**
 * The ingest worker's side of ingest-worker-protocol.ts: runs produceBatches
 * on the files it is sent and hands each batch over, transferring the Arrow
 * bytes rather than copying them. It waits for acks so that it never runs
 * more than TABLES_IN_FLIGHT batches ahead of the database.
 *
 * Platform-free: the host gives it a port and a way to open a file handle.
 */
import { TABLES_IN_FLIGHT, type IngestWorkerPort, type ToIngestWorker, type WireFileHandle } from '../engine/ingest-worker-protocol.js';
import type { ByteSource } from '../io/byte-streams.js';
import { produceBatches, type BatchSink } from './produce-batches.js';
import { SpanIdSet } from './span-id-set.js';

export function serveIngestWorker(port: IngestWorkerPort, open: (file: WireFileHandle) => ByteSource): void {
  let inFlight = 0;
  let ackWaiter: (() => void) | null = null;

  const sink: BatchSink = {
    async tables(tables) {
      port.post({ type: 'tables', tables }, [...new Set(tables.map((t) => t.ipc.buffer))]);
      inFlight++;
      while (inFlight >= TABLES_IN_FLIGHT) await new Promise<void>((resolve) => (ackWaiter = resolve));
    },
    async fileDone(fileIndex, report) {
      port.post({ type: 'file-done', fileIndex, report });
    },
    progress(fileIndex, progress) {
      port.post({ type: 'progress', fileIndex, progress });
    },
  };

  const run = async (request: Extract<ToIngestWorker, { type: 'produce' }>) => {
    const { job, files } = request;
    try {
      await produceBatches(
        files.map((f) => ({ name: f.name, size: f.size, open: () => open(f) })),
        { ...job, seen: SpanIdSet.fromColumns(job.seenTraceIds, job.seenSpanIds) },
        sink,
      );
      port.post({ type: 'done' });
    } catch (e) {
      port.post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  port.listen((message) => {
    if (message.type === 'ack') {
      inFlight--;
      const waiter = ackWaiter;
      ackWaiter = null;
      waiter?.();
    } else {
      inFlight = 0;
      void run(message);
    }
  });
}
