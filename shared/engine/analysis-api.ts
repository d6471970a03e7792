/**
 * What the engine answers about a dataset's structure and latency, as it
 * crosses to the UI and the CLI: span ids instead of row indexes, absolute
 * epoch nanoseconds (bigint) for instants, plain numbers of nanoseconds for
 * durations. Everything is structured-cloneable.
 */
export type ClockMode = 'raw' | 'adjusted';

export interface AnalysisOptions {
  /** Skew-adjusted times (default) or the times as recorded. */
  clock?: ClockMode;
  /** Critical path: how far a child may overlap the next one and still precede it, as a fraction of the parent (default 0.01). */
  skewTolerance?: number;
  /** Critical path: follow asynchronous hand-offs to the end-to-end completion (default false). */
  followAsync?: boolean;
}

export const DEFAULT_ANALYSIS_OPTIONS: Required<AnalysisOptions> = { clock: 'adjusted', skewTolerance: 0.01, followAsync: false };

export function withDefaults(options: AnalysisOptions = {}): Required<AnalysisOptions> {
  return {
    clock: options.clock ?? DEFAULT_ANALYSIS_OPTIONS.clock,
    skewTolerance: options.skewTolerance ?? DEFAULT_ANALYSIS_OPTIONS.skewTolerance,
    followAsync: options.followAsync ?? DEFAULT_ANALYSIS_OPTIONS.followAsync,
  };
}

/** A span named for the wire. */
export interface SpanRef {
  traceId: string;
  spanId: string;
  service: string;
  operation: string;
}

export interface WireSegment {
  spanId: string;
  service: string;
  operation: string;
  startNs: bigint;
  endNs: bigint;
  /** 'queue': waiting between a hand-off and the consumer `spanId` (only with followAsync). */
  kind: 'span' | 'queue';
}

export interface WireCriticalPath {
  traceId: string;
  rootSpanId: string;
  /** The root's parent is missing: this path covers an orphan subtree. */
  orphan: boolean;
  startNs: bigint;
  endNs: bigint;
  durationNs: number;
  segments: WireSegment[];
  byOperation: { service: string; operation: string; exclusiveNs: number }[];
  /** How often the skew tolerance let a child onto the path. */
  skewAdjustments: number;
  /** Children that lie entirely outside their parent (off the path). */
  outsideParent: string[];
  queueNs: number;
}

export interface AnalysisRequest extends AnalysisOptions {
  /** One trace; every trace of the dataset when absent. */
  traceId?: string;
}

export type CriticalPathRequest = AnalysisRequest;

export interface CriticalPathReport {
  dataset: string;
  options: Required<AnalysisOptions>;
  /** Spans the clock-skew adjustment moved (0 with clock 'raw'). */
  clockAdjustedSpans: number;
  paths: WireCriticalPath[];
}

/** One hop of latency accumulation along a trace's critical path. */
export interface WireHop {
  service: string;
  virtual: boolean;
  spanId: string;
  startNs: bigint;
  selfNs: number;
  overheadNs: number;
  queueNs: number;
  totalNs: number;
  runningNs: number;
}
