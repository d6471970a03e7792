/**
 * The whole-dataset analysis as it crosses to the UI and the CLI (see
 * analysis-api.ts for the conventions). Every finding carries example spans
 * or traces, so a view can jump from a number to the traces behind it.
 */
import type { Spread } from '../analysis/model/percentiles.js';
import type { AnalysisOptions, SpanRef } from './analysis-api.js';

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
    nodes: {
      service: string;
      virtual: boolean;
      spans: number;
      traces: number;
      errorRate: number;
      fanIn: number;
      /** Share of traces whose critical path crosses the service. */
      bottleneck: number | null;
    }[];
    edges: {
      from: string;
      to: string;
      mode: 'sync' | 'async';
      calls: number;
      traces: number;
      callsPerTrace: number;
      errorRate: number;
      p50Ns: number;
      p90Ns: number;
      p99Ns: number;
      examples: SpanRef[];
    }[];
  };
  hotspots: {
    fanOut: {
      service: string;
      operation: string;
      occurrences: number;
      traces: number;
      maxChildren: number;
      meanChildren: number;
      meanParallelism: number;
      totalSavableNs: number;
      example: SpanRef;
    }[];
    nPlusOne: {
      service: string;
      operation: string;
      callee: string;
      occurrences: number;
      traces: number;
      maxCalls: number;
      meanCalls: number;
      totalNs: number;
      example: SpanRef;
    }[];
    retries: {
      /** Logical calls that needed more than one attempt. */
      retriedCalls: number;
      edges: {
        service: string;
        callee: string;
        calls: number;
        logicalCalls: number;
        retriedCalls: number;
        amplification: number;
        compoundMax: number;
        compoundMean: number;
      }[];
      /** First attempts of the logical calls with the most attempts. */
      examples: (SpanRef & { attempts: number })[];
    };
    errors: {
      failedTraces: number;
      byService: { service: string; originated: number; propagated: number }[];
      /** A few cascades: the origin, then the spans up to the root. */
      examples: { traceId: string; origin: SpanRef; chain: string[] }[];
    };
  };
  accumulation: {
    byService: ShareRow[];
    byOperation: ShareRow[];
  };
  monolith: {
    /** Distinct services one request synchronously waits on (its own excluded). */
    waitsOn: Indicator;
    /** Longest chain of services called one after another while the caller waits (the root's service counted). */
    syncChain: Indicator;
    /** Worst compound retry amplification over the edges. */
    retryAmplification: { max: number; edge: { service: string; callee: string } | null; exampleTraceIds: string[] };
  };
}

export interface ShareRow {
  service: string;
  operation?: string;
  virtual: boolean;
  traces: number;
  totalNs: number;
  share: Spread;
}

export interface Indicator {
  min: number;
  p50: number;
  p90: number;
  max: number;
  exampleTraceIds: string[];
}
