/**
 * The whole-dataset analysis as it crosses to the UI and the CLI (see
 * analysis-api.ts for the conventions). Every finding carries example spans
 * or traces, so a view can jump from a number to the traces behind it.
 */
import type { CriticalFlame } from '../analysis/accumulation/critical-flame.js';
import type { CriticalShare } from '../analysis/accumulation/critical-share.js';
import type { CascadeByService } from '../analysis/graph/error-cascade.js';
import type { GraphEdge, GraphNode } from '../analysis/graph/service-graph.js';
import type { FanOutHotspot } from '../analysis/hotspots/fan-out.js';
import type { NPlusOneHotspot } from '../analysis/hotspots/n-plus-one.js';
import type { RetryEdge } from '../analysis/hotspots/retries.js';
import type { SyncChainRow } from '../analysis/graph/sync-chains.js';
import type { Spread } from '../analysis/model/percentiles.js';
import type { AnalysisOptions, SpanRef } from './analysis-api.js';

export type { CriticalFlame, FlameFrame } from '../analysis/accumulation/critical-flame.js';

export interface DatasetAnalysis {
  dataset: string;
  options: Required<AnalysisOptions>;
  spans: number;
  traces: number;
  /** Clock-skew adjustment (zeros with clock 'raw'). */
  clock: { adjustedSpans: number; adjustedSubtrees: number };
  /** Length of each trace's critical path (its root's window, or end to end with followAsync), in ns. */
  criticalPathNs: Spread;
  graph: {
    nodes: Omit<GraphNode, 'errors'>[];
    edges: (Omit<GraphEdge, 'errors' | 'examples'> & { examples: SpanRef[] })[];
  };
  hotspots: {
    fanOut: (Omit<FanOutHotspot, 'exampleSpan'> & { example: SpanRef })[];
    nPlusOne: (Omit<NPlusOneHotspot, 'exampleSpan'> & { example: SpanRef })[];
    retries: {
      /** Logical calls that needed more than one attempt. */
      retriedCalls: number;
      edges: RetryEdge[];
      /** First attempts of the logical calls with the most attempts. */
      examples: (SpanRef & { attempts: number })[];
    };
    errors: {
      failedTraces: number;
      byService: CascadeByService[];
      /** A few cascades: the origin, then the spans up to the root. */
      examples: { traceId: string; origin: SpanRef; chain: string[] }[];
    };
  };
  accumulation: {
    byService: ShareRow[];
    byOperation: ShareRow[];
    /** Call paths merged across traces, width = critical-path time: for all traces, the slowest 10% and the slowest 1%. */
    flames: { slowest: FlameFraction; flame: CriticalFlame }[];
  };
  monolith: {
    /** Distinct services one request synchronously waits on (its own excluded). */
    waitsOn: Indicator;
    /** Longest chain of services called one after another while the caller waits (the root's service counted). */
    syncChain: Indicator;
    /** The longest chains as their services, traces with the same chain grouped; examples end where the chain ends. */
    longestChains: (Omit<SyncChainRow, 'exampleSpans'> & { examples: SpanRef[] })[];
    /** Worst compound retry amplification over the edges. */
    retryAmplification: { max: number; edge: { service: string; callee: string } | null; exampleTraceIds: string[] };
  };
}

export type FlameFraction = 1 | 0.1 | 0.01;
export const FLAME_FRACTIONS: readonly FlameFraction[] = [1, 0.1, 0.01];
/** How the views, exports and reports name each fraction. */
export const FLAME_FRACTION_NAMES: Record<FlameFraction, string> = { 1: 'all traces', 0.1: 'slowest 10%', 0.01: 'slowest 1%' };

/** A CriticalShare as it crosses the wire (the same fields). */
export type ShareRow = CriticalShare;

export interface Indicator {
  min: number;
  p50: number;
  p90: number;
  max: number;
  exampleTraceIds: string[];
}
