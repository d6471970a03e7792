/**
 * What a before/after comparison answers, as it crosses to the UI and the
 * CLI. "a" is the baseline, "b" the comparison; a change is b − a, a ratio
 * b ÷ a. Everything is structured-cloneable.
 */
import type { DatasetAnalysis, FlameFraction } from './dataset-analysis-api.js';
import type { SpanRef } from './analysis-api.js';

/** One side of a comparison: a dataset, optionally narrowed to some of its traces. */
export interface CompareSide {
  dataset: string;
  /** A label for reports ("before", "after", "v1.2 10:00–10:15"); the dataset name when absent. */
  label?: string;
  /** Only traces starting in [fromNs, toNs) (epoch ns), e.g. two time ranges of one dataset. */
  fromNs?: bigint;
  toNs?: bigint;
  /** Only traces with a span of a resource carrying this attribute value, e.g. service.version=1.4.0. */
  attribute?: { key: string; value: string };
}

/** The outcome of a two-sample test. */
export interface SignificanceTest {
  /** 'mann-whitney-u' (two-sided, normal approximation with tie correction). */
  test: 'mann-whitney-u';
  /** Null when a side has fewer than MIN_SAMPLES values: too few to say. */
  pValue: number | null;
  /** Cliff's delta in [-1, 1]: P(b > a) − P(b < a); positive = b larger. */
  effectSize: number;
  /** pValue < alpha (0.05) and |effectSize| ≥ 0.147 (Romano's "small"): a change worth reporting. */
  significant: boolean;
  sizes: [a: number, b: number];
}

/** One number on both sides, its change, and whether the samples behind it differ. */
export interface Compared {
  a: number;
  b: number;
  /** b − a. */
  delta: number;
  /** b ÷ a − 1 (null when a is 0). */
  relative: number | null;
  /** The test over the samples behind the number (null for a number without samples, e.g. a count). */
  test: SignificanceTest | null;
}

export type ChangeSubject =
  | { kind: 'service'; service: string }
  | { kind: 'operation'; service: string; operation: string }
  | { kind: 'edge'; from: string; to: string; mode: 'sync' | 'async' };

/** How one service, operation or edge changed. Missing on a side = zeros there. */
export interface ChangeRow {
  subject: ChangeSubject;
  /** 'appeared' / 'disappeared': present on one side only. */
  presence: 'both' | 'appeared' | 'disappeared';
  callsPerTrace: Compared;
  p50Ns: Compared;
  p99Ns: Compared;
  errorRate: Compared;
  /** Mean share of a trace's critical path (0–1); test over the per-trace shares. */
  criticalShare: Compared;
  /** Mean exclusive critical-path time per trace (ns); test over the per-trace times. */
  criticalNs: Compared;
  /** Traces affected × time changed: |Δ mean critical-path ns per trace| × traces where it occurs (max of the sides); the ranking key. */
  impactNs: number;
  /** Whether any of the tests above is significant. */
  significant: boolean;
  examples: { a: SpanRef[]; b: SpanRef[] };
}

/** A caller → callee call that was synchronous in a and goes asynchronously (directly or through a broker) in b. */
export interface ModeChange {
  from: string;
  to: string;
  /** Messaging destinations it goes through in b. */
  via: string[];
  callsPerTrace: { a: number; b: number };
}

/** A call path (services/operations from the root down) whose shape differs. */
export interface PathChange {
  /** "service operation" per level, root first. */
  a: string[] | null;
  b: string[] | null;
  /** 'extra-hop': b is a with one hop inserted (a proxy, a broker); 'removed-hop': the reverse; 'appeared' / 'disappeared': no match. */
  change: 'extra-hop' | 'removed-hop' | 'appeared' | 'disappeared';
  /** Traces with the path, per side. */
  traces: { a: number; b: number };
}

export interface StructureDiff {
  edgesAppeared: { from: string; to: string; mode: 'sync' | 'async'; callsPerTrace: number }[];
  edgesDisappeared: { from: string; to: string; mode: 'sync' | 'async'; callsPerTrace: number }[];
  syncToAsync: ModeChange[];
  operationsAppeared: { service: string; operation: string }[];
  operationsDisappeared: { service: string; operation: string }[];
  paths: PathChange[];
}

/** A frame of the differential critical-path flame: one call path, its mean critical-path time per trace on each side. */
export interface DiffFrame {
  service: string;
  operation: string;
  virtual: boolean;
  /** Mean per trace (ns) of the frame's total critical-path time. */
  aNs: number;
  bNs: number;
  /** Mean per trace (ns) of its own (exclusive) time. */
  aSelfNs: number;
  bSelfNs: number;
  children: DiffFrame[];
}

export interface DatasetComparison {
  a: CompareSide & { label: string; traces: number; spans: number };
  b: CompareSide & { label: string; traces: number; spans: number };
  /** End to end, per trace. */
  endToEnd: {
    p50Ns: Compared;
    p90Ns: Compared;
    p99Ns: Compared;
    meanNs: Compared;
    /** Requests that failed (root status ERROR) ÷ traces. */
    errorRate: Compared;
    spansPerTrace: Compared;
    servicesPerTrace: Compared;
    syncChain: Compared;
    /** Time the critical path spends waiting in queues (followAsync), mean per trace: > 0 when b hands work over asynchronously. */
    queueNs: Compared;
    /** End to end including the asynchronous work (followAsync critical path), per trace: "the user waits less, the work completes later". */
    completionNs: { p50: Compared; p99: Compared };
    /** Per-trace latencies for drawing overlaid histograms / CDFs (ns, sorted). */
    latenciesNs: { a: number[]; b: number[] };
  };
  /** Ranked by impact, largest first. */
  changes: ChangeRow[];
  structure: StructureDiff;
  /** Retries that multiply calls on the user-facing (synchronous) path: compound amplification per side. */
  retries: { a: number; b: number; userFacing: { a: number; b: number } };
  /** N+1 loops per side (service → callee, mean calls). */
  nPlusOne: { a: { service: string; callee: string; meanCalls: number }[]; b: { service: string; callee: string; meanCalls: number }[] };
  flames: { slowest: FlameFraction; root: DiffFrame }[];
}

/** Two traces' call trees aligned by service/operation path. */
export interface TraceComparison {
  a: { dataset: string; traceId: string; durationNs: number; criticalPathNs: number };
  b: { dataset: string; traceId: string; durationNs: number; criticalPathNs: number };
  /** The merged tree, depth first: each node present in a, b or both. */
  nodes: AlignedNode[];
}

export interface AlignedNode {
  depth: number;
  service: string;
  operation: string;
  /** 'both', or present on one side only. */
  presence: 'both' | 'a' | 'b';
  /** Matched spans (repeated siblings of one path, e.g. an N+1 loop, are grouped: count > 1). */
  a: AlignedSide | null;
  b: AlignedSide | null;
}

export interface AlignedSide {
  /** Span numbers in the side's TraceDetail (the first one selects). */
  spans: number[];
  count: number;
  durationNs: number;
  selfNs: number;
  criticalNs: number;
}

export type { DatasetAnalysis };
