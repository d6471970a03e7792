/**
 * "Distributed monolith" indicators: how much of the system one request
 * synchronously waits on.
 *
 * From each trace's root, walk the sync-call tree: every child that is not
 * async (edges.ts). An async child — a consumer, a FOLLOWS_FROM child — and
 * everything under it is work the request did not wait for; span links are
 * not children and are never followed.
 *
 *   gw:     |=====================================|
 *   order:    |===============================|
 *   inv:        |========================|
 *   pay:          |=================|
 *   ship:           |=========|
 *           → waitsOn 4 (order, inv, pay, ship), syncChain 5 (gw→order→inv→pay→ship)
 *
 *   gw:     |===============|
 *   order:    |=producer=|
 *   inv:                    |··consumer··|      async: not waited on
 *   pay:                      |====|            under the consumer: not waited on
 *           → waitsOn 1 (order), syncChain 2 (gw→order)
 *
 * waitsOn: distinct services among the spans reached, the root's own service
 *   excluded (gw → order → gw still waits on 1 service).
 * syncChain: the longest run of services called one after another while the
 *   caller waits: along each root-to-span path of sync children, 1 for the
 *   root's service plus 1 at every change of service (so the root counts, a
 *   single-service trace is 1, and gw → order → gw is 3).
 * Only services that sent spans count (an uninstrumented database is not a
 * service here). The root is the trace's first top span (tree.tops): a true
 * root, else its earliest orphan.
 *
 * The dataset summary: min, p50, p90 (nearest rank) and max over traces, and
 * the first few trace numbers that reach the max.
 */
import { isAsyncChild } from '../model/edges.js';
import { nearestRank } from '../model/percentiles.js';
import type { TraceTree } from '../model/trace-tree.js';
import { serviceIds } from './service-ids.js';

export interface IndicatorSummary {
  min: number;
  p50: number;
  p90: number;
  max: number;
  /** Trace numbers whose value is the max (the first few). */
  examples: number[];
}

export interface MonolithIndicators {
  /** Per trace number: distinct services the root synchronously waits on, its own excluded. */
  waitsOn: Int32Array;
  /** Per trace number: longest synchronous chain of services from the root, the root's service counted. */
  syncChain: Int32Array;
  /** Per trace number: the first span reached at the end of that longest chain (-1 for a trace without a root). */
  chainEnd: Int32Array;
  waitsOnSummary: IndicatorSummary;
  syncChainSummary: IndicatorSummary;
}

const EXAMPLES = 5;

export function monolithIndicators(tree: TraceTree): MonolithIndicators {
  const { table, childStart, childList } = tree;
  const ids = serviceIds(table);
  const waitsOn = new Int32Array(tree.traceCount);
  const syncChain = new Int32Array(tree.traceCount);
  const chainEnd = new Int32Array(tree.traceCount).fill(-1);
  // Chain length at each span on the walk, and the last trace each service was counted in.
  const chain = new Int32Array(table.size);
  const seenIn = new Int32Array(ids.realCount).fill(-1);
  const stack = new Int32Array(table.size);

  for (let t = 0; t < tree.traceCount; t++) {
    const root = tree.tops(t)[0];
    if (root === undefined) continue;
    const rootService = ids.of[root]!;
    seenIn[rootService] = t;
    chain[root] = 1;
    let longest = 1;
    let end = root;
    let services = 0;
    let top = 0;
    stack[top++] = root;
    while (top > 0) {
      const span = stack[--top]!;
      for (let c = childStart[span]!; c < childStart[span + 1]!; c++) {
        const child = childList[c]!;
        if (isAsyncChild(table, child, span)) continue;
        const service = ids.of[child]!;
        const length = chain[span]! + (service === ids.of[span] ? 0 : 1);
        chain[child] = length;
        if (length > longest || (length === longest && tree.table.start[child]! < tree.table.start[end]!)) {
          longest = length;
          end = child;
        }
        if (seenIn[service] !== t) {
          seenIn[service] = t;
          services++;
        }
        stack[top++] = child;
      }
    }
    waitsOn[t] = services;
    syncChain[t] = longest;
    chainEnd[t] = end;
  }
  return { waitsOn, syncChain, chainEnd, waitsOnSummary: summarize(waitsOn), syncChainSummary: summarize(syncChain) };
}

function summarize(values: Int32Array): IndicatorSummary {
  if (values.length === 0) return { min: 0, p50: 0, p90: 0, max: 0, examples: [] };
  const sorted = values.slice().sort();
  const max = sorted[sorted.length - 1]!;
  const examples: number[] = [];
  for (let t = 0; t < values.length && examples.length < EXAMPLES; t++) if (values[t] === max) examples.push(t);
  return { min: sorted[0]!, p50: nearestRank(sorted, 50), p90: nearestRank(sorted, 90), max, examples };
}
