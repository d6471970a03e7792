/** Index-based analysis results → the wire forms in analysis-api.ts (ids, absolute times). */
import type { Hop } from '../analysis/accumulation/latency-hops.js';
import type { CriticalPath } from '../analysis/critical-path/critical-path.js';
import type { TraceTree } from '../analysis/model/trace-tree.js';
import type { SpanRef, WireCriticalPath, WireHop } from './analysis-api.js';

/** Relative nanoseconds (doubles; adjusted times may be fractional) → epoch nanoseconds. */
export function absoluteNs(tree: TraceTree, relative: number): bigint {
  return tree.table.baseNs + BigInt(Math.round(relative));
}

export function spanRef(tree: TraceTree, span: number): SpanRef {
  const t = tree.table;
  return { traceId: t.traceId[span]!, spanId: t.spanId[span]!, service: t.service[span]!, operation: t.name[span]! };
}

export function wireCriticalPath(tree: TraceTree, path: CriticalPath): WireCriticalPath {
  const t = tree.table;
  return {
    traceId: t.traceId[path.top]!,
    rootSpanId: t.spanId[path.top]!,
    orphan: path.orphan,
    startNs: absoluteNs(tree, path.start),
    endNs: absoluteNs(tree, path.end),
    durationNs: Math.round(path.end - path.start),
    segments: path.segments.map((s) => ({
      spanId: t.spanId[s.span]!,
      service: t.service[s.span]!,
      operation: t.name[s.span]!,
      startNs: absoluteNs(tree, s.start),
      endNs: absoluteNs(tree, s.end),
      kind: s.kind,
    })),
    byOperation: path.byOperation.map((o) => ({ service: o.service, operation: o.operation, exclusiveNs: Math.round(o.exclusiveNs) })),
    skewAdjustments: path.skewAdjustments,
    outsideParent: path.outsideParent.map((s) => t.spanId[s]!),
    queueNs: Math.round(path.queueNs),
  };
}

export function wireHop(tree: TraceTree, hop: Hop): WireHop {
  return {
    service: hop.service,
    virtual: hop.virtual,
    spanId: tree.table.spanId[hop.span]!,
    startNs: absoluteNs(tree, hop.startNs),
    selfNs: Math.round(hop.selfNs),
    overheadNs: Math.round(hop.overheadNs),
    queueNs: Math.round(hop.queueNs),
    totalNs: Math.round(hop.totalNs),
    runningNs: Math.round(hop.runningNs),
  };
}
