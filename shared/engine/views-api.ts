/**
 * What the engine answers for the app's views (overview, trace list, trace
 * view, span details). Shaped for drawing: a trace comes as parallel columns
 * indexed by span number, times as nanoseconds relative to the trace's start
 * (numbers), instants that leave the view as epoch nanoseconds (bigint).
 * Everything is structured-cloneable, so it crosses the worker boundary as is.
 */
import type { SpanKind } from '../model/span.js';
import type { AnalysisOptions, SpanRef } from './analysis-api.js';

// ── Overview ────────────────────────────────────────────────────────────────

export interface DatasetOverview {
  dataset: string;
  traces: number;
  spans: number;
  services: number;
  /** Earliest span start and latest span end (null for an empty dataset). */
  startNs: bigint | null;
  endNs: bigint | null;
  /** Traces with at least one span whose status is ERROR (a retried failure counts). */
  errorTraces: number;
  /** Requests that failed: traces whose root span's status is ERROR. */
  failedTraces: number;
  /** failedTraces ÷ traces. */
  errorRate: number;
  /** End-to-end latency: each trace from its earliest start to its latest end. */
  latencyNs: { p50: number; p90: number; p99: number; max: number };
  histogram: LatencyHistogram;
  /** The trace with the longest end-to-end latency (null for an empty dataset). */
  slowestTraceId: string | null;
  /** The analysis engine's top findings, most important first. */
  findings: Finding[];
}

/** Buckets on a log scale: bucket i holds latencies in [edgesNs[i], edgesNs[i+1]). */
export interface LatencyHistogram {
  edgesNs: number[];
  counts: number[];
}

export type FindingKind = 'bottleneck' | 'n-plus-one' | 'retries' | 'fan-out' | 'error-origin' | 'sync-chain';

/** A finding in plain words, with the traces that show it. */
export interface Finding {
  kind: FindingKind;
  /** E.g. "payment is on the critical path of 97% of traces". */
  text: string;
  /** The service it is about, when there is one. */
  service?: string;
  /** The trace-list filter that shows the traces behind it. */
  traces: TraceFilter;
  /** A few traces that show it, the clearest first (may be empty). */
  traceIds: string[];
  /** A span that shows it, when there is one. */
  example?: SpanRef;
}

// ── Trace list ──────────────────────────────────────────────────────────────

export interface TraceFilter {
  /** Traces with a span of this service. */
  service?: string;
  /** Traces with a span of this name (operation). */
  operation?: string;
  minDurationNs?: number;
  maxDurationNs?: number;
  /** Only traces with (true) or without (false) an error span. */
  hasError?: boolean;
  /** Traces with a span carrying this attribute value (span or resource attribute, compared as text). */
  attribute?: { key: string; value: string };
  /** Traces with an outgoing (client or producer) span that names this callee: an uninstrumented one, or a messaging destination. */
  peer?: string;
  /** Traces that make this call of the service map (mode: either when absent). */
  edge?: { from: string; to: string; mode?: 'sync' | 'async' };
  /** Only these traces (e.g. a finding's). */
  traceIds?: string[];
  /** Traces starting in [fromNs, toNs) (epoch ns). */
  fromNs?: bigint;
  toNs?: bigint;
}

export interface TraceRow {
  traceId: string;
  /** The root span's service and operation (the earliest top span when there is no true root). */
  rootService: string;
  rootOperation: string;
  startNs: bigint;
  durationNs: number;
  spans: number;
  services: number;
  /** Spans whose status is ERROR. */
  errors: number;
  /** Longest chain of services called one after another while the caller waits (0 before the analysis ran). */
  syncChain: number;
}

/** A service-map edge one trace crosses, and how often. */
export interface TraceEdge {
  from: string;
  to: string;
  mode: 'sync' | 'async';
  calls: number;
}

// ── Trace view ──────────────────────────────────────────────────────────────

/** What the trace view marks on a span. */
export type SpanMarkKind = 'fan-out' | 'n-plus-one' | 'retry' | 'error' | 'error-origin';

export interface SpanMark {
  span: number;
  kind: SpanMarkKind;
  /** One line for the tooltip / details, e.g. "12 sequential calls to inventory-db SELECT". */
  note: string;
}

export interface TraceSpans {
  size: number;
  spanId: string[];
  /** Parent span number, -1 for a top span. */
  parent: Int32Array;
  /** 1 where the span names a parent that is not in the data. */
  parentMissing: Uint8Array;
  service: string[];
  name: string[];
  kind: SpanKind[];
  /** Nanoseconds from the trace's start (in the chosen clock). */
  start: Float64Array;
  end: Float64Array;
  error: Uint8Array;
  /** Duration minus the union of its children. */
  selfNs: Float64Array;
  /** Exclusive time on the critical path (0 when off the path). */
  criticalNs: Float64Array;
  /** 1 where the clock-skew adjustment moved the span. */
  adjusted: Uint8Array;
}

export interface TraceSegment {
  span: number;
  start: number;
  end: number;
  /** 'queue': waiting between a hand-off and the consumer `span` (only with followAsync). */
  kind: 'span' | 'queue';
}

export interface TraceHop {
  /** The first span of the hop (the callee's entry). */
  span: number;
  service: string;
  /** An uninstrumented callee (named from the client span's peer attributes). */
  virtual: boolean;
  start: number;
  selfNs: number;
  overheadNs: number;
  queueNs: number;
  totalNs: number;
  runningNs: number;
}

export interface TraceDetail {
  dataset: string;
  traceId: string;
  options: Required<AnalysisOptions>;
  /** Epoch nanoseconds of time 0: the trace's earliest span start. */
  startNs: bigint;
  /** Latest end − earliest start. */
  durationNs: number;
  spans: TraceSpans;
  /** Critical path of the trace's root (first top span), segments in time order tiling its window. */
  criticalPath: {
    root: number;
    start: number;
    end: number;
    segments: TraceSegment[];
    skewAdjustments: number;
    queueNs: number;
    /** Spans that lie entirely outside their parent (off the path). */
    outsideParent: number[];
  };
  hops: TraceHop[];
  marks: SpanMark[];
  /** Spans moved by the clock-skew adjustment. */
  clockAdjustedSpans: number;
}

// ── Span details ────────────────────────────────────────────────────────────

export interface AttributeRow {
  key: string;
  /** The value as text (arrays and maps as JSON). */
  value: string;
  type: string;
}

export interface SpanDetails {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  durationNs: number;
  statusCode: string;
  statusMessage: string | null;
  scope: { name: string | null; version: string | null };
  attributes: AttributeRow[];
  resource: AttributeRow[];
  events: { timeNs: bigint; name: string; attributes: Record<string, unknown> }[];
  /** Links to other spans; `loaded` when the linked trace is in the same dataset. */
  links: { traceId: string; spanId: string; followsFrom: boolean; loaded: boolean }[];
}
