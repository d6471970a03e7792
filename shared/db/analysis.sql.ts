/**
 * The queries that hand spans to the analyses (shared/analysis/): one row per
 * span, numeric columns without NULLs so they arrive as typed arrays. Rows
 * come in storage order: grouping them by trace is done after (a hash pass
 * in load-span-table.ts is several times cheaper than DuckDB-wasm sorting a
 * million rows). Times are relative to the dataset's first
 * start (SPAN_TIME_BASE_SQL), as exact doubles.
 */
import { sqlString } from './schema.sql.js';

export interface SpanScope {
  dataset: string;
  /** One trace only; all traces of the dataset when absent. */
  traceId?: string;
}

function where(scope: SpanScope, alias = ''): string {
  const a = alias ? `${alias}.` : '';
  const trace = scope.traceId === undefined ? '' : ` AND ${a}trace_id = ${sqlString(scope.traceId)}`;
  return `${a}dataset = ${sqlString(scope.dataset)}${trace}`;
}

/**
 * What the pull counts from: the epoch nanoseconds of the relative times, and
 * the smallest span_key (NULLs when no span matches). Span keys come out as
 * INTEGER offsets from it ("row keys"): a dataset's keys lie in one range
 * no wider than the spans ever loaded, so an offset indexes a plain array.
 */
export const SPAN_PULL_BASE_SQL = (scope: SpanScope) =>
  `SELECT min(start_ns) AS base_ns, min(span_key) AS min_key, max(span_key) AS max_key FROM spans WHERE ${where(scope)}`;

export interface PullBase {
  baseNs: bigint;
  minKey: bigint;
}

/**
 * The callee a span names, for callees that are not instrumented, in order
 * of preference: service.peer.name, peer.service, the database system (with
 * its namespace), the messaging destination, the server address.
 */
export const PEER_NAME_SQL = `coalesce(
    service_peer_name,
    peer_service,
    coalesce(db_system_name, db_system) || coalesce('/' || db_namespace, ''),
    messaging_destination_name,
    server_address)`;

/**
 * Columns with few distinct values (trace id, service, name, peer) come out
 * as integer codes into small dictionaries (SPAN_DICTIONARY_SQL): turning a
 * million VARCHARs into JS strings is the slowest part of the pull, and one
 * shared string per value also makes every later Map lookup cheaper. The
 * dictionaries are temporary tables, filled first (SPAN_DICTIONARIES_SQL).
 */
export const DICTIONARY_COLUMNS = {
  trace: 'trace_id',
  service: 'service',
  name: 'name',
  peer: `CASE WHEN kind IN ('client', 'producer') THEN ${PEER_NAME_SQL} END`,
} as const;
export type DictionaryName = keyof typeof DICTIONARY_COLUMNS;

const dictionaryTable = (name: DictionaryName) => `hopscope_dict_${name}`;

export const SPAN_DICTIONARIES_SQL = (scope: SpanScope) =>
  (Object.entries(DICTIONARY_COLUMNS) as [DictionaryName, string][])
    .map(
      ([name, expression]) => `CREATE OR REPLACE TEMP TABLE ${dictionaryTable(name)} AS
SELECT v, CAST(row_number() OVER (ORDER BY v) - 1 AS INTEGER) AS code
FROM (SELECT DISTINCT ${expression} AS v FROM spans WHERE ${where(scope)}) WHERE v IS NOT NULL;`,
    )
    .join('\n');

export const SPAN_DICTIONARY_SQL = (name: DictionaryName) => `SELECT v FROM ${dictionaryTable(name)} ORDER BY code`;

export const DROP_SPAN_DICTIONARIES_SQL = (Object.keys(DICTIONARY_COLUMNS) as DictionaryName[])
  .map((n) => `DROP TABLE IF EXISTS ${dictionaryTable(n)};`)
  .join('\n');

/**
 * One row per span. The parent is resolved here, by a join on (trace, span
 * id), to the parent's row key: -1 when the span names no parent, -2 when
 * it names one that is not in the scope. That spares the pull a million
 * parent-id strings and the tree a million string lookups.
 */
export const SPAN_TABLE_SQL = (scope: SpanScope, base: PullBase) => `
WITH s AS (SELECT *, ${DICTIONARY_COLUMNS.peer} AS peer_value FROM spans WHERE ${where(scope)}),
ids AS (SELECT trace_id, span_id, span_key FROM spans WHERE ${where(scope)})
SELECT
  CAST(s.span_key - ${base.minKey} AS INTEGER) AS row_key,
  CAST(CASE WHEN s.parent_span_id IS NULL THEN -1 ELSE coalesce(p.span_key - ${base.minKey}, -2) END AS INTEGER) AS parent_row_key,
  dt.code AS trace_code,
  s.span_id,
  ds.code AS service_code,
  dn.code AS name_code,
  CAST(CASE s.kind WHEN 'internal' THEN 1 WHEN 'server' THEN 2 WHEN 'client' THEN 3
                   WHEN 'producer' THEN 4 WHEN 'consumer' THEN 5 ELSE 0 END AS UTINYINT) AS kind,
  CAST(s.start_ns - ${base.baseNs} AS DOUBLE) AS start_rel,
  CAST(s.end_ns - ${base.baseNs} AS DOUBLE) AS end_rel,
  CAST(s.status_code = 'error' AS UTINYINT) AS error,
  CAST(s.parent_follows_from AS UTINYINT) AS follows_from,
  CAST(coalesce(dp.code, -1) AS INTEGER) AS peer_code,
  CAST(coalesce(s.http_request_resend_count, -1) AS INTEGER) AS resend_count,
  CAST(coalesce(s.http_response_status_code, 0) AS INTEGER) AS http_status
FROM s
JOIN ${dictionaryTable('trace')} dt ON dt.v = s.trace_id
JOIN ${dictionaryTable('service')} ds ON ds.v = s.service
JOIN ${dictionaryTable('name')} dn ON dn.v = s.name
LEFT JOIN ${dictionaryTable('peer')} dp ON dp.v = s.peer_value
LEFT JOIN ids p ON p.trace_id = s.trace_id AND p.span_id = s.parent_span_id`;

/** The links of the spans in scope; each linking span by its row key (see SPAN_PULL_BASE_SQL). */
export const SPAN_LINKS_SQL = (scope: SpanScope, base: PullBase) =>
  scope.traceId === undefined
    ? // The whole dataset: span_links carries the dataset itself, no join needed.
      `SELECT CAST(span_key - ${base.minKey} AS INTEGER) AS row_key, linked_trace_id, linked_span_id, CAST(follows_from AS UTINYINT) AS follows_from
FROM span_links WHERE dataset = ${sqlString(scope.dataset)}`
    : `SELECT CAST(l.span_key - ${base.minKey} AS INTEGER) AS row_key, l.linked_trace_id, l.linked_span_id, CAST(l.follows_from AS UTINYINT) AS follows_from
FROM span_links l JOIN spans s ON s.dataset = l.dataset AND s.span_key = l.span_key
WHERE ${where(scope, 's')}`;

// Analysis results kept in the database (tables in schema.sql.ts).

export const CACHED_ANALYSIS_SQL = (dataset: string, kind: string, options: string) =>
  `SELECT result_json FROM analysis_cache WHERE dataset = ${sqlString(dataset)} AND kind = ${sqlString(kind)} AND options = ${sqlString(options)}`;

export const STORE_ANALYSIS_SQL = (dataset: string, kind: string, options: string, json: string) =>
  `INSERT INTO analysis_cache VALUES (${sqlString(dataset)}, ${sqlString(kind)}, ${sqlString(options)}, ${sqlString(json)})`;

/** SQL literal of a value in a VALUES row. */
export function sqlValue(v: string | number | boolean | null): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return Number.isFinite(v) ? String(v) : 'NULL';
}

/** INSERT INTO table VALUES (…), (…); nothing when there are no rows. */
export function insertRowsSql(table: string, rows: readonly (readonly (string | number | boolean | null)[])[]): string | null {
  if (rows.length === 0) return null;
  return `INSERT INTO ${table} VALUES ${rows.map((r) => `(${r.map(sqlValue).join(', ')})`).join(',\n')}`;
}
