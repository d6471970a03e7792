/**
 * A SqlHost over a duckdb-wasm *blocking* database, the same for the Node
 * bundle (CLI, tests, benchmark) and the browser bundle (the engine worker).
 * Typed structurally: each bundle carries its own apache-arrow copy and types.
 */
import { arrowToColumns, arrowToRows, type ArrowLikeTable } from './arrow-rows.js';
import type { SqlHost } from './sql-host.js';

export interface BlockingConnection {
  query(sql: string): unknown;
  insertArrowFromIPCStream(ipc: Uint8Array, options: { name: string; create: boolean }): void;
  close(): void;
}

export interface BlockingDuckDB {
  open(config: object): void;
  connect(): BlockingConnection;
  reset(): void;
}

/** Opens `db` (already instantiated) and serves SQL over one connection. */
export function blockingDuckDBHost(db: BlockingDuckDB): SqlHost {
  // BIGINT stays bigint: epoch nanoseconds do not fit a double exactly.
  db.open({ query: { castBigIntToDouble: false } });
  const conn = db.connect();
  return {
    async exec(sql) {
      conn.query(sql);
    },
    async query(sql) {
      return arrowToRows(conn.query(sql) as ArrowLikeTable);
    },
    async queryColumns(sql) {
      return arrowToColumns(conn.query(sql) as ArrowLikeTable);
    },
    async insertArrow(table, ipc) {
      // IPC bytes, not an arrow Table: Arrow tables built with our apache-arrow
      // are not recognised by the copy inside the duckdb-wasm bundle.
      conn.insertArrowFromIPCStream(ipc, { name: table, create: false });
    },
    async close() {
      conn.close();
      // A blocking database has no worker to terminate; resetting frees its memory.
      db.reset();
    },
  };
}
