/**
 * Benchmark child: native DuckDB (@duckdb/node-api) reading the same file
 * with read_ndjson_auto and unnesting resourceSpans → scopeSpans → spans
 * into a table of one row per span: the ceiling for a columnar JSON reader
 * with all cores, no JavaScript and no WebAssembly.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { expectSpans, measure, report, runnerArgs } from './measure.js';

const args = runnerArgs();
const file = `'${args.file.replaceAll("'", "''")}'`;

// Core span fields typed like ours (times as BIGINT); attributes, events and links stay nested lists, not one row each.
const CREATE = `
CREATE TABLE spans AS
WITH requests AS (SELECT unnest(resourceSpans) AS rs FROM read_ndjson_auto(${file})),
scopes AS (SELECT rs.resource.attributes AS resource_attributes, unnest(rs.scopeSpans) AS ss FROM requests),
flat AS (SELECT resource_attributes, ss.scope AS scope, unnest(ss.spans) AS span FROM scopes)
SELECT
  list_filter(resource_attributes, a -> a.key = 'service.name')[1].value.stringValue AS service,
  scope.name AS scope_name,
  span.traceId AS trace_id,
  span.spanId AS span_id,
  span.parentSpanId AS parent_span_id,
  span.name AS name,
  span.kind AS kind,
  span.startTimeUnixNano::BIGINT AS start_ns,
  span.endTimeUnixNano::BIGINT AS end_ns,
  span.status.code::INTEGER AS status_code,
  span.status.message ->> '$' AS status_message,
  span.attributes AS attributes,
  span.events AS events,
  span.links AS links
FROM flat`;

let threads = '';
const m = await measure(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  threads = String((await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJS()[0]!.t);
  await connection.run(CREATE);
  return { instance, connection };
});

const { instance, connection } = m.value;
const counted = (await connection.runAndReadAll('SELECT count(*) AS n FROM spans')).getRowObjectsJS()[0]!.n;
expectSpans('native SELECT count(*) FROM spans', Number(counted), args.spans);
connection.closeSync();
instance.closeSync();

report('native', args, m, {
  what: 'read_ndjson_auto + unnest resourceSpans→scopeSpans→spans into a table, one row per span (attributes kept as nested lists)',
  threads,
});
