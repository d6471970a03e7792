/**
 * What the SQL console gets from the engine: the tables it may read, and the
 * answer to one read-only statement. Rows are arrays (a result may repeat a
 * column name); values are JS values as in QueryResult (bigint for BIGINT).
 */

export interface SchemaColumn {
  name: string;
  /** DuckDB's type name, e.g. VARCHAR, BIGINT, DOUBLE. */
  type: string;
}

export interface SchemaTable {
  table: string;
  columns: SchemaColumn[];
  /** What the table holds, in one line (empty for a table Hopscope does not describe). */
  description: string;
}

export interface ConsoleResult {
  columns: SchemaColumn[];
  rows: unknown[][];
  /** True when the statement returned more rows than `maxRows`; `rows` holds the first `maxRows`. */
  truncated: boolean;
  elapsedMs: number;
}

export interface ConsoleOptions {
  /** Rows returned at most (default 10,000). */
  maxRows?: number;
}

export const DEFAULT_CONSOLE_ROWS = 10_000;
