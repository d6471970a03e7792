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

/**
 * A result as columns, for analyses that read whole datasets: DOUBLE → Float64Array,
 * INTEGER → Int32Array, UTINYINT → Uint8Array, BIGINT → BigInt64Array, VARCHAR → string array
 * (null where NULL). Numeric columns must not hold NULLs (coalesce them in SQL).
 */
export interface ColumnResult {
  length: number;
  columns: Record<string, ArrayLike<unknown>>;
}

export interface SqlHost {
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<QueryResult>;
  queryColumns(sql: string): Promise<ColumnResult>;
  insertArrow(table: string, ipc: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
