/**
 * The one interface the UI and the CLI talk to. Everything crossing it is
 * structured-cloneable, so the engine can live in a worker (renderer) or in
 * process (CLI, tests) without the callers knowing.
 */
import type { FileLoadReport } from '../model/load-report.js';
import type { AnalysisOptions, AnalysisRequest, CriticalPathReport, CriticalPathRequest, WireHop } from './analysis-api.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import type { CompareSide, DatasetComparison, TraceComparison } from './compare-api.js';
import type { ConsoleOptions, ConsoleResult, SchemaTable } from './console-api.js';
import type { QueryResult } from './sql-host.js';
import type { DatasetOverview, SpanDetails, TraceDetail, TraceEdge, TraceFilter, TraceRow } from './views-api.js';

/** A trace file to load. A browser `File` satisfies this as it is. */
export interface TraceFileInput {
  name: string;
  size?: number;
  stream(): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
  /**
   * The file in a form the host's ingest worker opens by itself (a path in
   * Node, a Blob or a ReadableStream in a browser), so that it is parsed
   * beside the database instead of on its thread. `transfer` lists what must
   * be transferred rather than cloned.
   */
  transferable?: { handle: unknown; transfer?: unknown[] };
}

export interface LoadProgress {
  dataset: string;
  fileIndex: number;
  fileCount: number;
  path: string;
  bytesRead: number;
  totalBytes: number | undefined;
  spansLoaded: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?(progress: LoadProgress): void;
}

export interface LoadResult {
  dataset: string;
  files: FileLoadReport[];
}

export interface DatasetSummary {
  dataset: string;
  spans: number;
  traces: number;
  services: number;
  /** Earliest span start and latest span end, in nanoseconds (null for an empty dataset). */
  startNs: bigint | null;
  endNs: bigint | null;
}

export interface ServiceSummary {
  service: string;
  spans: number;
}

export interface HopscopeEngine {
  /** Loads files into `dataset` (created if new; added to if it exists). */
  load(dataset: string, files: TraceFileInput[], options?: LoadOptions): Promise<LoadResult>;
  datasets(): Promise<DatasetSummary[]>;
  services(dataset: string): Promise<ServiceSummary[]>;
  fileReports(dataset: string): Promise<FileLoadReport[]>;
  removeDataset(dataset: string): Promise<void>;
  /** Critical paths of one trace or of every trace (one per root and per orphan subtree). */
  criticalPaths(dataset: string, request?: CriticalPathRequest): Promise<CriticalPathReport>;
  /** How latency accumulates hop by hop along the critical path of a trace's root. */
  latencyHops(dataset: string, traceId: string, options?: AnalysisOptions): Promise<WireHop[]>;
  /** Service graph, hotspots, latency accumulation and "distributed monolith" indicators of a dataset (or of one trace). */
  analyze(dataset: string, request?: AnalysisRequest): Promise<DatasetAnalysis>;
  /** A dataset's numbers for the overview: counts, end-to-end latency and its histogram, the top findings in plain words. */
  overview(dataset: string): Promise<DatasetOverview>;
  /** The traces that pass `filter`, with their summaries, by start time. */
  traces(dataset: string, filter?: TraceFilter): Promise<TraceRow[]>;
  /** One trace, ready to draw: spans, critical path, hops and hotspot marks. */
  trace(dataset: string, traceId: string, options?: AnalysisOptions): Promise<TraceDetail>;
  /** Everything about one span: attributes, resource, events, links. */
  span(dataset: string, traceId: string, spanId: string): Promise<SpanDetails>;
  /** The service-map edges one trace crosses (from the whole-dataset analysis). */
  traceEdges(dataset: string, traceId: string): Promise<TraceEdge[]>;
  /** Before (a) against after (b): what got faster, slower, or changed shape, with the evidence. */
  compare(a: CompareSide, b: CompareSide): Promise<DatasetComparison>;
  /** Two traces' call trees aligned by service/operation path. */
  compareTraces(a: { dataset: string; traceId: string }, b: { dataset: string; traceId: string }): Promise<TraceComparison>;
  /** The tables the SQL console may read, with their columns. */
  schema(): Promise<SchemaTable[]>;
  /** One read-only statement from the SQL console; anything that would write is refused before it runs. */
  consoleQuery(sql: string, options?: ConsoleOptions): Promise<ConsoleResult>;
  query(sql: string): Promise<QueryResult>;
  /**
   * A dataset as one Parquet file: a row per span with the columns of
   * `spans` (promoted attributes included, internal keys left out), the
   * span's other attributes, its resource's attributes, events and links as
   * JSON columns. Read and written in chunks, so a million spans fit.
   */
  exportParquet(dataset: string): Promise<Uint8Array>;
  /**
   * One trace as OTLP/JSON (an ExportTraceServiceRequest: spans grouped by
   * resource and scope), which Hopscope and other OTLP tools read back.
   */
  exportTraceOtlp(dataset: string, traceId: string): Promise<string>;
  close(): Promise<void>;
}

export type { QueryResult };
export type { AnalysisOptions, AnalysisRequest, CriticalPathReport, CriticalPathRequest, WireHop } from './analysis-api.js';
export type { DatasetAnalysis } from './dataset-analysis-api.js';
export type { DatasetOverview, SpanDetails, TraceDetail, TraceEdge, TraceFilter, TraceRow } from './views-api.js';
export type { ConsoleOptions, ConsoleResult, SchemaTable } from './console-api.js';
export type { CompareSide, DatasetComparison, TraceComparison } from './compare-api.js';
