/**
 * N+1: a loop that makes one round trip per item where one batched call
 * would do. Under one parent, a run is at least `minRun` (default 5) CLIENT
 * calls to the same callee (calleeOf: the instrumented service, or the peer
 * of an uninstrumented database/API) with the same operation (span name),
 * each sequential to the one before (isSequential: starts at or after it
 * ends, up to a small tolerance).
 *
 * Calls are followed per callee: calls to other callees in between do not
 * break a run (a loop body often makes several calls per item, each an
 * N+1 of its own), but a different operation on the same callee does, and
 * so does an overlap (parallel identical calls are fan-out or hedging).
 * Times in the drawings are columns (one bar runs from its | to its |):
 *
 *   found            parent      |=======================|
 *                    SELECT       |=| |=| |=| |=| |=|        5 in a row: one run
 *
 *   too short        parent      |=======================|
 *                    SELECT       |=| |=| |=| |=|            4 < minRun 5: nothing
 *
 *   parallel         parent      |=======================|
 *                    SELECT ×6    |======|                   all at once: no run
 *
 *   interrupted      parent      |===============================|
 *                    SELECT       |=| |=| |=|     |=| |=| |=|        3 + 3: both too short
 *                    UPDATE                   |=|                    same callee, another operation
 *
 *   interleaved      parent      |===========================================|
 *                    db SELECT    |=|     |=|     |=|     |=|     |=|
 *                    cache GET        |=|     |=|     |=|     |=|     |=|
 *                                                       two runs of 5, one per callee
 *
 * Per run: calls, spans, totalNs = Σ call durations, spanNs = first start →
 * last end (the wall-clock time the parent spent in the loop). Aggregated per
 * (service, operation, callee), the time at stake is Σ spanNs: the time a
 * batched call would replace.
 */
import { KIND } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import { calleeIndex, type CalleeIndex } from './callee.js';
import { isSequential, type OverlapTolerance, toleranceOf } from './sequential.js';

export interface NPlusOneOptions extends OverlapTolerance {
  /** Fewest sequential identical calls that make a run. Default 5. */
  minRun?: number;
  /** calleeIndex(tree), when the caller already has it. */
  callees?: CalleeIndex;
}

export const DEFAULT_MIN_RUN = 5;

export interface NPlusOneRun {
  parent: number;
  /** The calling service (the service of the CLIENT spans). */
  service: string;
  operation: string;
  callee: string;
  calls: number;
  firstSpan: number;
  spans: number[];
  /** Σ call durations. */
  totalNs: number;
  /** First call's start → last call's end. */
  spanNs: number;
}

export interface NPlusOneHotspot {
  service: string;
  operation: string;
  callee: string;
  occurrences: number;
  /** Distinct traces with a run. */
  traces: number;
  maxCalls: number;
  meanCalls: number;
  /** Σ spanNs over the runs: the time at stake. */
  totalNs: number;
  /** First span of the longest run. */
  exampleSpan: number;
}

export function nPlusOne(tree: TraceTree, options?: NPlusOneOptions): NPlusOneRun[] {
  const minRun = Math.max(2, options?.minRun ?? DEFAULT_MIN_RUN);
  const tolerance = toleranceOf(options);
  const { table, childStart, childList } = tree;
  const { start, end, kind, name } = table;
  const callees = options?.callees ?? calleeIndex(tree);
  const calleeCount = callees.names.length;

  // One open run per callee of the parent at hand, in slots reused from parent to parent.
  const slotOfCallee = new Int32Array(calleeCount).fill(-1);
  const slotCallee = new Int32Array(calleeCount);
  const slotFirst = new Int32Array(calleeCount);
  const slotLast = new Int32Array(calleeCount);
  const slotCalls = new Int32Array(calleeCount);
  // Members of a run, linked first → last, so a run's spans are only listed when it is reported.
  const nextInRun = new Int32Array(table.size);
  const out: NPlusOneRun[] = [];

  const flush = (parent: number, slot: number): void => {
    const calls = slotCalls[slot]!;
    if (calls < minRun) return;
    const first = slotFirst[slot]!;
    const spans = new Array<number>(calls);
    let totalNs = 0;
    for (let k = 0, s = first; k < calls; k++, s = nextInRun[s]!) {
      spans[k] = s;
      totalNs += end[s]! - start[s]!;
    }
    const last = slotLast[slot]!;
    out.push({
      parent,
      service: table.service[first]!,
      operation: name[first]!,
      callee: callees.names[slotCallee[slot]!]!,
      calls,
      firstSpan: first,
      spans,
      totalNs,
      spanNs: end[last]! - start[first]!,
    });
  };

  for (let p = 0; p < table.size; p++) {
    const from = childStart[p]!;
    const to = childStart[p + 1]!;
    if (to - from < minRun) continue;
    let used = 0;
    for (let k = from; k < to; k++) {
      const c = childList[k]!;
      if (kind[c] !== KIND.client) continue;
      const callee = callees.id[c]!;
      let slot = slotOfCallee[callee]!;
      if (slot < 0) {
        slot = used++;
        slotOfCallee[callee] = slot;
        slotCallee[slot] = callee;
      } else {
        const last = slotLast[slot]!;
        if (name[c] === name[last] && isSequential(table, last, c, tolerance)) {
          nextInRun[last] = c;
          slotLast[slot] = c;
          slotCalls[slot]!++;
          continue;
        }
        flush(p, slot);
      }
      slotFirst[slot] = c;
      slotLast[slot] = c;
      slotCalls[slot] = 1;
    }
    for (let slot = 0; slot < used; slot++) {
      flush(p, slot);
      slotOfCallee[slotCallee[slot]!] = -1;
    }
  }
  return out;
}

/** Runs per (service, operation, callee), most time at stake first. */
export function nPlusOneHotspots(tree: TraceTree, runs: readonly NPlusOneRun[]): NPlusOneHotspot[] {
  const groups = new Map<string, { hotspot: NPlusOneHotspot; traces: Set<number> }>();
  for (const r of runs) {
    // One key per run (not per span): the allocation is fine here.
    const key = `${r.service}\u0000${r.operation}\u0000${r.callee}`;
    let g = groups.get(key);
    if (!g) {
      const hotspot: NPlusOneHotspot = {
        service: r.service,
        operation: r.operation,
        callee: r.callee,
        occurrences: 0,
        traces: 0,
        maxCalls: 0,
        meanCalls: 0,
        totalNs: 0,
        exampleSpan: r.firstSpan,
      };
      groups.set(key, (g = { hotspot, traces: new Set() }));
    }
    const h = g.hotspot;
    h.occurrences++;
    g.traces.add(tree.traceOf[r.firstSpan]!);
    if (r.calls > h.maxCalls) {
      h.maxCalls = r.calls;
      h.exampleSpan = r.firstSpan;
    }
    h.meanCalls += r.calls; // sums until the end
    h.totalNs += r.spanNs;
  }
  const out: NPlusOneHotspot[] = [];
  for (const { hotspot: h, traces } of groups.values()) {
    h.traces = traces.size;
    h.meanCalls /= h.occurrences;
    out.push(h);
  }
  return out.sort((a, b) => b.totalNs - a.totalNs || b.occurrences - a.occurrences);
}
