/**
 * The SQL console against the database: the tables with their columns, and
 * one statement at a time, read-only (checked before it runs: the console
 * shares the database the views read, and DuckDB-wasm offers no read-only
 * connection to it), its rows capped so a `SELECT * FROM spans` of a million
 * rows does not cross the worker boundary whole.
 */
import { CAPPED_QUERY_SQL, DESCRIBE_SQL, SCHEMA_COLUMNS_SQL } from '../db/console.sql.js';
import { checkReadOnly } from '../db/read-only-sql.js';
import { TABLE_DESCRIPTIONS } from '../db/schema.sql.js';
import { DEFAULT_CONSOLE_ROWS, type ConsoleOptions, type ConsoleResult, type SchemaColumn, type SchemaTable } from './console-api.js';
import type { SqlHost } from './sql-host.js';

export async function schemaTables(host: SqlHost): Promise<SchemaTable[]> {
  const result = await host.query(SCHEMA_COLUMNS_SQL);
  const tables = new Map<string, SchemaTable>();
  for (const row of result.rows) {
    const name = row.table_name as string;
    let table = tables.get(name);
    if (!table) tables.set(name, (table = { table: name, columns: [], description: TABLE_DESCRIPTIONS[name] ?? '' }));
    table.columns.push({ name: row.column_name as string, type: row.data_type as string });
  }
  // Hopscope's tables in the order the schema describes them, then any others by name.
  const order = Object.keys(TABLE_DESCRIPTIONS);
  const rank = (t: SchemaTable) => (order.includes(t.table) ? order.indexOf(t.table) : order.length);
  return [...tables.values()].sort((a, b) => rank(a) - rank(b) || a.table.localeCompare(b.table));
}

export async function consoleQuery(host: SqlHost, sql: string, options: ConsoleOptions = {}): Promise<ConsoleResult> {
  const checked = checkReadOnly(sql);
  if (!checked.ok) throw new Error(checked.reason);
  const maxRows = Math.max(1, Math.trunc(options.maxRows ?? DEFAULT_CONSOLE_ROWS));
  const started = Date.now();
  let columns: SchemaColumn[] | null = null;
  let text = checked.statement;
  if (checked.kind === 'query') {
    text = CAPPED_QUERY_SQL(checked.statement, maxRows);
    const described = await host.query(DESCRIBE_SQL(text));
    columns = described.rows.map((r) => ({ name: r.column_name as string, type: r.column_type as string }));
  }
  const result = await host.query(text);
  const elapsedMs = Date.now() - started;
  columns ??= result.columns.map((name) => ({ name, type: '' }));
  const truncated = result.rows.length > maxRows;
  const rows = result.rows.slice(0, maxRows).map((r) => columns.map((c) => r[c.name] ?? null));
  return { columns, rows, truncated, elapsedMs };
}
