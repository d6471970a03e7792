/**
 * The Node host: duckdb-wasm's blocking Node bundle. The same WebAssembly
 * build the app runs in its worker, so what the CLI and the tests measure is
 * what users get.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { blockingDuckDBHost, type BlockingDuckDB } from '../shared/engine/blocking-duckdb-host.js';
import type { SqlHost } from '../shared/engine/sql-host.js';
import { createTraceEngine } from '../shared/engine/trace-engine.js';
import type { HopscopeEngine } from '../shared/engine/engine-api.js';
import type { IngestWorkerHandle } from '../shared/engine/ingest-worker-protocol.js';
import { workerBatchProducer } from '../shared/engine/worker-batch-producer.js';

const require = createRequire(import.meta.url);

/** The part of the blocking bundle used here (its own typings are not reachable through the package's "exports"). */
interface BlockingBundle {
  createDuckDB(bundles: object, logger: unknown, runtime: unknown): Promise<BlockingDuckDB & { instantiate(): Promise<unknown> }>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}
const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as BlockingBundle;

export async function createNodeSqlHost(): Promise<SqlHost> {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  return blockingDuckDBHost(db);
}

/** Files are parsed in an ingest worker thread while this thread inserts. */
export async function createNodeEngine(): Promise<HopscopeEngine> {
  return createTraceEngine(await createNodeSqlHost(), workerBatchProducer(spawnIngestWorker));
}

export function spawnIngestWorker(): IngestWorkerHandle {
  const worker = new Worker(new URL('./ingest-worker.mjs', import.meta.url));
  let crashed: ((error: Error) => void) | null = null;
  worker.on('error', (e) => crashed?.(e));
  worker.on('exit', (code) => crashed?.(new Error(`the ingest worker stopped (exit code ${code})`)));
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as TransferListItem[] | undefined),
    listen(onMessage, onCrash) {
      worker.removeAllListeners('message');
      worker.on('message', onMessage);
      crashed = onCrash;
    },
    setBusy: (busy) => (busy ? worker.ref() : worker.unref()),
    terminate() {
      crashed = null;
      void worker.terminate();
    },
  };
}
