/**
 * The queries behind the app's views: per-trace summaries for the overview
 * and the trace list (with its filters), and everything about one span for
 * the details panel. Every value from outside goes through sqlString or is
 * a checked number.
 */
import type { TraceFilter } from '../engine/views-api.js';
import { PEER_NAME_SQL } from './analysis.sql.js';
import { PROMOTED_ATTRIBUTES } from './promoted-attributes.js';
import { sqlString } from './schema.sql.js';

/** In a per-trace GROUP BY: `column` of the trace's root, the earliest span without a parent id (the earliest span when none is). */
const rootValue = (column: string) =>
  `coalesce(arg_min(${column}, start_ns) FILTER (WHERE parent_span_id IS NULL), arg_min(${column}, start_ns))`;

/** One row per trace: its window, span/service/error counts and its root's service and operation. */
const TRACE_AGGREGATES = `
  trace_id,
  min(start_ns) AS start_ns,
  max(end_ns) AS end_ns,
  CAST(max(end_ns) - min(start_ns) AS DOUBLE) AS duration_ns,
  CAST(count(*) AS INTEGER) AS spans,
  CAST(count(DISTINCT service) AS INTEGER) AS services,
  CAST(count(*) FILTER (WHERE status_code = 'error') AS INTEGER) AS errors,
  ${rootValue('service')} AS root_service,
  ${rootValue('name')} AS root_operation`;

/**
 * Per trace: its end-to-end latency, whether any span failed, and whether
 * the request itself failed (its root's status) — the overview's numbers.
 */
export const TRACE_LATENCIES_SQL = (dataset: string) => `
SELECT trace_id,
  CAST(max(end_ns) - min(start_ns) AS DOUBLE) AS duration_ns,
  CAST(bool_or(status_code = 'error') AS UTINYINT) AS has_error,
  CAST(${rootValue('status_code')} = 'error' AS UTINYINT) AS root_failed
FROM spans WHERE dataset = ${sqlString(dataset)}
GROUP BY trace_id`;

/** Traces of a dataset that pass `filter`, with their summaries and analysed metrics (sync chain). */
export const TRACE_LIST_SQL = (dataset: string, filter: TraceFilter = {}) => {
  const d = sqlString(dataset);
  const having: string[] = [];
  if (filter.service !== undefined) having.push(`bool_or(service = ${sqlString(filter.service)})`);
  if (filter.operation !== undefined) having.push(`bool_or(name = ${sqlString(filter.operation)})`);
  if (filter.hasError === true) having.push(`count(*) FILTER (WHERE status_code = 'error') > 0`);
  if (filter.hasError === false) having.push(`count(*) FILTER (WHERE status_code = 'error') = 0`);
  if (filter.minDurationNs !== undefined) having.push(`max(end_ns) - min(start_ns) >= ${nanoseconds(filter.minDurationNs)}`);
  if (filter.maxDurationNs !== undefined) having.push(`max(end_ns) - min(start_ns) <= ${nanoseconds(filter.maxDurationNs)}`);
  if (filter.fromNs !== undefined) having.push(`min(start_ns) >= ${BigInt(filter.fromNs)}`);
  if (filter.toNs !== undefined) having.push(`min(start_ns) < ${BigInt(filter.toNs)}`);
  const where = [`dataset = ${d}`];
  if (filter.traceIds !== undefined)
    where.push(`trace_id IN (${filter.traceIds.length > 0 ? filter.traceIds.map(sqlString).join(', ') : 'NULL'})`);
  if (filter.attribute !== undefined)
    where.push(`trace_id IN (${TRACES_WITH_ATTRIBUTE_SQL(dataset, filter.attribute.key, filter.attribute.value)})`);
  if (filter.peer !== undefined)
    where.push(
      `trace_id IN (SELECT trace_id FROM spans WHERE dataset = ${d} AND kind IN ('client', 'producer') AND ${PEER_NAME_SQL} = ${sqlString(filter.peer)})`,
    );
  if (filter.edge !== undefined) where.push(`trace_id IN (${TRACES_ON_EDGE_SQL(dataset, filter.edge)})`);
  return `
WITH t AS (
  SELECT ${TRACE_AGGREGATES}
  FROM spans WHERE ${where.join(' AND ')}
  GROUP BY trace_id
  ${having.length > 0 ? `HAVING ${having.join(' AND ')}` : ''}
)
SELECT t.*, CAST(coalesce(m.sync_chain, 0) AS INTEGER) AS sync_chain
FROM t LEFT JOIN trace_metrics m ON m.dataset = ${d} AND m.clock = 'adjusted' AND m.trace_id = t.trace_id
ORDER BY t.start_ns, t.trace_id`;
};

/** Traces with a span whose attribute `key` (promoted column, span attribute or resource attribute) reads `value`. */
export const TRACES_WITH_ATTRIBUTE_SQL = (dataset: string, key: string, value: string) => {
  const d = sqlString(dataset);
  const promoted = PROMOTED_ATTRIBUTES.find((p) => p.key === key);
  const sources = [
    `SELECT s.trace_id FROM span_attributes a JOIN spans s ON s.dataset = a.dataset AND s.span_key = a.span_key
     WHERE a.dataset = ${d} AND a.key = ${sqlString(key)} AND a.value = ${sqlString(value)}`,
    `SELECT s.trace_id FROM resource_attributes r JOIN spans s ON s.dataset = r.dataset AND s.resource_id = r.resource_id
     WHERE r.dataset = ${d} AND r.key = ${sqlString(key)} AND r.value = ${sqlString(value)}`,
  ];
  if (promoted)
    sources.push(`SELECT trace_id FROM spans WHERE dataset = ${d} AND CAST(${promoted.column} AS VARCHAR) = ${sqlString(value)}`);
  if (key === 'service.name') sources.push(`SELECT trace_id FROM spans WHERE dataset = ${d} AND service = ${sqlString(value)}`);
  return sources.join('\nUNION\n');
};

/** Traces that call along a service-map edge (from the whole-dataset analysis, adjusted clock: the one the map shows). */
export const TRACES_ON_EDGE_SQL = (dataset: string, edge: NonNullable<TraceFilter['edge']>) => {
  const mode = edge.mode === undefined ? '' : ` AND mode = ${sqlString(edge.mode)}`;
  return `SELECT trace_id FROM trace_edges WHERE dataset = ${sqlString(dataset)} AND clock = 'adjusted'
     AND caller = ${sqlString(edge.from)} AND callee = ${sqlString(edge.to)}${mode}`;
};

/** The edges one trace crosses, with its calls along each. */
export const TRACE_EDGES_SQL = (dataset: string, traceId: string) => `
SELECT caller, callee, mode, calls FROM trace_edges
WHERE dataset = ${sqlString(dataset)} AND clock = 'adjusted' AND trace_id = ${sqlString(traceId)}
ORDER BY caller, callee, mode DESC`;

/** A duration from outside as a whole number of nanoseconds (rejects NaN and infinities). */
function nanoseconds(ns: number): string {
  if (!Number.isFinite(ns)) throw new Error(`not a duration: ${ns}`);
  return String(Math.round(ns));
}

// ── One span ───────────────────────────────────────────────────────────────

const SPAN_WHERE = (dataset: string, traceId: string, spanId: string) =>
  `dataset = ${sqlString(dataset)} AND trace_id = ${sqlString(traceId)} AND span_id = ${sqlString(spanId)}`;

export const SPAN_ROW_SQL = (dataset: string, traceId: string, spanId: string) =>
  `SELECT * FROM spans WHERE ${SPAN_WHERE(dataset, traceId, spanId)} LIMIT 1`;

export const SPAN_ATTRIBUTES_SQL = (dataset: string, spanKey: bigint) =>
  `SELECT key, type, value FROM span_attributes WHERE dataset = ${sqlString(dataset)} AND span_key = ${spanKey} ORDER BY key`;

export const RESOURCE_ATTRIBUTES_SQL = (dataset: string, resourceId: number) =>
  `SELECT key, type, value FROM resource_attributes WHERE dataset = ${sqlString(dataset)} AND resource_id = ${Math.trunc(resourceId)} ORDER BY key`;

export const SPAN_EVENTS_SQL = (dataset: string, spanKey: bigint) =>
  `SELECT time_ns, name, attributes_json FROM span_events WHERE dataset = ${sqlString(dataset)} AND span_key = ${spanKey} ORDER BY time_ns`;

/** Links of a span, and whether the linked trace is in the same dataset (so the view can go there). */
export const SPAN_LINK_ROWS_SQL = (dataset: string, spanKey: bigint) => `
SELECT l.linked_trace_id, l.linked_span_id, l.follows_from,
  EXISTS (SELECT 1 FROM spans s WHERE s.dataset = l.dataset AND s.trace_id = l.linked_trace_id) AS loaded
FROM span_links l WHERE l.dataset = ${sqlString(dataset)} AND l.span_key = ${spanKey}
ORDER BY l.linked_trace_id, l.linked_span_id`;

/** Per-trace metrics the analysis computed, for the trace list and SQL users. */
export const DELETE_TRACE_METRICS_SQL = (dataset: string, clock: string) =>
  `DELETE FROM trace_metrics WHERE dataset = ${sqlString(dataset)} AND clock = ${sqlString(clock)}`;

export const DELETE_TRACE_EDGES_SQL = (dataset: string, clock: string) =>
  `DELETE FROM trace_edges WHERE dataset = ${sqlString(dataset)} AND clock = ${sqlString(clock)}`;

/** The operations of a dataset (span names), busiest first: the trace list's operation picker. */
export const OPERATIONS_SQL = (dataset: string) =>
  `SELECT name, count(*) AS spans FROM spans WHERE dataset = ${sqlString(dataset)} GROUP BY name ORDER BY spans DESC, name LIMIT 500`;
