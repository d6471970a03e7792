/**
 * The service dependency map: services as nodes, caller → callee calls as
 * edges, with how often, how slow and how often failing each call is.
 *
 * One call per callee-side span, whatever the instrumentation recorded:
 *
 *   sync, in-mesh       gw:     |====client=========|
 *                       order:     |===server====|        gw → order, one call (not two),
 *                                                         duration = server's
 *
 *   sync, no client     gw:     |====server=========|
 *   span                order:     |===server====|        a cross-service child that is
 *                                                         not async: gw → order
 *
 *   async, messaging    api:    |=producer=|
 *                       worker:           |==consumer==|  api → worker (async),
 *                                                         duration = consumer's
 *
 *   async, link only    api:    |=producer=|              (another trace, or no parent)
 *                       worker:           |==consumer==|  links → producer: api → worker (async)
 *
 *   async, follows      api:    |==server==|
 *                       mailer:      |··follows-from··|   api → mailer (async)
 *
 *   uninstrumented      order:  |==client==|              no SERVER/CONSUMER child, no link:
 *   callee                                                order → peer[client] (virtual node;
 *                                                         'unknown' when no peer is known),
 *                                                         duration = client's; sync for a
 *                                                         CLIENT, async for a PRODUCER
 *
 * An async call handed over through a messaging destination (the
 * producer span names it: messaging.destination.name, see PEER_NAME_SQL)
 * lists it in `via`, so the map can draw the broker between the two.
 *
 * An A → B pair seen both sync and async gives two edges. Calls within one
 * service are not edges. A virtual callee whose peer name is a service that
 * did send spans is that service's node (its server span was lost), not a
 * second node of the same name.
 *
 * A call failed when the callee-side span has error=1, or the caller-side
 * span does and is the outgoing CLIENT/PRODUCER span of this call (a client
 * timeout fails the call even when the server finished fine).
 *
 * Edge durations are percentiles by nearest rank: the smallest duration with
 * at least p% of the calls at or below it, always a duration some call took.
 *
 * Node metrics: spans, traces and error rate over the service's own spans;
 * for a virtual node, over the outgoing spans that call it (the only spans
 * that stand for it). fanIn = distinct services calling it synchronously.
 * bottleneck = share of all traces whose critical path (given, per trace
 * number, as the services it crosses) includes the node; null when not given.
 *
 * Nodes come sorted by name; edges by caller, then callee, sync before async.
 */
import { isAsyncChild, isOutgoing } from '../model/edges.js';
import { nearestRank } from '../model/percentiles.js';
import { KIND } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import { linkedCalls, type LinkedCalls } from './linked-calls.js';
import { serviceIds, type ServiceIds } from './service-ids.js';
import { unansweredOutgoing } from './uninstrumented.js';

export type CallMode = 'sync' | 'async';

export interface GraphNode {
  service: string;
  /** A callee that sent no spans, named from its callers' peer attributes. */
  virtual: boolean;
  spans: number;
  traces: number;
  errors: number;
  /** errors ÷ spans. */
  errorRate: number;
  /** Distinct services that call this one synchronously. */
  fanIn: number;
  /** Share of all traces whose critical path crosses this service; null without critical-path input. */
  bottleneck: number | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  mode: CallMode;
  calls: number;
  /** Traces containing at least one of these calls. */
  traces: number;
  /** calls ÷ traces. */
  callsPerTrace: number;
  errors: number;
  /** errors ÷ calls. */
  errorRate: number;
  /** Callee-side duration percentiles (ns, nearest rank). */
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  /** Callee-side span of the first calls, one per trace, at most EXAMPLES. */
  examples: number[];
  /** Messaging destinations async calls went through (named by the producer span), at most MAX_VIA, sorted. */
  via: string[];
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /**
   * Which traces make which calls: entry k says trace traceOf[k] calls
   * along edges[edge[k]] calls[k] times (one entry per trace and edge).
   */
  traceEdges: { trace: Int32Array; edge: Int32Array; calls: Int32Array };
}

export interface ServiceGraphOptions {
  /** Services each trace's critical path crosses, by trace number. */
  criticalServicesPerTrace?: ReadonlyArray<ReadonlySet<string>>;
}

const EXAMPLES = 3;
const MAX_VIA = 8;
const SYNC = 0;
const ASYNC = 1;

interface EdgeAcc {
  from: number;
  to: number;
  mode: number;
  calls: number;
  errors: number;
  traces: number;
  lastTrace: number;
  /** The traceEdges entry of lastTrace. */
  lastEntry: number;
  examples: number[];
  via: Set<string>;
}

export function serviceGraph(tree: TraceTree, options: ServiceGraphOptions = {}): ServiceGraph {
  const { table, traceOf } = tree;
  const n = table.size;
  const ids = serviceIds(table);
  const linked = linkedCalls(tree);
  const unanswered = unansweredOutgoing(tree, linked);

  // Per service id; virtual ids are appended as they are met.
  const spans: number[] = new Array<number>(ids.realCount).fill(0);
  const errors = spans.slice();
  const traces = spans.slice();
  const lastTrace = new Array<number>(ids.realCount).fill(-1);
  const countSpan = (id: number, trace: number, span: number) => {
    while (spans.length <= id) {
      spans.push(0);
      errors.push(0);
      traces.push(0);
      lastTrace.push(-1);
    }
    spans[id]!++;
    errors[id]! += table.error[span]!;
    if (lastTrace[id] !== trace) {
      lastTrace[id] = trace;
      traces[id]!++;
    }
  };

  // Each call: its edge and duration; bucketed per edge once all are known.
  const edges: EdgeAcc[] = [];
  // Per caller id: (callee id × 2 + mode) → edge; small-integer keys, nothing allocated per call.
  const edgeOf: Map<number, number>[] = [];
  const callEdge = new Int32Array(2 * n + linked.caller.length);
  const callNs = new Float64Array(callEdge.length);
  let calls = 0;
  const entryTrace: number[] = [];
  const entryEdge: number[] = [];
  const entryCalls: number[] = [];
  const record = (from: number, to: number, mode: number, span: number, trace: number, failed: boolean, producer = -1) => {
    const byCallee = (edgeOf[from] ??= new Map());
    let e = byCallee.get(to * 2 + mode);
    if (e === undefined) {
      e = edges.length;
      byCallee.set(to * 2 + mode, e);
      edges.push({ from, to, mode, calls: 0, errors: 0, traces: 0, lastTrace: -1, lastEntry: -1, examples: [], via: new Set() });
    }
    const acc = edges[e]!;
    acc.calls++;
    if (producer >= 0 && table.kind[producer] === KIND.producer && table.peer[producer] && acc.via.size < MAX_VIA) {
      acc.via.add(table.peer[producer]);
    }
    if (failed) acc.errors++;
    if (acc.lastTrace !== trace) {
      acc.lastTrace = trace;
      acc.traces++;
      if (acc.examples.length < EXAMPLES) acc.examples.push(span);
      acc.lastEntry = entryTrace.length;
      entryTrace.push(trace);
      entryEdge.push(e);
      entryCalls.push(0);
    }
    entryCalls[acc.lastEntry]!++;
    callEdge[calls] = e;
    callNs[calls++] = table.end[span]! - table.start[span]!;
  };

  for (let i = 0; i < n; i++) countSpan(ids.of[i]!, traceOf[i]!, i);
  forEachCall(
    tree,
    (from, to, async, span, failed, producer) => {
      const trace = traceOf[span]!;
      // A virtual callee's spans are the outgoing spans that call it.
      if (to >= ids.realCount) countSpan(to, trace, span);
      record(from, to, async ? ASYNC : SYNC, span, trace, failed, producer);
    },
    { ids, linked, unanswered },
  );

  const sorted = durationsByEdge(edges.length, callEdge.subarray(0, calls), callNs.subarray(0, calls));
  const fanIn = new Int32Array(ids.names.length);
  for (const e of edges) if (e.mode === SYNC) fanIn[e.to]!++;
  const bottleneck = bottleneckScores(tree.traceCount, options.criticalServicesPerTrace);

  const nodes: GraphNode[] = ids.names.map((service, id) => ({
    service,
    virtual: id >= ids.realCount,
    spans: spans[id]!,
    traces: traces[id]!,
    errors: errors[id]!,
    errorRate: spans[id]! ? errors[id]! / spans[id]! : 0,
    fanIn: fanIn[id]!,
    bottleneck: bottleneck ? (bottleneck.get(service) ?? 0) : null,
  }));
  const graphEdges: (GraphEdge & { index: number })[] = edges.map((e, index) => {
    const durations = sorted(index);
    return {
      index,
      from: ids.names[e.from]!,
      to: ids.names[e.to]!,
      mode: e.mode === SYNC ? 'sync' : 'async',
      calls: e.calls,
      traces: e.traces,
      callsPerTrace: e.calls / e.traces,
      errors: e.errors,
      errorRate: e.errors / e.calls,
      p50Ns: nearestRank(durations, 50),
      p90Ns: nearestRank(durations, 90),
      p99Ns: nearestRank(durations, 99),
      examples: e.examples,
      via: [...e.via].sort(compare),
    };
  });
  nodes.sort((a, b) => compare(a.service, b.service));
  graphEdges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(b.mode, a.mode));
  const sortedIndex = new Int32Array(edges.length);
  graphEdges.forEach((e, i) => (sortedIndex[e.index] = i));
  return {
    nodes,
    edges: graphEdges.map(({ index: _, ...e }) => e),
    traceEdges: {
      trace: Int32Array.from(entryTrace),
      edge: Int32Array.from(entryEdge, (e) => sortedIndex[e]!),
      calls: Int32Array.from(entryCalls),
    },
  };
}

/**
 * What serviceGraph counts as a call, for other analyses to count the same
 * calls their own way (the before/after comparison). Called once per call,
 * in span order: `from`/`to` are service ids of `ids` (virtual callees are
 * interned into it), `span` the callee-side span (the caller's outgoing span
 * for an uninstrumented callee), `failed` as the header defines it, and
 * `producer` the caller-side span of an async call (-1 for a sync call or an
 * uninstrumented callee).
 */
export type CallVisitor = (from: number, to: number, async: boolean, span: number, failed: boolean, producer: number) => void;

export function forEachCall(
  tree: TraceTree,
  visit: CallVisitor,
  context: { ids?: ServiceIds; linked?: LinkedCalls; unanswered?: Uint8Array } = {},
): ServiceIds {
  const { table, parent } = tree;
  const ids = context.ids ?? serviceIds(table);
  const linked = context.linked ?? linkedCalls(tree);
  const unanswered = context.unanswered ?? unansweredOutgoing(tree, linked);
  for (let i = 0; i < table.size; i++) {
    const service = ids.of[i]!;
    const p = parent[i]!;
    if (p >= 0 && ids.of[p] !== service) {
      const failed = table.error[i] === 1 || (table.error[p] === 1 && isOutgoing(table, p));
      const async = isAsyncChild(table, i, p);
      visit(ids.of[p]!, service, async, i, failed, async ? p : -1);
    }
    for (let j = linked.start[i]!; j < linked.start[i + 1]!; j++) {
      const producer = linked.caller[j]!;
      if (ids.of[producer] === service) continue;
      visit(ids.of[producer]!, service, true, i, table.error[i] === 1 || table.error[producer] === 1, producer);
    }
    if (unanswered[i] === 1) {
      const callee = ids.intern(table.peer[i] || 'unknown');
      if (callee !== service) visit(service, callee, table.kind[i] === KIND.producer, i, table.error[i] === 1, -1);
    }
  }
  return ids;
}

/** Durations grouped by edge (a counting sort), each group sorted once. */
function durationsByEdge(edgeCount: number, callEdge: Int32Array, callNs: Float64Array): (edge: number) => Float64Array {
  const start = new Int32Array(edgeCount + 1);
  for (let c = 0; c < callEdge.length; c++) start[callEdge[c]! + 1]!++;
  for (let e = 0; e < edgeCount; e++) start[e + 1]! += start[e]!;
  const values = new Float64Array(callEdge.length);
  const fill = start.slice(0, edgeCount);
  for (let c = 0; c < callEdge.length; c++) values[fill[callEdge[c]!]!++] = callNs[c]!;
  for (let e = 0; e < edgeCount; e++) values.subarray(start[e]!, start[e + 1]!).sort();
  return (edge) => values.subarray(start[edge]!, start[edge + 1]!);
}

/** Share of all traces whose critical path crosses each service. */
function bottleneckScores(traceCount: number, critical: ReadonlyArray<ReadonlySet<string>> | undefined): Map<string, number> | null {
  if (!critical) return null;
  const hits = new Map<string, number>();
  const count = Math.min(traceCount, critical.length);
  for (let t = 0; t < count; t++) for (const service of critical[t] ?? []) hits.set(service, (hits.get(service) ?? 0) + 1);
  for (const [service, h] of hits) hits.set(service, traceCount ? h / traceCount : 0);
  return hits;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
