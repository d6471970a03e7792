/**
 * A before/after comparison from two sides' trees and analyses: the
 * per-trace and per-service/edge/operation samples compared with a test, the
 * structural changes, retries and N+1 loops per side, and the differential
 * critical-path flames. Pure; the engine brings the trees (trace-engine.ts).
 */
import { callPathTree } from '../analysis/compare/call-paths.js';
import { compareSamples } from '../analysis/compare/dataset-diff.js';
import { flameDiff } from '../analysis/compare/flame-diff.js';
import { datasetSamples } from '../analysis/compare/samples.js';
import { structureDiff } from '../analysis/compare/structure-diff.js';
import type { TraceTree } from '../analysis/model/trace-tree.js';
import type { CompareSide, DatasetComparison } from './compare-api.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import { MIN_AMPLIFICATION } from './findings.js';

export interface SideInput {
  side: CompareSide;
  tree: TraceTree;
  /** The whole dataset's analysis (structure, flames, retries and N+1 loops describe the whole dataset). */
  analysis: DatasetAnalysis;
  /** Per trace number: 1 when the side's filter keeps it (absent: all traces). */
  include?: Uint8Array;
}

export function compareDatasets(a: SideInput, b: SideInput): DatasetComparison {
  const samplesA = datasetSamples(a.tree, a.include ? { include: a.include } : {});
  const samplesB = datasetSamples(b.tree, b.include ? { include: b.include } : {});
  const { endToEnd, changes } = compareSamples(samplesA, samplesB);
  const side = (s: SideInput) => ({
    ...s.side,
    label: s.side.label ?? s.side.dataset,
    traces: s.include ? s.include.reduce((n, v) => n + v, 0) : s.tree.traceCount,
    spans: s.include ? countSpans(s.tree, s.include) : s.tree.table.size,
  });
  return {
    a: side(a),
    b: side(b),
    endToEnd,
    changes,
    structure: structureDiff({ analysis: a.analysis, paths: callPathTree(a.tree) }, { analysis: b.analysis, paths: callPathTree(b.tree) }),
    retries: {
      a: a.analysis.monolith.retryAmplification.max,
      b: b.analysis.monolith.retryAmplification.max,
      userFacing: { a: userFacingRetries(a.analysis), b: userFacingRetries(b.analysis) },
    },
    nPlusOne: { a: loops(a.analysis), b: loops(b.analysis) },
    flames: a.analysis.accumulation.flames.flatMap((fa) => {
      const fb = b.analysis.accumulation.flames.find((f) => f.slowest === fa.slowest);
      return fb ? [{ slowest: fa.slowest, root: flameDiff(fa.flame, fb.flame) }] : [];
    }),
  };
}

function countSpans(tree: TraceTree, include: Uint8Array): number {
  let n = 0;
  for (let t = 0; t < tree.traceCount; t++) if (include[t]) n += tree.traceStart[t + 1]! - tree.traceStart[t]!;
  return n;
}

/**
 * The worst compound retry amplification among callers the user waits on:
 * services reached from an entry service (one nobody calls, synchronously
 * or not) through synchronous calls only. Retries behind a broker still cost load,
 * but no longer latency the user sees. 1 when there are none.
 */
export function userFacingRetries(a: DatasetAnalysis): number {
  const syncCallees = new Map<string, string[]>();
  const called = new Set<string>();
  for (const e of a.graph.edges) {
    called.add(e.to);
    if (e.mode !== 'sync') continue;
    syncCallees.set(e.from, [...(syncCallees.get(e.from) ?? []), e.to]);
  }
  const reached = new Set(a.graph.nodes.filter((n) => !n.virtual && !called.has(n.service)).map((n) => n.service));
  const queue = [...reached];
  while (queue.length > 0) {
    for (const next of syncCallees.get(queue.pop()!) ?? []) {
      if (reached.has(next)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  const edges = a.hotspots.retries.edges.filter(
    (e) => e.retriedCalls > 0 && e.amplification >= MIN_AMPLIFICATION && reached.has(e.service),
  );
  return edges.reduce((worst, e) => Math.max(worst, e.compoundMax), 1);
}

function loops(a: DatasetAnalysis) {
  return a.hotspots.nPlusOne.map((h) => ({ service: h.service, callee: h.callee, meanCalls: h.meanCalls }));
}
