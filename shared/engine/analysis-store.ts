/**
 * Analysis results kept in DuckDB: the whole-dataset analysis as JSON per
 * dataset and options (so reopening a view is instant), and the service
 * graph as tables that SQL can join (hopscope query, the UI). Emptied for a
 * dataset whenever its spans change.
 */
import { CACHED_ANALYSIS_SQL, insertRowsSql, STORE_ANALYSIS_SQL } from '../db/analysis.sql.js';
import { ConstantColumn, DictColumn, Float64Column, Int32Column, toIpc, Utf8Column } from '../db/arrow-columns.js';
import { ANALYSIS_TABLES, sqlString } from '../db/schema.sql.js';
import { DELETE_TRACE_EDGES_SQL, DELETE_TRACE_METRICS_SQL } from '../db/views.sql.js';
import type { TraceMetrics } from './dataset-analysis.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import type { SqlHost } from './sql-host.js';

export async function cachedAnalysis<T>(host: SqlHost, dataset: string, kind: string, options: object): Promise<T | null> {
  const result = await host.query(CACHED_ANALYSIS_SQL(dataset, kind, JSON.stringify(options)));
  const json = result.rows[0]?.result_json;
  return typeof json === 'string' ? (JSON.parse(json) as T) : null;
}

export async function storeAnalysis(host: SqlHost, dataset: string, kind: string, options: object, result: unknown): Promise<void> {
  await host.exec(STORE_ANALYSIS_SQL(dataset, kind, JSON.stringify(options), JSON.stringify(result)));
}

export async function storeServiceGraph(host: SqlHost, analysis: DatasetAnalysis): Promise<void> {
  const { dataset, graph } = analysis;
  const clock = analysis.options.clock;
  for (const table of ['service_graph_nodes', 'service_graph_edges']) {
    await host.exec(`DELETE FROM ${table} WHERE dataset = ${sqlString(dataset)} AND clock = ${sqlString(clock)}`);
  }
  const nodes = insertRowsSql(
    'service_graph_nodes',
    graph.nodes.map((n) => [dataset, clock, n.service, n.virtual, n.spans, n.traces, n.errorRate, n.fanIn, n.bottleneck]),
  );
  const edges = insertRowsSql(
    'service_graph_edges',
    graph.edges.map((e) => [dataset, clock, e.from, e.to, e.mode, e.calls, e.traces, e.errorRate, e.p50Ns, e.p90Ns, e.p99Ns]),
  );
  if (nodes) await host.exec(nodes);
  if (edges) await host.exec(edges);
}

/** One row per trace, inserted as Arrow (a VALUES list of 100k rows would cost DuckDB more to parse than to store). */
export async function storeTraceMetrics(host: SqlHost, dataset: string, clock: string, m: TraceMetrics): Promise<void> {
  await host.exec(DELETE_TRACE_METRICS_SQL(dataset, clock));
  if (m.traceId.length === 0) return;
  const traceId = new Utf8Column();
  const syncChain = new Int32Column();
  const waitsOn = new Int32Column();
  const critical = new Float64Column();
  for (let i = 0; i < m.traceId.length; i++) {
    traceId.push(m.traceId[i]!);
    syncChain.push(m.syncChain[i]!);
    waitsOn.push(m.waitsOn[i]!);
    critical.push(m.criticalPathNs[i]!);
  }
  const columns = {
    dataset: new ConstantColumn(dataset),
    clock: new ConstantColumn(clock),
    trace_id: traceId,
    sync_chain: syncChain,
    waits_on: waitsOn,
    critical_path_ns: critical,
  };
  for (const c of Object.values(columns)) c.padTo(m.traceId.length);
  await host.insertArrow('trace_metrics', toIpc(columns));
}

/** One row per trace and service-graph edge it crosses: what "traces through this edge" filters on. */
export async function storeTraceEdges(host: SqlHost, analysis: DatasetAnalysis, m: TraceMetrics): Promise<void> {
  const { dataset } = analysis;
  const clock = analysis.options.clock;
  await host.exec(DELETE_TRACE_EDGES_SQL(dataset, clock));
  const { trace, edge, calls } = m.edges;
  if (trace.length === 0) return;
  const edges = analysis.graph.edges;
  const traceId = new Utf8Column();
  const caller = new DictColumn();
  const callee = new DictColumn();
  const mode = new DictColumn();
  const count = new Int32Column();
  for (let k = 0; k < trace.length; k++) {
    const e = edges[edge[k]!]!;
    traceId.push(m.traceId[trace[k]!]!);
    caller.push(e.from);
    callee.push(e.to);
    mode.push(e.mode);
    count.push(calls[k]!);
  }
  const columns = {
    dataset: new ConstantColumn(dataset),
    clock: new ConstantColumn(clock),
    trace_id: traceId,
    caller,
    callee,
    mode,
    calls: count,
  };
  for (const c of Object.values(columns)) c.padTo(trace.length);
  await host.insertArrow('trace_edges', toIpc(columns));
}

export async function clearAnalyses(host: SqlHost, dataset: string): Promise<void> {
  for (const table of ANALYSIS_TABLES) await host.exec(`DELETE FROM ${table} WHERE dataset = ${sqlString(dataset)}`);
}
