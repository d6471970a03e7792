/**
 * The messages between the UI thread (engine-client.ts) and the engine worker
 * (engine-worker.ts). One request per engine call, answered by exactly one
 * result or error; `load` also streams progress. Everything here is
 * structured-cloneable (bigints included); a result that is bytes (an
 * export) is transferred, not copied.
 */
import type {
  AnalysisOptions,
  AnalysisRequest,
  CompareSide,
  ConsoleOptions,
  ConsoleResult,
  CriticalPathReport,
  CriticalPathRequest,
  DatasetAnalysis,
  DatasetComparison,
  DatasetOverview,
  DatasetSummary,
  LoadProgress,
  LoadResult,
  QueryResult,
  SchemaTable,
  ServiceSummary,
  SpanDetails,
  TraceComparison,
  TraceDetail,
  TraceEdge,
  TraceFilter,
  TraceRow,
  WireHop,
} from '../../shared/engine/engine-api.js';
import type { FileLoadReport } from '../../shared/model/load-report.js';

/**
 * A trace file as it crosses to the worker: a Blob (a File the user picked,
 * cloned without copying its bytes) or a ReadableStream transferred to the
 * worker (anything else, e.g. a fetched sample, streamed without buffering).
 */
export type WireFile = { name: string; size?: number; blob: Blob } | { name: string; size?: number; stream: ReadableStream<Uint8Array> };

/** Arguments and result of each engine method, as sent over the wire. */
export interface EngineCalls {
  load: { args: [dataset: string, files: WireFile[]]; result: LoadResult };
  datasets: { args: []; result: DatasetSummary[] };
  services: { args: [dataset: string]; result: ServiceSummary[] };
  fileReports: { args: [dataset: string]; result: FileLoadReport[] };
  removeDataset: { args: [dataset: string]; result: void };
  criticalPaths: { args: [dataset: string, request?: CriticalPathRequest]; result: CriticalPathReport };
  latencyHops: { args: [dataset: string, traceId: string, options?: AnalysisOptions]; result: WireHop[] };
  analyze: { args: [dataset: string, request?: AnalysisRequest]; result: DatasetAnalysis };
  overview: { args: [dataset: string]; result: DatasetOverview };
  traces: { args: [dataset: string, filter?: TraceFilter]; result: TraceRow[] };
  trace: { args: [dataset: string, traceId: string, options?: AnalysisOptions]; result: TraceDetail };
  span: { args: [dataset: string, traceId: string, spanId: string]; result: SpanDetails };
  compare: { args: [a: CompareSide, b: CompareSide]; result: DatasetComparison };
  compareTraces: { args: [a: { dataset: string; traceId: string }, b: { dataset: string; traceId: string }]; result: TraceComparison };
  traceEdges: { args: [dataset: string, traceId: string]; result: TraceEdge[] };
  schema: { args: []; result: SchemaTable[] };
  consoleQuery: { args: [sql: string, options?: ConsoleOptions]; result: ConsoleResult };
  query: { args: [sql: string]; result: QueryResult };
  exportParquet: { args: [dataset: string]; result: Uint8Array };
  exportTraceOtlp: { args: [dataset: string, traceId: string]; result: string };
  close: { args: []; result: void };
}
export type EngineMethod = keyof EngineCalls;

export type CallRequest = { [M in EngineMethod]: { kind: 'call'; id: number; method: M; args: EngineCalls[M]['args'] } }[EngineMethod];
export type WorkerRequest = CallRequest | { kind: 'cancel'; id: number };

export interface WireError {
  name: string;
  message: string;
}

export type WorkerReply =
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: WireError }
  | { kind: 'progress'; id: number; progress: LoadProgress };
