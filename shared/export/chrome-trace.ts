/**
 * A trace's critical path as Chrome Trace Event JSON, which Perfetto
 * (ui.perfetto.dev), chrome://tracing and speedscope open.
 *
 *   thread 1 "critical path"   the path's segments in time order, one
 *                              complete event ("X") each: what the request
 *                              waited on, moment by moment
 *   threads 2… "spans"         the whole trace, laid out so that the spans
 *                              on each thread nest properly (nested-lanes.ts)
 *
 * Times are microseconds from the trace's start (the format's unit), with
 * the nanoseconds as fractions. Readers take an event's end as ts + dur in
 * doubles, which can differ from the true end by an ulp: durations are
 * chosen so that sum never passes the end, and the lanes are laid out on
 * those sums, so no span pokes out of its parent or into the next segment
 * (speedscope refuses threads that do not nest).
 */
import type { TraceDetail } from '../engine/views-api.js';
import { nestedLanes } from './nested-lanes.js';

interface TraceEvent {
  ph: 'X' | 'M';
  name: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  args?: Record<string, unknown>;
}

const PID = 1;
const CRITICAL_TID = 1;
const FIRST_SPAN_TID = 2;
const NS_PER_US = 1000;

export function criticalPathChromeTrace(detail: TraceDetail): string {
  const { spans, criticalPath: path } = detail;
  const label = (span: number) => `${spans.service[span]}: ${spans.name[span]}`;
  const us = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns) / NS_PER_US : 0);

  const segments: TraceEvent[] = path.segments.map((seg) => {
    const ts = us(seg.start);
    return {
      ph: 'X',
      name: seg.kind === 'queue' ? `queue → ${label(seg.span)}` : label(seg.span),
      cat: `critical-path,${seg.kind}`,
      pid: PID,
      tid: CRITICAL_TID,
      ts,
      dur: durationTo(ts, Math.max(ts, us(seg.end))),
      args: { spanId: spans.spanId[seg.span], segment: seg.kind },
    };
  });

  const start = Float64Array.from(spans.start, us);
  const dur = Float64Array.from(spans.end, (ns, i) => durationTo(start[i]!, Math.max(start[i]!, us(ns))));
  // Where readers will put each end.
  const end = start.map((ts, i) => ts + dur[i]!);
  const { lane, count, order } = nestedLanes(spans, start, end);
  // In placement order: by time, and a span before the spans it encloses even when their times are equal.
  const spanEvents = Array.from(order, (i): TraceEvent => {
    const parent = spans.parent[i]!;
    return {
      ph: 'X',
      name: label(i),
      cat: spans.service[i]!,
      pid: PID,
      tid: FIRST_SPAN_TID + lane[i]!,
      ts: start[i]!,
      dur: dur[i]!,
      args: {
        spanId: spans.spanId[i],
        parentSpanId: parent >= 0 ? spans.spanId[parent] : null,
        kind: spans.kind[i],
        error: spans.error[i] === 1,
        selfMs: spans.selfNs[i]! / 1e6,
        criticalPathMs: spans.criticalNs[i]! / 1e6,
      },
    };
  });

  const traceEvents: TraceEvent[] = [
    meta('process_name', 0, { name: `Hopscope: trace ${detail.traceId} (${detail.dataset})` }),
    meta('thread_name', CRITICAL_TID, { name: 'critical path' }),
    meta('thread_sort_index', CRITICAL_TID, { sort_index: 0 }),
    ...Array.from({ length: count }, (_, l) => [
      meta('thread_name', FIRST_SPAN_TID + l, { name: l === 0 ? 'spans' : `spans (${l + 1})` }),
      meta('thread_sort_index', FIRST_SPAN_TID + l, { sort_index: l + 1 }),
    ]).flat(),
    ...segments,
    ...spanEvents,
  ];
  return JSON.stringify({
    traceEvents,
    displayTimeUnit: 'ms',
    otherData: {
      exportedBy: 'Hopscope',
      dataset: detail.dataset,
      traceId: detail.traceId,
      traceStartNs: detail.startNs.toString(),
      durationMs: detail.durationNs / 1e6,
      criticalPathMs: (path.end - path.start) / 1e6,
      criticalPathRoot: spans.spanId[path.root] ?? null,
      clock: detail.options.clock,
      followAsync: detail.options.followAsync,
    },
  });
}

function meta(name: string, tid: number, args: Record<string, unknown>): TraceEvent {
  return { ph: 'M', name, pid: PID, tid, args };
}

const f64 = new Float64Array(1);
const bits = new BigInt64Array(f64.buffer);

/** The next double above (step 1) or below (step -1) a positive `x`. */
function stepDouble(x: number, step: 1 | -1): number {
  f64[0] = x;
  bits[0] = bits[0]! + BigInt(step);
  return f64[0]!;
}

/**
 * The largest duration d ≥ 0 with ts + d ≤ end in double arithmetic (end ≥
 * ts): end − ts itself can round so that adding it back passes the end by
 * an ulp when ts is small against end. Usually ts + d === end; for some
 * pairs no double d gives that, and the sum falls an ulp short.
 */
export function durationTo(ts: number, end: number): number {
  let d = end - ts;
  if (d <= 0) return 0;
  for (let i = 0; i < 8 && d > 0 && ts + d > end; i++) d = stepDouble(d, -1);
  for (let i = 0; i < 8 && ts + d < end && ts + stepDouble(d, 1) <= end; i++) d = stepDouble(d, 1);
  return Math.max(0, d);
}
