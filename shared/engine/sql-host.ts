/**
 * What the engine needs from a database: run SQL, and insert Arrow IPC.
 * Two hosts implement it: duckdb-wasm's blocking Node bundle (CLI, tests,
 * benchmark) and duckdb-wasm in the renderer's engine worker.
 */
export interface QueryResult {
  columns: string[];
  /** Values as JS: VARCHAR → string, BIGINT → bigint, DOUBLE → number, BOOLEAN → boolean, NULL → null. */
  rows: Record<string, unknown>[];
}

export interface SqlHost {
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<QueryResult>;
  insertArrow(table: string, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
