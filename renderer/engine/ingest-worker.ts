/**
 * The ingest worker, started by the engine worker: parses trace files while
 * the engine worker inserts the batches it hands over
 * (shared/ingest/ingest-worker-service.ts). File handles are Blobs (files
 * the user picked) or ReadableStreams transferred along (fetched samples).
 */
import type { FromIngestWorker, ToIngestWorker } from '../../shared/engine/ingest-worker-protocol.js';
import { serveIngestWorker } from '../../shared/ingest/ingest-worker-service.js';
import { byteSourceOf } from '../../shared/io/byte-streams.js';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: FromIngestWorker, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToIngestWorker>) => void): void;
}
const scope = self as unknown as WorkerScope;

serveIngestWorker(
  {
    post: (message, transfer) => scope.postMessage(message, (transfer ?? []) as Transferable[]),
    listen: (onMessage) => scope.addEventListener('message', (event) => onMessage(event.data)),
  },
  ({ handle }) => byteSourceOf(handle instanceof Blob ? handle.stream() : (handle as ReadableStream<Uint8Array>)),
);
