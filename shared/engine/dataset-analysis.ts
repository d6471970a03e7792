/**
 * Runs every dataset-level analysis over one tree and puts the results in
 * their wire form (dataset-analysis-api.ts). The critical paths come first:
 * the service graph's bottleneck score and the latency shares read them.
 */
import { criticalFlame } from '../analysis/accumulation/critical-flame.js';
import { criticalShares, type CriticalShare } from '../analysis/accumulation/critical-share.js';
import { attributionIndex, type AttributionIndex } from '../analysis/accumulation/attribution-index.js';
import { criticalPaths, type CriticalPath } from '../analysis/critical-path/critical-path.js';
import { errorCascades } from '../analysis/graph/error-cascade.js';
import { monolithIndicators, type IndicatorSummary } from '../analysis/graph/monolith.js';
import { longestSyncChains } from '../analysis/graph/sync-chains.js';
import { serviceGraph, type ServiceGraph } from '../analysis/graph/service-graph.js';
import { calleeIndex } from '../analysis/hotspots/callee.js';
import { fanOut, fanOutHotspots } from '../analysis/hotspots/fan-out.js';
import { nPlusOne, nPlusOneHotspots } from '../analysis/hotspots/n-plus-one.js';
import { retries } from '../analysis/hotspots/retries.js';
import { spread } from '../analysis/model/percentiles.js';
import type { TraceTree } from '../analysis/model/trace-tree.js';
import type { ClockSkewResult } from '../analysis/timing/clock-skew.js';
import type { AnalysisOptions } from './analysis-api.js';
import { spanRef } from './analysis-wire.js';
import { FLAME_FRACTIONS, type DatasetAnalysis, type Indicator, type ShareRow } from './dataset-analysis-api.js';

/** Rows kept per hotspot list (largest first); the UI shows the top, the CLI prints them. */
const TOP = 25;
const EXAMPLES = 5;

/** Per trace (by trace number): what the trace list shows and SQL users can join (the trace_metrics table). */
export interface TraceMetrics {
  traceId: string[];
  syncChain: Int32Array;
  waitsOn: Int32Array;
  /** Length of the root's critical path (0 for a trace with no true root). */
  criticalPathNs: Float64Array;
  /** The service-graph edges each trace crosses (indexes into analysis.graph.edges). */
  edges: ServiceGraph['traceEdges'];
}

export function analyzeDataset(
  dataset: string,
  tree: TraceTree,
  skew: ClockSkewResult | null,
  options: Required<AnalysisOptions>,
): { analysis: DatasetAnalysis; traces: TraceMetrics } {
  const t = tree.table;
  const traceIdOf = (trace: number) => t.traceId[tree.traceStart[trace]!]!;

  const paths = criticalPaths(tree, { ...options, summaries: false });
  const roots = paths.filter((p) => !p.orphan);
  const attribution = attributionIndex(tree);
  const graph = serviceGraph(tree, { criticalServicesPerTrace: servicesOnPaths(tree, roots, attribution) });

  const callees = calleeIndex(tree);
  const fan = fanOutHotspots(tree, fanOut(tree)).sort((a, b) => b.totalSavableNs - a.totalSavableNs);
  const n1 = nPlusOneHotspots(tree, nPlusOne(tree, { callees })).sort((a, b) => b.totalNs - a.totalNs);
  const retried = retries(tree, { callees });
  const errors = errorCascades(tree);
  const monolith = monolithIndicators(tree);
  const shares = criticalShares(tree, roots, attribution);

  const worstEdge = retried.edges.reduce<(typeof retried.edges)[number] | null>(
    (w, e) => (!w || e.compoundMax > w.compoundMax ? e : w),
    null,
  );
  const worstCalls = [...retried.calls].sort((a, b) => b.attempts - a.attempts || a.spans[0]! - b.spans[0]!);
  const edgeCalls = worstEdge ? worstCalls.filter((c) => c.service === worstEdge.service && c.callee === worstEdge.callee) : [];

  const criticalPathNs = new Float64Array(tree.traceCount);
  for (const p of roots) if (criticalPathNs[p.trace] === 0) criticalPathNs[p.trace] = p.end - p.start;
  const traces: TraceMetrics = {
    traceId: Array.from({ length: tree.traceCount }, (_, trace) => traceIdOf(trace)),
    syncChain: monolith.syncChain,
    waitsOn: monolith.waitsOn,
    criticalPathNs,
    edges: graph.traceEdges,
  };

  const analysis: DatasetAnalysis = {
    dataset,
    options,
    spans: t.size,
    traces: tree.traceCount,
    clock: { adjustedSpans: skew?.adjustedSpanCount ?? 0, adjustedSubtrees: skew?.adjusted.length ?? 0 },
    criticalPathNs: spread(roots.map((p) => p.end - p.start)),
    graph: {
      nodes: graph.nodes.map((n) => ({
        service: n.service,
        virtual: n.virtual,
        spans: n.spans,
        traces: n.traces,
        errorRate: n.errorRate,
        fanIn: n.fanIn,
        bottleneck: n.bottleneck,
      })),
      edges: graph.edges.map((e) => ({
        from: e.from,
        to: e.to,
        mode: e.mode,
        calls: e.calls,
        traces: e.traces,
        callsPerTrace: e.callsPerTrace,
        errorRate: e.errorRate,
        p50Ns: e.p50Ns,
        p90Ns: e.p90Ns,
        p99Ns: e.p99Ns,
        examples: e.examples.map((s) => spanRef(tree, s)),
        via: e.via,
      })),
    },
    hotspots: {
      fanOut: fan.slice(0, TOP).map(({ exampleSpan, ...h }) => ({ ...h, example: spanRef(tree, exampleSpan) })),
      nPlusOne: n1.slice(0, TOP).map(({ exampleSpan, ...h }) => ({ ...h, example: spanRef(tree, exampleSpan) })),
      retries: {
        retriedCalls: retried.calls.length,
        edges: retried.edges.map((e) => ({ ...e })),
        examples: worstCalls.slice(0, EXAMPLES).map((c) => ({ ...spanRef(tree, c.spans[0]!), attempts: c.attempts })),
      },
      errors: {
        failedTraces: errors.cascades.length,
        byService: errors.byService,
        examples: errors.cascades.slice(0, EXAMPLES).map((c) => ({
          traceId: traceIdOf(c.trace),
          origin: spanRef(tree, c.origin),
          chain: c.chain.map((s) => t.spanId[s]!),
        })),
      },
    },
    accumulation: {
      byService: shares.byService.map(shareRow),
      byOperation: shares.byOperation.slice(0, TOP).map(shareRow),
      flames: FLAME_FRACTIONS.map((slowest) => ({ slowest, flame: criticalFlame(tree, roots, { slowest, index: attribution }) })),
    },
    monolith: {
      waitsOn: indicator(monolith.waitsOnSummary, traceIdOf),
      syncChain: indicator(monolith.syncChainSummary, traceIdOf),
      longestChains: longestSyncChains(tree, monolith, { top: TOP, examples: EXAMPLES }).map(({ exampleSpans, ...row }) => ({
        ...row,
        examples: exampleSpans.map((s) => spanRef(tree, s)),
      })),
      retryAmplification: {
        max: worstEdge?.compoundMax ?? 1,
        edge: worstEdge ? { service: worstEdge.service, callee: worstEdge.callee } : null,
        exampleTraceIds: [...new Set(edgeCalls.map((c) => t.traceId[c.spans[0]!]!))].slice(0, EXAMPLES),
      },
    },
  };
  return { analysis, traces };
}

/** Per trace: the services its root's critical path spends time in (uninstrumented callees by their peer name). */
function servicesOnPaths(tree: TraceTree, roots: readonly CriticalPath[], index: AttributionIndex): Set<string>[] {
  const out: Set<string>[] = Array.from({ length: tree.traceCount }, () => new Set<string>());
  const seen = new Uint8Array(index.services.length);
  const touched: number[] = [];
  for (const path of roots) {
    for (const seg of path.segments) {
      const s = index.serviceOf[seg.span]!;
      if (seg.kind !== 'span' || seen[s]) continue;
      seen[s] = 1;
      touched.push(s);
    }
    const services = out[path.trace]!;
    for (const s of touched) {
      services.add(index.services[s]!.name);
      seen[s] = 0;
    }
    touched.length = 0;
  }
  return out;
}

function shareRow(s: CriticalShare): ShareRow {
  return {
    service: s.service,
    ...(s.operation === undefined ? {} : { operation: s.operation }),
    virtual: s.virtual,
    traces: s.traces,
    totalNs: s.totalNs,
    share: s.share,
  };
}

function indicator(s: IndicatorSummary, traceIdOf: (trace: number) => string): Indicator {
  return { min: s.min, p50: s.p50, p90: s.p90, max: s.max, exampleTraceIds: s.examples.map(traceIdOf) };
}
