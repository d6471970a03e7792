/**
 * The SQL console's logic, free of the DOM: how a value reads in a cell, how
 * wide a column starts, how a name goes into the editor, the status line,
 * and the example queries offered before there is any history.
 */
import type { ConsoleResult, SchemaColumn } from '../../../shared/engine/console-api.js';
import { csvText } from '../../../shared/text/csv.js';
import { formatCount, formatCountOf } from '../../format.js';

/** Longest text put in a cell (the title holds a little more): a 10 MB JSON value must not go into the DOM whole. */
const MAX_CELL_CHARS = 500;
const MAX_TITLE_CHARS = 4_000;

/** A value as a cell shows it: null for NULL (drawn dimmed), otherwise text as the CSV export writes it, on one line. */
export function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return csvText(value);
}

/** The text inside a cell (one line, cut short) and its tooltip (the value, up to a few thousand characters). */
export function cellDisplay(value: unknown): { text: string; title: string } | null {
  const text = cellText(value);
  if (text === null) return null;
  const title = text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS)}…` : text;
  const line = text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}…` : text;
  return { text: line.replace(/[\r\n\t]+/g, ' '), title };
}

/** A number type, DECIMAL(18,3) included; not a list (INTEGER[]), an array (DOUBLE[3]) or anything nested. */
const NUMERIC_TYPE =
  /^(?:TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|VARINT|BIGNUM|FLOAT|REAL|DOUBLE|(?:DECIMAL|NUMERIC)(?:\(\s*\d+\s*(?:,\s*\d+\s*)?\))?)$/i;

/** Whether a column of this DuckDB type holds numbers (right-aligned, so digits line up). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

export const MIN_COLUMN_WIDTH = 72;
export const MAX_COLUMN_WIDTH = 360;
/** Roughly one character of the table's 12–13px font, and the cell's padding. */
const CHAR_WIDTH = 7.5;
const CELL_PADDING = 20;
/** Rows looked at to size the columns: the first ones and some spread over the rest (later values are often longer, e.g. growing ids). */
const SAMPLE_FIRST = 100;
const SAMPLE_SPREAD = 100;

/** Which rows columnWidths looks at: enough to be representative, few enough to be instant on 10,000 rows. */
export function sampleRows<T>(rows: readonly T[]): T[] {
  if (rows.length <= SAMPLE_FIRST + SAMPLE_SPREAD) return rows.slice();
  const sample = rows.slice(0, SAMPLE_FIRST);
  const step = (rows.length - SAMPLE_FIRST) / SAMPLE_SPREAD;
  for (let i = 0; i < SAMPLE_SPREAD; i++) sample.push(rows[SAMPLE_FIRST + Math.floor(i * step)]!);
  return sample;
}

/** A starting width per column, in pixels: wide enough for its name, its type and the values of a sample of rows, within bounds. */
export function columnWidths(columns: readonly SchemaColumn[], rows: readonly (readonly unknown[])[]): number[] {
  const sample = sampleRows(rows);
  return columns.map((column, i) => {
    let chars = Math.max(column.name.length, column.type.length);
    for (const row of sample) {
      const text = cellText(row[i]);
      chars = Math.max(chars, text === null ? 4 : text.length);
    }
    return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, chars * CHAR_WIDTH + CELL_PADDING)));
  });
}

/** A table or column name as it can be typed into SQL: as it is when it is a plain lower-case name, double-quoted otherwise. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** What clicking a table in the schema puts into the editor: a query to start from when it is empty, the name otherwise. */
export function tableInsertion(editorText: string, table: string): { replace: string } | { insert: string } {
  return editorText.trim() === '' ? { replace: `SELECT * FROM ${sqlName(table)} LIMIT 100` } : { insert: sqlName(table) };
}

/** A name put in at the cursor, with a space on either side where it would otherwise run into a word (`LIMIT 100` + `service` → `LIMIT 100 service`). */
export function padInsertion(before: string, after: string, text: string): string {
  const left = /[\w$"')\]]$/.test(before) ? ' ' : '';
  const right = /^[\w$"'(]/.test(after) ? ' ' : '';
  return `${left}${text}${right}`;
}

function formatElapsed(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${formatCount(Math.round(ms))} ms`;
}

/** "1,234 rows in 56 ms"; for a cut-off result "more than 10,000 rows in 56 ms (first 10,000 shown)". */
export function statusText(result: Pick<ConsoleResult, 'rows' | 'truncated' | 'elapsedMs'>): string {
  const shown = result.rows.length;
  if (result.truncated)
    return `more than ${formatCountOf(shown, 'row')} in ${formatElapsed(result.elapsedMs)} (first ${formatCount(shown)} shown)`;
  return `${formatCountOf(shown, 'row')} in ${formatElapsed(result.elapsedMs)}`;
}

export interface ExampleQuery {
  title: string;
  sql: string;
}

/** Offered while the history is empty: what the tables are for, by example. */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    title: 'Slowest span of each service',
    sql: `-- The slowest span of each service, slowest first
SELECT dataset, service, name, round(duration_ns / 1e6, 1) AS duration_ms, trace_id
FROM spans
QUALIFY row_number() OVER (PARTITION BY dataset, service ORDER BY duration_ns DESC) = 1
ORDER BY duration_ms DESC`,
  },
  {
    title: 'Edges of the service graph',
    sql: `-- Calls between services (from the last analysis), busiest first
SELECT dataset, caller, callee, mode, calls, round(error_rate * 100, 1) AS error_pct,
  round(p50_ns / 1e6, 1) AS p50_ms, round(p99_ns / 1e6, 1) AS p99_ms
FROM service_graph_edges
WHERE clock = 'adjusted'
ORDER BY calls DESC`,
  },
  {
    title: 'Traces by synchronous chain',
    sql: `-- How many traces wait on chains of how many services, and how long their critical paths are
SELECT dataset, sync_chain, count(*) AS traces,
  round(median(critical_path_ns) / 1e6, 1) AS median_critical_path_ms
FROM trace_metrics
WHERE clock = 'adjusted'
GROUP BY dataset, sync_chain
ORDER BY dataset, sync_chain DESC`,
  },
  {
    title: 'Errors by service and operation',
    sql: `-- Where errors happen, most first
SELECT dataset, service, name, count(*) AS errors, any_value(status_message) AS a_message
FROM spans
WHERE status_code = 'error'
GROUP BY ALL
ORDER BY errors DESC`,
  },
];
