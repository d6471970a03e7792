/**
 * One trace, ready to draw: its spans as columns relative to the trace's
 * start, the critical path of its root, the hops of latency along it, and
 * what the hotspot analyses mark on its spans (views-api.ts, TraceDetail).
 * Pure: a one-trace tree in, a structured-cloneable detail out.
 */
import { latencyHops } from '../analysis/accumulation/latency-hops.js';
import { criticalPath } from '../analysis/critical-path/critical-path.js';
import { errorCascades } from '../analysis/graph/error-cascade.js';
import { calleeIndex } from '../analysis/hotspots/callee.js';
import { fanOut } from '../analysis/hotspots/fan-out.js';
import { nPlusOne } from '../analysis/hotspots/n-plus-one.js';
import { retries } from '../analysis/hotspots/retries.js';
import { KIND_NAMES } from '../analysis/model/span-table.js';
import type { TraceTree } from '../analysis/model/trace-tree.js';
import { selfTimes } from '../analysis/timing/self-time.js';
import { formatNs } from '../text/units.js';
import type { AnalysisOptions } from './analysis-api.js';
import type { SpanMark, TraceDetail } from './views-api.js';

/** Fan-outs worth marking: at least this many sync children, and time that parallelism would save. */
const MIN_FAN_OUT = 3;

export function traceDetail(
  dataset: string,
  traceId: string,
  tree: TraceTree,
  raw: TraceTree,
  options: Required<AnalysisOptions>,
): TraceDetail {
  const t = tree.table;
  const n = t.size;
  if (tree.traceCount !== 1) throw new Error(`trace ${traceId} is not in dataset "${dataset}"`);
  let origin = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    if (t.start[i]! < origin) origin = t.start[i]!;
    if (t.end[i]! > last) last = t.end[i]!;
  }
  const start = Float64Array.from(t.start, (v) => v - origin);
  const end = Float64Array.from(t.end, (v) => v - origin);

  const root = tree.tops(0)[0]!;
  const path = criticalPath(tree, root, options);
  const criticalNs = new Float64Array(n);
  for (const e of path.exclusive) criticalNs[e.span] = e.ns;
  const adjusted = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (t.start[i] !== raw.table.start[i] || t.end[i] !== raw.table.end[i]) adjusted[i] = 1;

  return {
    dataset,
    traceId,
    options,
    startNs: t.baseNs + BigInt(Math.round(origin)),
    durationNs: last - origin,
    spans: {
      size: n,
      spanId: [...t.spanId],
      parent: tree.parent.slice(),
      parentMissing: tree.parentMissing.slice(),
      service: [...t.service],
      name: [...t.name],
      kind: Array.from(t.kind, (k) => KIND_NAMES[k] ?? 'unspecified'),
      start,
      end,
      error: t.error.slice(),
      selfNs: selfTimes(tree),
      criticalNs,
      adjusted,
    },
    criticalPath: {
      root,
      start: path.start - origin,
      end: path.end - origin,
      segments: path.segments.map((s) => ({ span: s.span, start: s.start - origin, end: s.end - origin, kind: s.kind })),
      skewAdjustments: path.skewAdjustments,
      queueNs: path.queueNs,
      outsideParent: path.outsideParent,
    },
    hops: latencyHops(tree, path).map((h) => ({
      span: h.span,
      service: h.service,
      virtual: h.virtual,
      start: h.startNs - origin,
      selfNs: h.selfNs,
      overheadNs: h.overheadNs,
      queueNs: h.queueNs,
      totalNs: h.totalNs,
      runningNs: h.runningNs,
    })),
    marks: spanMarks(tree),
    clockAdjustedSpans: adjusted.reduce((sum, a) => sum + a, 0),
  };
}

/** Fan-outs, N+1 runs, retries, errors and the error-cascade origin, one mark per span and kind. */
export function spanMarks(tree: TraceTree): SpanMark[] {
  const t = tree.table;
  const marks: SpanMark[] = [];
  const callees = calleeIndex(tree);

  for (const f of fanOut(tree)) {
    if (f.children < MIN_FAN_OUT || f.savableNs <= 0) continue;
    marks.push({
      span: f.span,
      kind: 'fan-out',
      note: `fans out to ${f.children} calls (parallelism ${f.parallelism.toFixed(1)}); full parallelism would save ${formatNs(f.savableNs)}`,
    });
  }
  for (const run of nPlusOne(tree, { callees })) {
    const note = `N+1: ${run.calls} sequential calls to ${run.callee} "${run.operation}" (${formatNs(run.totalNs)})`;
    for (const s of run.spans) marks.push({ span: s, kind: 'n-plus-one', note });
  }
  for (const call of retries(tree, { callees }).calls) {
    call.spans.forEach((s, attempt) => {
      const outcome = attempt === call.spans.length - 1 ? (call.succeeded ? 'succeeded' : 'failed') : 'failed';
      marks.push({ span: s, kind: 'retry', note: `attempt ${attempt + 1} of ${call.attempts} calling ${call.callee} (${outcome})` });
    });
  }
  for (let i = 0; i < t.size; i++) if (t.error[i]) marks.push({ span: i, kind: 'error', note: 'status ERROR' });
  for (const cascade of errorCascades(tree).cascades) {
    marks.push({
      span: cascade.origin,
      kind: 'error-origin',
      note: `origin of the trace's failure: ${cascade.chain.length - 1} ${cascade.chain.length === 2 ? 'span' : 'spans'} passed the error up to the root`,
    });
  }
  return marks;
}
