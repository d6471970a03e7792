/**
 * The engine: trace files in, DuckDB tables out, SQL answers back.
 * Platform-free: the database comes in as a SqlHost.
 */
import { DATASET_SUMMARY_SQL, DATASET_TABLES, MISSING_PARENTS_BY_FILE_SQL, SCHEMA_SQL, SERVICES_SQL, sqlString } from '../db/schema.sql.js';
import type { BatchJob, BatchSink } from '../ingest/produce-batches.js';
import { SpanIdSet } from '../ingest/span-id-set.js';
import { rejectedCount, type FileLoadReport } from '../model/load-report.js';
import { latencyHops } from '../analysis/accumulation/latency-hops.js';
import { criticalPath, criticalPaths } from '../analysis/critical-path/critical-path.js';
import {
  withDefaults,
  type AnalysisOptions,
  type AnalysisRequest,
  type CriticalPathReport,
  type CriticalPathRequest,
  type WireHop,
} from './analysis-api.js';
import { AnalysisSession } from './analysis-session.js';
import { cachedAnalysis, clearAnalyses, storeAnalysis, storeServiceGraph, storeTraceEdges, storeTraceMetrics } from './analysis-store.js';
import { wireCriticalPath, wireHop } from './analysis-wire.js';
import { analyzeDataset } from './dataset-analysis.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import type { TraceTree } from '../analysis/model/trace-tree.js';
import type { DatasetSummary, HopscopeEngine, LoadOptions, LoadResult, ServiceSummary, TraceFileInput } from './engine-api.js';
import { inProcessProducer, type SpanBatchProducer } from './batch-producer.js';
import type { QueryResult, SqlHost } from './sql-host.js';
import { traceDetail } from './trace-detail.js';
import { datasetOverview, spanDetails, traceEdges, traceList } from './view-queries.js';
import type { DatasetOverview, SpanDetails, TraceDetail, TraceEdge, TraceFilter, TraceRow } from './views-api.js';
import type { ConsoleOptions, ConsoleResult, SchemaTable } from './console-api.js';
import { consoleQuery, schemaTables } from './console-queries.js';
import { alignTraces } from '../analysis/compare/trace-alignment.js';
import type { CompareSide, DatasetComparison, TraceComparison } from './compare-api.js';
import { compareDatasets, type SideInput } from './dataset-compare.js';
import { datasetParquet } from './dataset-parquet.js';
import { traceOtlp } from './trace-otlp.js';

/**
 * Spans per Arrow batch. DuckDB-wasm pays a large cost per insert call, so
 * batches are big; with parsing in an ingest worker the size matters much
 * less (1M spans: 100k → 67.7k spans/s, 125k → 67.4k, 250k → 66.4k) and
 * smaller batches keep peak memory lower and progress smoother.
 */
const BATCH_SPANS = 125_000;

/**
 * `producer` says where files are parsed: by default on this thread; hosts
 * that can start an ingest worker pass workerBatchProducer(...).
 */
export async function createTraceEngine(host: SqlHost, producer: SpanBatchProducer = inProcessProducer): Promise<HopscopeEngine> {
  await host.exec(SCHEMA_SQL);
  return new TraceEngine(host, producer);
}

class TraceEngine implements HopscopeEngine {
  /** The tail of the writes in flight: a load takes its ids (span keys, file ids) from the tables, so writes go one at a time. */
  private writes: Promise<unknown> = Promise.resolve();

  private readonly analysis: AnalysisSession;

  constructor(
    private readonly host: SqlHost,
    private readonly producer: SpanBatchProducer,
  ) {
    this.analysis = new AnalysisSession(host);
  }

  private serialized<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write);
    this.writes = result.catch(() => {});
    return result;
  }

  load(dataset: string, files: TraceFileInput[], options: LoadOptions = {}): Promise<LoadResult> {
    if (!dataset.trim()) return Promise.reject(new Error('a dataset needs a name'));
    return this.serialized(() => this.loadNow(dataset, files, options));
  }

  private async loadNow(dataset: string, files: TraceFileInput[], options: LoadOptions): Promise<LoadResult> {
    options.signal?.throwIfAborted();
    this.analysis.forget(dataset);
    await clearAnalyses(this.host, dataset);
    await this.host.exec(`INSERT INTO datasets (dataset) VALUES (${sqlString(dataset)}) ON CONFLICT DO NOTHING`);
    const job: BatchJob = {
      dataset,
      firstFileId: await this.nextValue('files', 'file_id'),
      firstResourceId: await this.nextValue('resources', 'resource_id'),
      firstSpanKey: BigInt(await this.nextValue('spans', 'span_key')),
      seen: await this.loadedSpanIds(dataset),
      batchSpans: BATCH_SPANS,
    };
    const reports: FileLoadReport[] = [];
    const sink: BatchSink = {
      tables: async (tables) => {
        for (const t of tables) await this.host.insertArrow(t.table, t.ipc);
      },
      fileDone: async (fileIndex, report) => {
        reports.push(report);
        await this.insertFileRow(dataset, job.firstFileId + fileIndex, report);
      },
      progress: (fileIndex, p) => options.onProgress?.({ dataset, fileIndex, fileCount: files.length, ...p }),
    };

    try {
      await this.producer.produce(files, job, sink, options.signal);
    } catch (e) {
      // Cancelled (or the database failed): leave no half-loaded files behind.
      await this.host.exec(`DELETE FROM spans WHERE dataset = ${sqlString(dataset)} AND file_id >= ${job.firstFileId}`);
      await this.deleteOrphanRows(dataset);
      await this.host.exec(`DELETE FROM files WHERE dataset = ${sqlString(dataset)} AND file_id >= ${job.firstFileId}`);
      throw e;
    }

    if (reports.length > 0) await this.countMissingParents(dataset, job.firstFileId, reports);
    return { dataset, files: reports };
  }

  private async loadedSpanIds(dataset: string): Promise<SpanIdSet> {
    const seen = new SpanIdSet();
    const result = await this.host.query(`SELECT trace_id, span_id FROM spans WHERE dataset = ${sqlString(dataset)}`);
    for (const row of result.rows) seen.add(row.trace_id as string, row.span_id as string);
    return seen;
  }

  private async nextValue(table: string, column: string): Promise<number> {
    const result = await this.host.query(`SELECT coalesce(max(${column}), 0) + 1 AS next FROM ${table}`);
    return Number(result.rows[0]!.next);
  }

  private async insertFileRow(dataset: string, fileId: number, r: FileLoadReport): Promise<void> {
    const values = [
      fileId,
      sqlString(dataset),
      sqlString(r.path),
      r.format ? sqlString(r.format) : 'NULL',
      sqlString(r.compression),
      r.bytesRead,
      r.spansRead,
      r.spansLoaded,
      rejectedCount(r),
      0,
      r.failure ? sqlString(r.failure.message) : 'NULL',
      sqlString(JSON.stringify(r)),
    ];
    await this.host.exec(`INSERT INTO files VALUES (${values.join(', ')})`);
  }

  /** Missing parents are known only once every file of the load is in. */
  private async countMissingParents(dataset: string, firstFileId: number, reports: FileLoadReport[]): Promise<void> {
    const lastFileId = firstFileId + reports.length - 1;
    const result = await this.host.query(MISSING_PARENTS_BY_FILE_SQL(dataset, firstFileId, lastFileId));
    for (const row of result.rows) {
      const report = reports[Number(row.file_id) - firstFileId];
      if (report) report.missingParent = Number(row.missing);
    }
    for (const [i, report] of reports.entries()) {
      await this.host.exec(
        `UPDATE files SET missing_parent = ${report.missingParent}, report_json = ${sqlString(JSON.stringify(report))} WHERE file_id = ${firstFileId + i}`,
      );
    }
  }

  /** Rows of the child tables whose span is gone. */
  private async deleteOrphanRows(dataset: string): Promise<void> {
    for (const table of ['span_attributes', 'span_events', 'span_links']) {
      await this.host.exec(
        `DELETE FROM ${table} WHERE dataset = ${sqlString(dataset)} AND span_key NOT IN (SELECT span_key FROM spans WHERE dataset = ${sqlString(dataset)})`,
      );
    }
  }

  async datasets(): Promise<DatasetSummary[]> {
    const result = await this.host.query(DATASET_SUMMARY_SQL);
    return result.rows.map((r) => ({
      dataset: r.dataset as string,
      spans: Number(r.spans),
      traces: Number(r.traces),
      services: Number(r.services),
      startNs: (r.start_ns as bigint | null) ?? null,
      endNs: (r.end_ns as bigint | null) ?? null,
    }));
  }

  async services(dataset: string): Promise<ServiceSummary[]> {
    const result = await this.host.query(SERVICES_SQL(dataset));
    return result.rows.map((r) => ({ service: r.service as string, spans: Number(r.spans) }));
  }

  async fileReports(dataset: string): Promise<FileLoadReport[]> {
    const result = await this.host.query(`SELECT report_json FROM files WHERE dataset = ${sqlString(dataset)} ORDER BY file_id`);
    return result.rows.map((r) => JSON.parse(r.report_json as string) as FileLoadReport);
  }

  removeDataset(dataset: string): Promise<void> {
    return this.serialized(async () => {
      this.analysis.forget(dataset);
      for (const table of DATASET_TABLES) await this.host.exec(`DELETE FROM ${table} WHERE dataset = ${sqlString(dataset)}`);
    });
  }

  // Analyses wait for the writes before them, so they never see half a load.
  criticalPaths(dataset: string, request: CriticalPathRequest = {}): Promise<CriticalPathReport> {
    return this.serialized(async () => {
      const options = withDefaults(request);
      const { tree, skew } = await this.analysis.tree(dataset, options.clock, request.traceId);
      const paths = criticalPaths(tree, options);
      return { dataset, options, clockAdjustedSpans: skew?.adjustedSpanCount ?? 0, paths: paths.map((p) => wireCriticalPath(tree, p)) };
    });
  }

  latencyHops(dataset: string, traceId: string, options: AnalysisOptions = {}): Promise<WireHop[]> {
    return this.serialized(async () => {
      const o = withDefaults(options);
      const { tree } = await this.analysis.tree(dataset, o.clock, traceId);
      const root = tree.traceCount > 0 ? tree.tops(0)[0] : undefined;
      if (root === undefined) throw new Error(`trace ${traceId} is not in dataset "${dataset}"`);
      return latencyHops(tree, criticalPath(tree, root, o)).map((h) => wireHop(tree, h));
    });
  }

  analyze(dataset: string, request: AnalysisRequest = {}): Promise<DatasetAnalysis> {
    return this.serialized(async () => {
      const options = withDefaults(request);
      const key = request.traceId === undefined ? options : { ...options, traceId: request.traceId };
      const cached = await cachedAnalysis<DatasetAnalysis>(this.host, dataset, 'dataset', key);
      if (cached) return cached;
      const { tree, skew } = await this.analysis.tree(dataset, options.clock, request.traceId);
      if (request.traceId !== undefined && tree.traceCount === 0)
        throw new Error(`trace ${request.traceId} is not in dataset "${dataset}"`);
      const { analysis, traces } = analyzeDataset(dataset, tree, skew, options);
      await storeAnalysis(this.host, dataset, 'dataset', key, analysis);
      // The tables hold the whole dataset's results only.
      if (request.traceId === undefined) {
        await storeServiceGraph(this.host, analysis);
        await storeTraceMetrics(this.host, dataset, options.clock, traces);
        await storeTraceEdges(this.host, analysis, traces);
      }
      return analysis;
    });
  }

  overview(dataset: string): Promise<DatasetOverview> {
    return this.analyze(dataset).then((analysis) => this.serialized(() => datasetOverview(this.host, dataset, analysis)));
  }

  traces(dataset: string, filter: TraceFilter = {}): Promise<TraceRow[]> {
    // The whole-dataset analysis fills trace_metrics (the sync-chain column); cached after the first time.
    return this.analyze(dataset).then(() => this.serialized(() => traceList(this.host, dataset, filter)));
  }

  trace(dataset: string, traceId: string, options: AnalysisOptions = {}): Promise<TraceDetail> {
    return this.serialized(async () => {
      const o = withDefaults(options);
      const { tree, raw } = await this.analysis.tree(dataset, o.clock, traceId);
      // traceDetail names a missing trace itself.
      return traceDetail(dataset, traceId, tree, raw, o);
    });
  }

  span(dataset: string, traceId: string, spanId: string): Promise<SpanDetails> {
    return this.serialized(() => spanDetails(this.host, dataset, traceId, spanId));
  }

  traceEdges(dataset: string, traceId: string): Promise<TraceEdge[]> {
    // trace_edges is filled by the whole-dataset analysis.
    return this.analyze(dataset).then(() => this.serialized(() => traceEdges(this.host, dataset, traceId)));
  }

  async compare(a: CompareSide, b: CompareSide): Promise<DatasetComparison> {
    // The analyses first (cached after the first time): they bring structure, flames, retries and loops.
    const [analysisA, analysisB] = [await this.analyze(a.dataset), await this.analyze(b.dataset)];
    return this.serialized(async () => {
      const side = async (s: CompareSide, analysis: DatasetAnalysis): Promise<SideInput> => {
        const { tree } = await this.analysis.tree(s.dataset, analysis.options.clock);
        if (tree.traceCount === 0) throw new Error(`dataset "${s.dataset}" has no traces to compare`);
        const include = await this.includedTraces(s, tree);
        return { side: s, tree, analysis, ...(include ? { include } : {}) };
      };
      return compareDatasets(await side(a, analysisA), await side(b, analysisB));
    });
  }

  /** Per trace number, 1 for the traces a side's filter keeps; null when it keeps all. */
  private async includedTraces(side: CompareSide, tree: TraceTree): Promise<Uint8Array | null> {
    if (side.fromNs === undefined && side.toNs === undefined && side.attribute === undefined) return null;
    const filter: TraceFilter = {
      ...(side.fromNs === undefined ? {} : { fromNs: side.fromNs }),
      ...(side.toNs === undefined ? {} : { toNs: side.toNs }),
      ...(side.attribute === undefined ? {} : { attribute: side.attribute }),
    };
    const kept = new Set((await traceList(this.host, side.dataset, filter)).map((r) => r.traceId));
    const include = new Uint8Array(tree.traceCount);
    for (let t = 0; t < tree.traceCount; t++) include[t] = kept.has(tree.table.traceId[tree.traceStart[t]!]!) ? 1 : 0;
    if (!include.includes(1)) throw new Error(`no trace of "${side.dataset}" passes the filter of "${side.label ?? side.dataset}"`);
    return include;
  }

  async compareTraces(a: { dataset: string; traceId: string }, b: { dataset: string; traceId: string }): Promise<TraceComparison> {
    return alignTraces(await this.trace(a.dataset, a.traceId), await this.trace(b.dataset, b.traceId));
  }

  schema(): Promise<SchemaTable[]> {
    return schemaTables(this.host);
  }

  consoleQuery(sql: string, options?: ConsoleOptions): Promise<ConsoleResult> {
    // After the writes before it, so a query never sees half a load.
    return this.serialized(() => consoleQuery(this.host, sql, options));
  }

  query(sql: string): Promise<QueryResult> {
    return this.host.query(sql);
  }

  // Exports wait for the writes before them, so a file never holds half a load.
  exportParquet(dataset: string): Promise<Uint8Array> {
    return this.serialized(() => datasetParquet(this.host, dataset));
  }

  exportTraceOtlp(dataset: string, traceId: string): Promise<string> {
    return this.serialized(() => traceOtlp(this.host, dataset, traceId));
  }

  async close(): Promise<void> {
    await this.producer.close();
    await this.host.close();
  }
}
