/**
 * The worker's database: duckdb-wasm's browser *blocking* bundle, i.e. the
 * WebAssembly module runs right here in the engine worker with synchronous
 * calls, instead of duckdb-wasm spawning yet another worker of its own.
 */
import * as duckdb from '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { blockingDuckDBHost } from '../../shared/engine/blocking-duckdb-host.js';
import type { SqlHost } from '../../shared/engine/sql-host.js';

export async function createBrowserSqlHost(): Promise<SqlHost> {
  // createDuckDB picks the exception-handling build where the browser supports wasm exceptions, MVP otherwise.
  const bundles = {
    mvp: { mainModule: mvpWasm, mainWorker: '' },
    eh: { mainModule: ehWasm, mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.BROWSER_RUNTIME);
  await db.instantiate(() => {});
  return blockingDuckDBHost(db);
}
