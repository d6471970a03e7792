/**
 * The engine's answers for the app's views (views-api.ts), from SQL and the
 * analyses. TraceEngine serializes the calls; these functions only read.
 */
import { nearestRank } from '../analysis/model/percentiles.js';
import { PROMOTED_ATTRIBUTES } from '../db/promoted-attributes.js';
import { DATASET_SUMMARY_SQL } from '../db/schema.sql.js';
import {
  RESOURCE_ATTRIBUTES_SQL,
  SPAN_ATTRIBUTES_SQL,
  SPAN_EVENTS_SQL,
  SPAN_LINK_ROWS_SQL,
  SPAN_ROW_SQL,
  TRACE_LATENCIES_SQL,
  TRACE_EDGES_SQL,
  TRACE_LIST_SQL,
} from '../db/views.sql.js';
import type { SpanKind } from '../model/span.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import { findingsOf } from './findings.js';
import { latencyHistogram } from './latency-histogram.js';
import type { SqlHost } from './sql-host.js';
import type { AttributeRow, DatasetOverview, SpanDetails, TraceEdge, TraceFilter, TraceRow } from './views-api.js';

export async function datasetOverview(host: SqlHost, dataset: string, analysis: DatasetAnalysis): Promise<DatasetOverview> {
  const summary = (await host.query(DATASET_SUMMARY_SQL)).rows.find((r) => r.dataset === dataset);
  if (!summary) throw new Error(`there is no dataset "${dataset}"`);
  const { length, columns } = await host.queryColumns(TRACE_LATENCIES_SQL(dataset));
  const durations = columns.duration_ns as Float64Array;
  const hasError = columns.has_error as Uint8Array;
  const rootFailed = columns.root_failed as Uint8Array;
  const traceIds = columns.trace_id as string[];
  let errorTraces = 0;
  let failedTraces = 0;
  let slowest = -1;
  for (let i = 0; i < length; i++) {
    errorTraces += hasError[i]!;
    failedTraces += rootFailed[i]!;
    if (slowest < 0 || durations[i]! > durations[slowest]! || (durations[i] === durations[slowest] && traceIds[i]! < traceIds[slowest]!))
      slowest = i;
  }
  const sorted = Float64Array.from(durations).sort();
  const at = (p: number) => (length === 0 ? 0 : nearestRank(sorted, p));
  return {
    dataset,
    traces: length,
    spans: Number(summary.spans),
    services: Number(summary.services),
    startNs: (summary.start_ns as bigint | null) ?? null,
    endNs: (summary.end_ns as bigint | null) ?? null,
    errorTraces,
    failedTraces,
    errorRate: length === 0 ? 0 : failedTraces / length,
    latencyNs: { p50: at(50), p90: at(90), p99: at(99), max: length === 0 ? 0 : sorted[length - 1]! },
    histogram: latencyHistogram(durations),
    slowestTraceId: slowest >= 0 ? traceIds[slowest]! : null,
    findings: findingsOf(analysis),
  };
}

export async function traceList(host: SqlHost, dataset: string, filter: TraceFilter): Promise<TraceRow[]> {
  const { length, columns: c } = await host.queryColumns(TRACE_LIST_SQL(dataset, filter));
  const rows: TraceRow[] = new Array(length);
  const traceId = c.trace_id as string[];
  const startNs = c.start_ns as BigInt64Array;
  const duration = c.duration_ns as Float64Array;
  const spans = c.spans as Int32Array;
  const services = c.services as Int32Array;
  const errors = c.errors as Int32Array;
  const syncChain = c.sync_chain as Int32Array;
  const rootService = c.root_service as string[];
  const rootOperation = c.root_operation as string[];
  for (let i = 0; i < length; i++) {
    rows[i] = {
      traceId: traceId[i]!,
      rootService: rootService[i] ?? '',
      rootOperation: rootOperation[i] ?? '',
      startNs: startNs[i]!,
      durationNs: duration[i]!,
      spans: spans[i]!,
      services: services[i]!,
      errors: errors[i]!,
      syncChain: syncChain[i]!,
    };
  }
  return rows;
}

export async function traceEdges(host: SqlHost, dataset: string, traceId: string): Promise<TraceEdge[]> {
  const result = await host.query(TRACE_EDGES_SQL(dataset, traceId));
  return result.rows.map((r) => ({
    from: r.caller as string,
    to: r.callee as string,
    mode: r.mode as TraceEdge['mode'],
    calls: Number(r.calls),
  }));
}

export async function spanDetails(host: SqlHost, dataset: string, traceId: string, spanId: string): Promise<SpanDetails> {
  const row = (await host.query(SPAN_ROW_SQL(dataset, traceId, spanId))).rows[0];
  if (!row) throw new Error(`span ${spanId} of trace ${traceId} is not in dataset "${dataset}"`);
  const spanKey = row.span_key as bigint;
  const text = (r: Record<string, unknown>): AttributeRow => ({
    key: r.key as string,
    type: r.type as string,
    value: (r.value as string | null) ?? '',
  });
  // Promoted attributes live in columns of their own; they are attributes like any other to the reader.
  const promoted: AttributeRow[] = PROMOTED_ATTRIBUTES.flatMap((p) => {
    const v = row[p.column];
    return v === null || v === undefined ? [] : [{ key: p.key, type: p.type, value: String(v) }];
  });
  const attributes = [...promoted, ...(await host.query(SPAN_ATTRIBUTES_SQL(dataset, spanKey))).rows.map(text)].sort((a, b) =>
    a.key.localeCompare(b.key),
  );
  // service.name is stored as the resource's service column; the reader expects it among the attributes.
  const stored = (await host.query(RESOURCE_ATTRIBUTES_SQL(dataset, Number(row.resource_id)))).rows.map(text);
  const resource = stored.some((a) => a.key === 'service.name')
    ? stored
    : [{ key: 'service.name', type: 'string', value: row.service as string }, ...stored].sort((a, b) => a.key.localeCompare(b.key));
  const events = (await host.query(SPAN_EVENTS_SQL(dataset, spanKey))).rows.map((e) => ({
    timeNs: e.time_ns as bigint,
    name: e.name as string,
    attributes: e.attributes_json ? (JSON.parse(e.attributes_json as string) as Record<string, unknown>) : {},
  }));
  const links = (await host.query(SPAN_LINK_ROWS_SQL(dataset, spanKey))).rows.map((l) => ({
    traceId: l.linked_trace_id as string,
    spanId: l.linked_span_id as string,
    followsFrom: Boolean(l.follows_from),
    loaded: Boolean(l.loaded),
  }));
  const startNs = row.start_ns as bigint;
  const endNs = row.end_ns as bigint;
  return {
    traceId,
    spanId,
    parentSpanId: (row.parent_span_id as string | null) ?? null,
    service: row.service as string,
    name: row.name as string,
    kind: row.kind as SpanKind,
    startNs,
    endNs,
    durationNs: Number(endNs - startNs),
    statusCode: row.status_code as string,
    statusMessage: (row.status_message as string | null) ?? null,
    scope: { name: (row.scope_name as string | null) ?? null, version: (row.scope_version as string | null) ?? null },
    attributes,
    resource,
    events,
    links,
  };
}
