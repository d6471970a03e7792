/**
 * The database schema: the one place that says what is stored.
 *
 *   datasets             one row per loaded dataset ("before", "after", ...)
 *   files                one row per file loaded, with its load report
 *   resources            one row per distinct resource (service + attributes)
 *   resource_attributes  resource attributes, one row each
 *   spans                one row per span; common semantic-convention
 *                        attributes as typed columns (promoted-attributes.ts)
 *   span_attributes      every other span attribute, one row each
 *   span_events          span events (logs), attributes as JSON text
 *   span_links           span links, incl. Jaeger FOLLOWS_FROM references
 *   analysis_cache       analysis results (JSON) per dataset and options,
 *                        kept until the dataset changes
 *   service_graph_nodes  the last service graph computed per dataset and
 *   service_graph_edges  clock, as tables for SQL (hopscope query, the UI)
 *   trace_metrics        per trace: longest sync chain, services waited on,
 *                        critical-path length (from the last analysis)
 *   trace_edges          per trace: the service-graph edges it crosses and
 *                        how many calls it makes along each
 *
 * Rows are tied together by `span_key` (unique across datasets) and
 * `resource_id`. Every table carries `dataset`, so removing a dataset is a
 * DELETE per table and queries can compare datasets side by side.
 * Times are BIGINT nanoseconds since the Unix epoch.
 */
import { PROMOTED_ATTRIBUTES } from './promoted-attributes.js';

const promotedColumns = PROMOTED_ATTRIBUTES.map((p) => `  ${p.column} ${p.type === 'int' ? 'BIGINT' : 'VARCHAR'}`).join(',\n');

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS datasets (
  dataset VARCHAR PRIMARY KEY,
  created_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS files (
  file_id INTEGER PRIMARY KEY,
  dataset VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  format VARCHAR,
  compression VARCHAR,
  bytes BIGINT,
  spans_read BIGINT,
  spans_loaded BIGINT,
  spans_rejected BIGINT,
  missing_parent BIGINT,
  failure VARCHAR,
  report_json VARCHAR
);
CREATE TABLE IF NOT EXISTS resources (
  dataset VARCHAR NOT NULL,
  resource_id INTEGER NOT NULL,
  service VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS resource_attributes (
  dataset VARCHAR NOT NULL,
  resource_id INTEGER NOT NULL,
  key VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  value VARCHAR,
  num_value DOUBLE
);
CREATE TABLE IF NOT EXISTS spans (
  dataset VARCHAR NOT NULL,
  file_id INTEGER NOT NULL,
  span_key BIGINT NOT NULL,
  trace_id VARCHAR NOT NULL,
  span_id VARCHAR NOT NULL,
  parent_span_id VARCHAR,
  parent_follows_from BOOLEAN NOT NULL,
  service VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  start_ns BIGINT NOT NULL,
  end_ns BIGINT NOT NULL,
  duration_ns BIGINT NOT NULL,
  status_code VARCHAR NOT NULL,
  status_message VARCHAR,
  trace_state VARCHAR,
  resource_id INTEGER NOT NULL,
  scope_name VARCHAR,
  scope_version VARCHAR,
  event_count INTEGER NOT NULL,
  link_count INTEGER NOT NULL,
${promotedColumns}
);
CREATE TABLE IF NOT EXISTS span_attributes (
  dataset VARCHAR NOT NULL,
  span_key BIGINT NOT NULL,
  key VARCHAR NOT NULL,
  type VARCHAR NOT NULL,
  value VARCHAR,
  num_value DOUBLE
);
CREATE TABLE IF NOT EXISTS span_events (
  dataset VARCHAR NOT NULL,
  span_key BIGINT NOT NULL,
  time_ns BIGINT NOT NULL,
  name VARCHAR NOT NULL,
  attributes_json VARCHAR
);
CREATE TABLE IF NOT EXISTS span_links (
  dataset VARCHAR NOT NULL,
  span_key BIGINT NOT NULL,
  linked_trace_id VARCHAR NOT NULL,
  linked_span_id VARCHAR NOT NULL,
  follows_from BOOLEAN NOT NULL,
  attributes_json VARCHAR
);
CREATE TABLE IF NOT EXISTS analysis_cache (
  dataset VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  options VARCHAR NOT NULL,
  result_json VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS service_graph_nodes (
  dataset VARCHAR NOT NULL,
  clock VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  virtual BOOLEAN NOT NULL,
  spans BIGINT NOT NULL,
  traces BIGINT NOT NULL,
  error_rate DOUBLE NOT NULL,
  sync_callers INTEGER NOT NULL,
  critical_path_share DOUBLE
);
CREATE TABLE IF NOT EXISTS service_graph_edges (
  dataset VARCHAR NOT NULL,
  clock VARCHAR NOT NULL,
  caller VARCHAR NOT NULL,
  callee VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  calls BIGINT NOT NULL,
  traces BIGINT NOT NULL,
  error_rate DOUBLE NOT NULL,
  p50_ns DOUBLE NOT NULL,
  p90_ns DOUBLE NOT NULL,
  p99_ns DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS trace_metrics (
  dataset VARCHAR NOT NULL,
  clock VARCHAR NOT NULL,
  trace_id VARCHAR NOT NULL,
  sync_chain INTEGER NOT NULL,
  waits_on INTEGER NOT NULL,
  critical_path_ns DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS trace_edges (
  dataset VARCHAR NOT NULL,
  clock VARCHAR NOT NULL,
  trace_id VARCHAR NOT NULL,
  caller VARCHAR NOT NULL,
  callee VARCHAR NOT NULL,
  mode VARCHAR NOT NULL,
  calls INTEGER NOT NULL
);
`;

/** What each table holds, in one line: the SQL console lists them beside the editor. */
export const TABLE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  datasets: 'one row per loaded dataset ("before", "after", …)',
  files: 'one row per file loaded, with its load report (report_json)',
  resources: 'one row per distinct resource: its service',
  resource_attributes: 'resource attributes, one row each (join on dataset, resource_id)',
  spans: 'one row per span; times are epoch nanoseconds; common attributes as columns',
  span_attributes: 'every other span attribute, one row each (join on dataset, span_key)',
  span_events: 'span events (logs), attributes as JSON text',
  span_links: 'span links, incl. Jaeger FOLLOWS_FROM references',
  analysis_cache: 'analysis results as JSON, per dataset and options',
  service_graph_nodes: 'the service map: one row per service (virtual = uninstrumented callee)',
  service_graph_edges: 'the service map: one row per caller → callee and mode (sync/async)',
  trace_metrics: 'per trace: longest sync chain, services waited on, critical-path length',
  trace_edges: 'per trace: the service-map edges it crosses and its calls along each',
};

/** Tables that hold a dataset's rows (datasets itself last). */
export const DATASET_TABLES = [
  'analysis_cache',
  'service_graph_nodes',
  'service_graph_edges',
  'trace_metrics',
  'trace_edges',
  'spans',
  'span_attributes',
  'span_events',
  'span_links',
  'resources',
  'resource_attributes',
  'files',
  'datasets',
] as const;

/**
 * Spans whose parent is not in the dataset, for the files loaded by one
 * load call (`file_id` between the bounds): kept, and counted in the report.
 */
export const MISSING_PARENTS_BY_FILE_SQL = (dataset: string, firstFileId: number, lastFileId: number) => `
SELECT s.file_id, count(*) AS missing
FROM spans s
WHERE s.dataset = ${sqlString(dataset)} AND s.file_id BETWEEN ${firstFileId} AND ${lastFileId}
  AND s.parent_span_id IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM spans p
    WHERE p.dataset = s.dataset AND p.trace_id = s.trace_id AND p.span_id = s.parent_span_id)
GROUP BY s.file_id`;

export const DATASET_SUMMARY_SQL = `
SELECT d.dataset,
  count(s.span_key) AS spans,
  count(DISTINCT s.trace_id) AS traces,
  count(DISTINCT s.service) AS services,
  min(s.start_ns) AS start_ns,
  max(s.end_ns) AS end_ns
FROM datasets d LEFT JOIN spans s ON s.dataset = d.dataset
GROUP BY d.dataset, d.created_at
ORDER BY d.created_at, d.dataset`;

export const SERVICES_SQL = (dataset: string) => `
SELECT service, count(*) AS spans
FROM spans WHERE dataset = ${sqlString(dataset)}
GROUP BY service ORDER BY spans DESC, service`;

/** Derived tables: emptied for a dataset whenever its spans change. */
export const ANALYSIS_TABLES = ['analysis_cache', 'service_graph_nodes', 'service_graph_edges', 'trace_metrics', 'trace_edges'] as const;

/** A SQL string literal. Every value from outside that goes into SQL goes through here. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
