/**
 * Retries: an outgoing call (CLIENT/PRODUCER) made again after it failed.
 * Under one parent, a call c is a retry of the previous call p with the same
 * caller service, operation (span name) and callee (calleeOf) when
 *
 *   c carries http.request.resend_count > 0, or
 *   c carries no resend_count, p failed, and c is sequential to p
 *   (isSequential: starts at or after p ends, up to a small tolerance).
 *
 * p failed: status ERROR (instrumentations set it on timeouts too), or HTTP
 * status ≥ 500, or 429. An explicit resend_count of 0 says "first send":
 * never a retry. A logical call is its first attempt plus the retries that
 * follow it. Times in the drawings are columns:
 *
 *   error, success     |xx| |==|        1 logical call, 2 attempts
 *   resend_count       |??| |==|        1 logical call, 2 attempts (the second has
 *                                       resend_count 1; the first no status, no error)
 *   three failures     |xx||xx||xx|     1 logical call, 3 attempts, failed
 *   two successes      |==| |==|        2 logical calls: nothing failed, no retry
 *   hedged             |xxxxxx|
 *                        |==|           overlaps the failed call: parallel, not a retry
 *
 * Per edge (caller service → callee): calls made, logical calls requested,
 * amplification = made ÷ requested, and the compound amplification across
 * layers (see compound-amplification.ts).
 */
import type { SpanTable } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import { calleeIndex, type CalleeIndex } from './callee.js';
import { compoundAmplification } from './compound-amplification.js';
import { isSequential, type OverlapTolerance, toleranceOf } from './sequential.js';

export interface RetryOptions extends OverlapTolerance {
  /** calleeIndex(tree), when the caller already has it. */
  callees?: CalleeIndex;
}

export interface RetriedCall {
  parent: number;
  service: string;
  callee: string;
  operation: string;
  attempts: number;
  /** The attempts, first to last. */
  spans: number[];
  failedAttempts: number;
  /** Whether the last attempt did not fail. */
  succeeded: boolean;
}

export interface RetryEdge {
  service: string;
  callee: string;
  /** Calls made (every attempt). */
  calls: number;
  /** Logical calls requested (first attempts). */
  logicalCalls: number;
  /** Logical calls with more than one attempt. */
  retriedCalls: number;
  /** calls ÷ logicalCalls. */
  amplification: number;
  /** Max over root requests and call paths of the product of per-layer amplifications. */
  compoundMax: number;
  compoundMean: number;
}

export interface Retries {
  /** Logical calls with at least one retry, by first attempt. */
  calls: RetriedCall[];
  /** Every edge with calls, highest compound amplification first. */
  edges: RetryEdge[];
  /** 1 for attempts after the first of their logical call. */
  isRetry: Uint8Array;
}

/** Whether a call attempt failed: status ERROR (timeouts included), HTTP 5xx, or 429. */
export function attemptFailed(table: SpanTable, span: number): boolean {
  const status = table.httpStatus[span]!;
  return table.error[span] === 1 || status >= 500 || status === 429;
}

export function retries(tree: TraceTree, options?: RetryOptions): Retries {
  const tolerance = toleranceOf(options);
  const { table, childStart, childList } = tree;
  const n = table.size;
  const callees = options?.callees ?? calleeIndex(tree);

  // Every outgoing span gets an edge (caller service → callee) and a call key
  // (edge, operation): retries are looked for among siblings with one key.
  const edgeOf = new Int32Array(n).fill(-1);
  const keyOf = new Int32Array(n);
  const edgeNumbers = new Map<string, Map<number, number>>();
  const keyNumbers = new Map<string, Map<number, number>>();
  const edgeService: string[] = [];
  const edgeCallee: number[] = [];
  let keyCount = 0;
  // A service's calls are mostly neighbours: look its edges up only when the service changes.
  let lastService: string | undefined;
  let edgesOfService = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const callee = callees.id[i]!;
    if (callee < 0) continue;
    const service = table.service[i]!;
    if (service !== lastService) {
      lastService = service;
      const known = edgeNumbers.get(service);
      if (known) edgesOfService = known;
      else edgeNumbers.set(service, (edgesOfService = new Map()));
    }
    let edge = edgesOfService.get(callee);
    if (edge === undefined) {
      edgesOfService.set(callee, (edge = edgeService.length));
      edgeService.push(service);
      edgeCallee.push(callee);
    }
    edgeOf[i] = edge;
    let keysOfOperation = keyNumbers.get(table.name[i]!);
    if (!keysOfOperation) keyNumbers.set(table.name[i]!, (keysOfOperation = new Map()));
    let key = keysOfOperation.get(edge);
    if (key === undefined) keysOfOperation.set(edge, (key = keyCount++));
    keyOf[i] = key;
  }

  // Link each retry to the attempt before it. lastOfKey holds the latest call
  // per key among the children of the parent at hand, and is cleared after it.
  const isRetry = new Uint8Array(n);
  const nextAttempt = new Int32Array(n).fill(-1);
  const lastOfKey = new Int32Array(keyCount).fill(-1);
  for (let p = 0; p < n; p++) {
    const from = childStart[p]!;
    const to = childStart[p + 1]!;
    if (to - from < 2) continue;
    for (let k = from; k < to; k++) {
      const c = childList[k]!;
      if (edgeOf[c]! < 0) continue;
      const key = keyOf[c]!;
      const prev = lastOfKey[key]!;
      lastOfKey[key] = c;
      if (prev < 0) continue;
      const resend = table.resendCount[c]!;
      if (resend > 0 || (resend < 0 && attemptFailed(table, prev) && isSequential(table, prev, c, tolerance))) {
        isRetry[c] = 1;
        nextAttempt[prev] = c;
      }
    }
    for (let k = from; k < to; k++) {
      const c = childList[k]!;
      if (edgeOf[c]! >= 0) lastOfKey[keyOf[c]!] = -1;
    }
  }

  const edgeCount = edgeService.length;
  const made = new Int32Array(edgeCount);
  const logical = new Int32Array(edgeCount);
  const retried = new Int32Array(edgeCount);
  const calls: RetriedCall[] = [];
  for (let i = 0; i < n; i++) {
    const edge = edgeOf[i]!;
    if (edge < 0) continue;
    made[edge]!++;
    if (isRetry[i]) continue;
    logical[edge]!++;
    if (nextAttempt[i]! < 0) continue;
    retried[edge]!++;
    const spans: number[] = [];
    let failedAttempts = 0;
    for (let a = i; a >= 0; a = nextAttempt[a]!) {
      spans.push(a);
      if (attemptFailed(table, a)) failedAttempts++;
    }
    calls.push({
      parent: tree.parent[i]!,
      service: table.service[i]!,
      callee: callees.names[callees.id[i]!]!,
      operation: table.name[i]!,
      attempts: spans.length,
      spans,
      failedAttempts,
      succeeded: !attemptFailed(table, spans[spans.length - 1]!),
    });
  }

  const compound = compoundAmplification(tree, edgeOf, edgeCount, isRetry);
  const edges: RetryEdge[] = [];
  for (let e = 0; e < edgeCount; e++) {
    edges.push({
      service: edgeService[e]!,
      callee: callees.names[edgeCallee[e]!]!,
      calls: made[e]!,
      logicalCalls: logical[e]!,
      retriedCalls: retried[e]!,
      amplification: made[e]! / Math.max(1, logical[e]!),
      compoundMax: compound.max[e]!,
      compoundMean: compound.mean[e]!,
    });
  }
  edges.sort((a, b) => b.compoundMax - a.compoundMax || b.amplification - a.amplification || b.calls - a.calls);
  return { calls, edges, isRetry };
}
