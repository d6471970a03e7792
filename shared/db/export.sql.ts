/**
 * The queries behind the data exports: a dataset as Parquet (read in chunks
 * of spans, shared/engine/dataset-parquet.ts) and one trace as OTLP JSON
 * (shared/engine/trace-otlp.ts). DuckDB-wasm has no JSON extension offline,
 * so the JSON columns are put together in JavaScript from the rows read here.
 *
 * Within a chunk, rows carry `k`: their span_key minus the chunk's first key,
 * as an exact DOUBLE, so every table's rows arrive as typed arrays and are
 * matched to their span by walking both lists in key order.
 */
import { PROMOTED_ATTRIBUTES } from './promoted-attributes.js';
import { sqlString } from './schema.sql.js';

/** An inclusive range of span keys of one dataset. */
export interface KeyRange {
  lo: bigint;
  hi: bigint;
}

/** The suffix of the 0/1 column that says where a nullable integer column is NULL (coalesced to 0 for a typed array). */
export const NULL_FLAG = '__is_null';

/**
 * Chunk boundaries: the dataset's span keys cut into runs of `size` spans.
 * Keys of one dataset are not contiguous (other datasets' loads come in
 * between), so the boundaries are counted, not computed from min and max.
 */
export const EXPORT_CHUNKS_SQL = (dataset: string, size: number) => `
SELECT min(span_key) AS lo, max(span_key) AS hi, count(*) AS spans
FROM (SELECT span_key, (row_number() OVER (ORDER BY span_key) - 1) // ${Math.max(1, Math.trunc(size))} AS chunk
      FROM spans WHERE dataset = ${sqlString(dataset)})
GROUP BY chunk ORDER BY chunk`;

const inRange = (dataset: string, r: KeyRange) => `dataset = ${sqlString(dataset)} AND span_key BETWEEN ${r.lo} AND ${r.hi}`;
const key = (r: KeyRange) => `CAST(span_key - ${r.lo} AS DOUBLE) AS k`;

/**
 * The spans of a chunk, unsorted: sorting these wide rows costs DuckDB-wasm
 * three times the query (1.6 s against 0.5 s per 100k spans). They come in
 * storage order, which is key order as loaded; that is not promised, so the
 * caller checks and sorts when it is not. Booleans as UTINYINT and nullable integer
 * (promoted) columns as value + NULL flag, so they come back as typed
 * arrays. Leaves out span_key, file_id and resource_id: internal keys that
 * mean nothing outside this database (resource_id is used to look up the
 * resource's attributes).
 */
export const EXPORT_SPANS_SQL = (dataset: string, r: KeyRange) => {
  const promoted = PROMOTED_ATTRIBUTES.map((p) =>
    p.type === 'int'
      ? `coalesce(${p.column}, 0) AS ${p.column}, CAST(${p.column} IS NULL AS UTINYINT) AS ${p.column}${NULL_FLAG}`
      : p.column,
  );
  return `
SELECT ${key(r)}, trace_id, span_id, parent_span_id, CAST(parent_follows_from AS UTINYINT) AS parent_follows_from,
  service, name, kind, start_ns, end_ns, duration_ns, status_code, status_message, trace_state, resource_id,
  scope_name, scope_version, event_count, link_count,
  ${promoted.join(',\n  ')}
FROM spans WHERE ${inRange(dataset, r)}`;
};

/** The other (not promoted) attributes of a chunk's spans, by span and key. */
export const EXPORT_ATTRIBUTES_SQL = (dataset: string, r: KeyRange) => `
SELECT ${key(r)}, key, type, value, coalesce(num_value, 0) AS num_value
FROM span_attributes WHERE ${inRange(dataset, r)}
ORDER BY span_key, key`;

/** A chunk's events, by span and time (ties in the order they were stored). */
export const EXPORT_EVENTS_SQL = (dataset: string, r: KeyRange) => `
SELECT ${key(r)}, time_ns, name, attributes_json
FROM span_events WHERE ${inRange(dataset, r)}
ORDER BY span_key, time_ns, rowid`;

/** A chunk's links, by span, in the order they were stored. */
export const EXPORT_LINKS_SQL = (dataset: string, r: KeyRange) => `
SELECT ${key(r)}, linked_trace_id, linked_span_id, CAST(follows_from AS UTINYINT) AS follows_from, attributes_json
FROM span_links WHERE ${inRange(dataset, r)}
ORDER BY span_key, rowid`;

/** Every resource of a dataset with its service (stored apart from the other resource attributes). */
export const EXPORT_RESOURCES_SQL = (dataset: string) =>
  `SELECT resource_id, service FROM resources WHERE dataset = ${sqlString(dataset)} ORDER BY resource_id`;

/** Every resource attribute of a dataset, by resource and key. */
export const EXPORT_RESOURCE_ATTRIBUTES_SQL = (dataset: string) => `
SELECT resource_id, key, type, value, coalesce(num_value, 0) AS num_value
FROM resource_attributes WHERE dataset = ${sqlString(dataset)}
ORDER BY resource_id, key`;

// ── One trace (OTLP) ────────────────────────────────────────────────────────

const traceWhere = (dataset: string, traceId: string) => `dataset = ${sqlString(dataset)} AND trace_id = ${sqlString(traceId)}`;
const traceKeys = (dataset: string, traceId: string) => `span_key IN (SELECT span_key FROM spans WHERE ${traceWhere(dataset, traceId)})`;

/** A trace's spans, by start time. */
export const TRACE_SPANS_SQL = (dataset: string, traceId: string) =>
  `SELECT * FROM spans WHERE ${traceWhere(dataset, traceId)} ORDER BY start_ns, span_key`;

export const TRACE_ATTRIBUTES_SQL = (dataset: string, traceId: string) => `
SELECT span_key, key, type, value, num_value FROM span_attributes
WHERE dataset = ${sqlString(dataset)} AND ${traceKeys(dataset, traceId)}
ORDER BY span_key, key`;

export const TRACE_EVENTS_SQL = (dataset: string, traceId: string) => `
SELECT span_key, time_ns, name, attributes_json FROM span_events
WHERE dataset = ${sqlString(dataset)} AND ${traceKeys(dataset, traceId)}
ORDER BY span_key, time_ns, rowid`;

export const TRACE_LINKS_SQL = (dataset: string, traceId: string) => `
SELECT span_key, linked_trace_id, linked_span_id, follows_from, attributes_json FROM span_links
WHERE dataset = ${sqlString(dataset)} AND ${traceKeys(dataset, traceId)}
ORDER BY span_key, rowid`;

const traceResources = (dataset: string, traceId: string) =>
  `resource_id IN (SELECT DISTINCT resource_id FROM spans WHERE ${traceWhere(dataset, traceId)})`;

/** The resources a trace's spans came from, with their services. */
export const TRACE_RESOURCES_SQL = (dataset: string, traceId: string) => `
SELECT resource_id, service FROM resources
WHERE dataset = ${sqlString(dataset)} AND ${traceResources(dataset, traceId)}
ORDER BY resource_id`;

export const TRACE_RESOURCE_ATTRIBUTES_SQL = (dataset: string, traceId: string) => `
SELECT resource_id, key, type, value, num_value FROM resource_attributes
WHERE dataset = ${sqlString(dataset)} AND ${traceResources(dataset, traceId)}
ORDER BY resource_id, key`;
