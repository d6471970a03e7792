/**
 * The Node ingest worker: parses trace files on its own thread while the
 * engine's thread inserts (shared/ingest/ingest-worker-service.ts). File
 * handles are paths; files are streamed in 1 MiB chunks.
 */
import { createReadStream } from 'node:fs';
import { parentPort, type TransferListItem } from 'node:worker_threads';
import type { ToIngestWorker } from '../shared/engine/ingest-worker-protocol.js';
import { serveIngestWorker } from '../shared/ingest/ingest-worker-service.js';
import { READ_CHUNK_BYTES, type PathHandle } from './node-files.js';

const port = parentPort;
if (!port) throw new Error('cli/ingest-worker-node.ts runs as a worker thread (see cli/duckdb-node-host.ts)');

serveIngestWorker(
  {
    post: (message, transfer) => port.postMessage(message, transfer as TransferListItem[] | undefined),
    listen: (onMessage) => port.on('message', (message: ToIngestWorker) => onMessage(message)),
  },
  (file) => createReadStream((file.handle as PathHandle).path, { highWaterMark: READ_CHUNK_BYTES }),
);
