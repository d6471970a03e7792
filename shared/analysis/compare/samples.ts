/**
 * One side of a before/after comparison, reduced to the samples the tests
 * need: per trace (end to end, critical path, completion, shape) and per
 * service, (service, operation) and service-graph edge (durations, calls,
 * errors, critical-path time per trace).
 *
 * Which traces: those with include[trace] = 1 (all without a mask), so two
 * sides can be cut from one tree (two time ranges of one dataset).
 *
 * Per trace. A trace's root is its first top (tree.tops(t)[0]), as in
 * monolith.ts. Only traces whose root is a true root (not an orphan: a
 * partial request) are requests: end to end, failed, the critical path and
 * completion are per request; spans, services and syncChain per trace.
 *
 *   endToEndNs     latest end − earliest start of the trace's spans
 *   failed         1 when the root span has status ERROR
 *   criticalPathNs the root's critical path (followAsync false): the root's duration
 *   completionNs   the root's path with followAsync: until the async work it started completes
 *   queueNs        time that path waits in queues ('queue' segments)
 *
 * Per key, with the calls exactly as serviceGraph counts them (forEachCall):
 *
 *   service, operation   every span of the service (operation), its duration;
 *                        for a virtual callee (an uninstrumented database),
 *                        the outgoing spans that call it, as the graph does
 *   edge                 every call from → to (mode), its callee-side duration
 *
 * Critical-path time per trace: the exclusive time of the root's path
 * (followAsync false) on each span, given to the service and operation the
 * attribution index says (critical-share.ts: a client span's uncovered time
 * belongs to the callee it calls), and to an edge for the callee-side spans
 * of its calls plus the outgoing CLIENT/PRODUCER span that made the call (the
 * hop itself). Share = that time ÷ the path's length.
 *
 * Per-trace values per key are kept sparse: only the traces where the key
 * occurs are listed, every other included trace counts as 0 (`traces` says
 * how many there are), so means and tests are over all requests without a
 * keys × traces matrix.
 */
import type { SpanRef } from '../../engine/analysis-api.js';
import type { ChangeSubject } from '../../engine/compare-api.js';
import { attributionIndex } from '../accumulation/attribution-index.js';
import { criticalPath, DEFAULT_SKEW_TOLERANCE } from '../critical-path/critical-path.js';
import { linkedCalls } from '../graph/linked-calls.js';
import { monolithIndicators } from '../graph/monolith.js';
import { forEachCall } from '../graph/service-graph.js';
import { serviceIds, type ServiceIds } from '../graph/service-ids.js';
import { unansweredOutgoing } from '../graph/uninstrumented.js';
import { isOutgoing } from '../model/edges.js';
import type { SpanTable } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';

export const EXAMPLES = 3;

export interface KeySamples {
  /** The same service / operation / edge has the same key in every dataset. */
  key: string;
  subject: ChangeSubject;
  /** Sorted (ns): each span's duration (service, operation) or each call's callee-side duration (edge). */
  durationsNs: Float64Array;
  calls: number;
  errors: number;
  /** Calls (spans) per trace, for the traces with at least one; every other included trace has 0. */
  callsPerTrace: Int32Array;
  /** Included traces with a call (span) or critical-path time here. */
  presentTraces: number;
  /** Per trace with critical-path time here (parallel arrays): its share of the root path (0–1) and the ns; other traces 0. */
  criticalShare: Float64Array;
  criticalNs: Float64Array;
  /** The first call (span) of the first traces, at most EXAMPLES. */
  examples: SpanRef[];
}

export interface DatasetSamples {
  /** Included traces. */
  traces: number;
  /** Spans in the included traces. */
  spans: number;
  /** Per request (included trace whose root is a true root), in trace order. */
  endToEndNs: Float64Array;
  failed: Uint8Array;
  criticalPathNs: Float64Array;
  completionNs: Float64Array;
  queueNs: Float64Array;
  /** Per included trace, in trace order. */
  spansPerTrace: Int32Array;
  servicesPerTrace: Int32Array;
  syncChain: Int32Array;
  keys: KeySamples[];
}

export interface SampleOptions {
  /** Per trace number: 1 = on this side. Absent: every trace. */
  include?: Uint8Array;
  /** As CriticalPathOptions.skewTolerance. */
  skewTolerance?: number;
}

export function datasetSamples(tree: TraceTree, options: SampleOptions = {}): DatasetSamples {
  const { table, traceStart, traceOf } = tree;
  const include = options.include;
  const skewTolerance = options.skewTolerance ?? DEFAULT_SKEW_TOLERANCE;

  // Included traces get ordinals 0 … traces-1.
  const ordinal = new Int32Array(tree.traceCount).fill(-1);
  let traces = 0;
  let spans = 0;
  for (let t = 0; t < tree.traceCount; t++) {
    if (include && include[t] !== 1) continue;
    ordinal[t] = traces++;
    spans += traceStart[t + 1]! - traceStart[t]!;
  }

  const ids = serviceIds(table);
  const keys = new KeyTable(table, ids);
  const linked = linkedCalls(tree);
  const unanswered = unansweredOutgoing(tree, linked);

  // Spans, per service and operation.
  for (let i = 0; i < table.size; i++) {
    const o = ordinal[traceOf[i]!]!;
    if (o < 0) continue;
    const ns = table.end[i]! - table.start[i]!;
    const failed = table.error[i] === 1;
    const s = ids.of[i]!;
    keys.at(keys.service(s)).call(o, i, ns, failed);
    keys.at(keys.operation(s, keys.nameOf[i]!)).call(o, i, ns, failed);
  }

  // Calls, per edge; and which edge a span's critical-path time belongs to.
  const edgeOfSpan = new Int32Array(table.size).fill(-1);
  forEachCall(
    tree,
    (from, to, async, span, failed, _producer) => {
      const o = ordinal[traceOf[span]!]!;
      if (o < 0) return;
      const ns = table.end[span]! - table.start[span]!;
      const e = keys.edge(from, to, async);
      keys.at(e).call(o, span, ns, failed);
      if (edgeOfSpan[span] === -1) edgeOfSpan[span] = e;
      const p = tree.parent[span]!;
      if (p >= 0 && ids.of[span] === to && ids.of[p] === from && isOutgoing(table, p) && edgeOfSpan[p] === -1) edgeOfSpan[p] = e;
      if (to >= ids.realCount) {
        // An uninstrumented callee: its spans are the outgoing spans that call it (as in the graph).
        const error = table.error[span] === 1;
        keys.at(keys.service(to)).call(o, span, ns, error);
        keys.at(keys.operation(to, keys.nameOf[span]!)).call(o, span, ns, error);
      }
    },
    { ids, linked, unanswered },
  );

  // Critical-path time per span → the attributed service and operation.
  const attribution = attributionIndex(tree);
  const attributedService = attribution.services.map((s) => keys.service(ids.intern(s.name)));
  const attributedOperation = attribution.operations.map((op) =>
    keys.operation(ids.intern(attribution.services[op.service]!.name), keys.nameId(op.name)),
  );

  const monolith = monolithIndicators(tree);
  const endToEndNs: number[] = [];
  const failed: number[] = [];
  const criticalPathNs: number[] = [];
  const completionNs: number[] = [];
  const queueNs: number[] = [];
  const spansPerTrace = new Int32Array(traces);
  const servicesPerTrace = new Int32Array(traces);
  const syncChain = new Int32Array(traces);
  const seenIn = new Int32Array(ids.realCount).fill(-1);
  const touched: number[] = [];

  for (let t = 0; t < tree.traceCount; t++) {
    const o = ordinal[t]!;
    if (o < 0) continue;
    const from = traceStart[t]!;
    const to = traceStart[t + 1]!;
    let services = 0;
    let first = Infinity;
    let last = -Infinity;
    for (let i = from; i < to; i++) {
      const s = ids.of[i]!;
      if (seenIn[s] !== t) {
        seenIn[s] = t;
        services++;
      }
      if (table.start[i]! < first) first = table.start[i]!;
      if (table.end[i]! > last) last = table.end[i]!;
    }
    spansPerTrace[o] = to - from;
    servicesPerTrace[o] = services;
    syncChain[o] = monolith.syncChain[t]!;

    const root = tree.tops(t)[0];
    if (root === undefined || tree.parentMissing[root] === 1) continue;
    endToEndNs.push(Math.max(0, last - first));
    failed.push(table.error[root]!);

    const path = criticalPath(tree, root, { skewTolerance, summaries: false });
    const length = path.end - path.start;
    criticalPathNs.push(length);
    if (length > 0) {
      for (const seg of path.segments) {
        if (seg.kind === 'queue') continue;
        const ns = seg.end - seg.start;
        if (ns <= 0) continue;
        keys.onPath(attributedService[attribution.serviceOf[seg.span]!]!, ns, touched);
        keys.onPath(attributedOperation[attribution.operationOf[seg.span]!]!, ns, touched);
        const e = edgeOfSpan[seg.span]!;
        if (e >= 0) keys.onPath(e, ns, touched);
      }
      for (const k of touched) keys.at(k).endPath(o, length);
      touched.length = 0;
    }

    const completion = criticalPath(tree, root, { skewTolerance, followAsync: true, summaries: false });
    completionNs.push(completion.end - completion.start);
    queueNs.push(completion.queueNs);
  }

  return {
    traces,
    spans,
    endToEndNs: Float64Array.from(endToEndNs),
    failed: Uint8Array.from(failed),
    criticalPathNs: Float64Array.from(criticalPathNs),
    completionNs: Float64Array.from(completionNs),
    queueNs: Float64Array.from(queueNs),
    spansPerTrace,
    servicesPerTrace,
    syncChain,
    keys: keys.samples(),
  };
}

/** The text that names a subject: "order", "order GET /x", "gw → order (sync)". */
export function subjectText(s: ChangeSubject): string {
  switch (s.kind) {
    case 'service':
      return s.service;
    case 'operation':
      return `${s.service} ${s.operation}`;
    case 'edge':
      return `${s.from} → ${s.to} (${s.mode})`;
  }
}

/** Unambiguous key of a subject (names may contain spaces and arrows). */
function subjectKey(s: ChangeSubject): string {
  switch (s.kind) {
    case 'service':
      return `s\u0000${s.service}`;
    case 'operation':
      return `o\u0000${s.service}\u0000${s.operation}`;
    case 'edge':
      return `e\u0000${s.from}\u0000${s.to}\u0000${s.mode}`;
  }
}

class KeyAcc {
  readonly durations: number[] = [];
  calls = 0;
  errors = 0;
  readonly callTrace: number[] = [];
  readonly callCount: number[] = [];
  readonly critTrace: number[] = [];
  readonly critShare: number[] = [];
  readonly critNs: number[] = [];
  readonly examples: number[] = [];
  /** Critical-path ns on the path being summed. */
  pathNs = 0;

  constructor(readonly subject: ChangeSubject) {}

  /** One call (span) in included trace `o`; calls come in trace order. */
  call(o: number, span: number, ns: number, failed: boolean): void {
    this.durations.push(ns);
    this.calls++;
    if (failed) this.errors++;
    const n = this.callTrace.length;
    if (n === 0 || this.callTrace[n - 1] !== o) {
      this.callTrace.push(o);
      this.callCount.push(1);
      if (this.examples.length < EXAMPLES) this.examples.push(span);
    } else this.callCount[n - 1]!++;
  }

  endPath(o: number, length: number): void {
    this.critTrace.push(o);
    this.critShare.push(this.pathNs / length);
    this.critNs.push(this.pathNs);
    this.pathNs = 0;
  }

  /** Traces in the union of the two (increasing) trace lists. */
  presentTraces(): number {
    const a = this.callTrace;
    const b = this.critTrace;
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i]! < b[j]!)) i++;
      else if (i >= a.length || b[j]! < a[i]!) j++;
      else {
        i++;
        j++;
      }
      n++;
    }
    return n;
  }
}

/** Keys as small integers: services by service id, operations and edges by packed integer pairs. */
class KeyTable {
  readonly nameOf: Int32Array;
  private readonly names = new Map<string, number>();
  private readonly nameList: string[] = [];
  private readonly byService: number[] = [];
  private readonly byOperation = new Map<number, number>();
  private readonly byEdge = new Map<number, number>();
  private readonly accs: KeyAcc[] = [];

  constructor(
    private readonly table: SpanTable,
    private readonly ids: ServiceIds,
  ) {
    this.nameOf = new Int32Array(table.size);
    for (let i = 0; i < table.size; i++) {
      this.nameOf[i] = i > 0 && table.name[i] === table.name[i - 1] ? this.nameOf[i - 1]! : this.nameId(table.name[i]!);
    }
  }

  nameId(name: string): number {
    let id = this.names.get(name);
    if (id === undefined) {
      this.names.set(name, (id = this.nameList.length));
      this.nameList.push(name);
    }
    return id;
  }

  at(key: number): KeyAcc {
    return this.accs[key]!;
  }

  service(s: number): number {
    let k = this.byService[s];
    if (k === undefined) this.byService[s] = k = this.add({ kind: 'service', service: this.ids.names[s]! });
    return k;
  }

  operation(s: number, name: number): number {
    // Fewer than 2^21 services and names in any real dataset.
    const packed = s * 2 ** 21 + name;
    let k = this.byOperation.get(packed);
    if (k === undefined) {
      k = this.add({ kind: 'operation', service: this.ids.names[s]!, operation: this.nameList[name]! });
      this.byOperation.set(packed, k);
    }
    return k;
  }

  edge(from: number, to: number, async: boolean): number {
    const packed = (from * 2 ** 21 + to) * 2 + (async ? 1 : 0);
    let k = this.byEdge.get(packed);
    if (k === undefined) {
      k = this.add({ kind: 'edge', from: this.ids.names[from]!, to: this.ids.names[to]!, mode: async ? 'async' : 'sync' });
      this.byEdge.set(packed, k);
    }
    return k;
  }

  onPath(key: number, ns: number, touched: number[]): void {
    const acc = this.accs[key]!;
    if (acc.pathNs === 0) touched.push(key);
    acc.pathNs += ns;
  }

  samples(): KeySamples[] {
    const t = this.table;
    // Keys made for spans of traces on the other side only are not on this side.
    return this.accs
      .filter((acc) => acc.calls > 0 || acc.critTrace.length > 0)
      .map((acc) => ({
        key: subjectKey(acc.subject),
        subject: acc.subject,
        durationsNs: Float64Array.from(acc.durations).sort(),
        calls: acc.calls,
        errors: acc.errors,
        callsPerTrace: Int32Array.from(acc.callCount),
        presentTraces: acc.presentTraces(),
        criticalShare: Float64Array.from(acc.critShare),
        criticalNs: Float64Array.from(acc.critNs),
        examples: acc.examples.map((s) => ({
          traceId: t.traceId[s]!,
          spanId: t.spanId[s]!,
          service: t.service[s]!,
          operation: t.name[s]!,
        })),
      }));
  }

  private add(subject: ChangeSubject): number {
    this.accs.push(new KeyAcc(subject));
    return this.accs.length - 1;
  }
}
