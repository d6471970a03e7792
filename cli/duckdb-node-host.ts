/**
 * The Node host: duckdb-wasm's blocking Node bundle. The same WebAssembly
 * build the app runs in its worker, so what the CLI and the tests measure is
 * what users get.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { arrowToRows, type ArrowLikeTable } from '../shared/engine/arrow-rows.js';
import type { SqlHost } from '../shared/engine/sql-host.js';
import { createTraceEngine } from '../shared/engine/trace-engine.js';
import type { HopscopeEngine } from '../shared/engine/engine-api.js';

const require = createRequire(import.meta.url);

/** The part of the blocking bundle used here (its own typings are not reachable through the package's "exports"). */
interface BlockingConnection {
  query(sql: string): unknown;
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; create: boolean }): void;
  close(): void;
}
interface BlockingDuckDB {
  instantiate(): Promise<unknown>;
  open(config: object): void;
  connect(): BlockingConnection;
  reset(): void;
}
interface BlockingBundle {
  createDuckDB(bundles: object, logger: unknown, runtime: unknown): Promise<BlockingDuckDB>;
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
  db.open({ query: { castBigIntToDouble: false } });
  const conn = db.connect();
  return {
    async exec(sql) {
      conn.query(sql);
    },
    async query(sql) {
      return arrowToRows(conn.query(sql) as unknown as ArrowLikeTable);
    },
    async insertArrow(table, ipc) {
      // Insert the IPC bytes directly: arrow tables built with our apache-arrow
      // are not recognised by the copy inside the duckdb-wasm CommonJS bundle.
      conn.insertArrowFromIPCStream(ipc, { name: table, create: false });
    },
    async close() {
      conn.close();
      // The blocking bundle has no worker to terminate; resetting frees the database's memory.
      db.reset();
    },
  };
}

export async function createNodeEngine(): Promise<HopscopeEngine> {
  return createTraceEngine(await createNodeSqlHost());
}
