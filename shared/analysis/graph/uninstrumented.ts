/**
 * Outgoing spans (CLIENT/PRODUCER) whose callee sent no spans: a database,
 * a third-party API, a topic nobody traced consuming.
 *
 *   order:  |==client==|            no SERVER/CONSUMER child, nothing links
 *                                   to it → a call to an uninstrumented callee
 *
 *   order:  |==client=========|
 *   pay:       |==server===|        answered: the callee is instrumented
 *
 *   order:  |==client=========|     answered by the nested CLIENT (a library
 *   order:    |==client====|        span inside the framework's span); the
 *                                   inner one makes the call, so counting
 *                                   both would count the call twice
 *
 * An outgoing span is answered when a child is a SERVER or CONSUMER, is in
 * another service, or is itself outgoing; or when a linked call (see
 * linked-calls.ts) names it as the caller.
 */
import { isOutgoing } from '../model/edges.js';
import { KIND } from '../model/span-table.js';
import type { TraceTree } from '../model/trace-tree.js';
import type { LinkedCalls } from './linked-calls.js';

/** 1 where span i is outgoing and nothing answered it. */
export function unansweredOutgoing(tree: TraceTree, linked: LinkedCalls): Uint8Array {
  const { table, parent } = tree;
  const n = table.size;
  const answered = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    const p = parent[c]!;
    if (p < 0) continue;
    const k = table.kind[c];
    if (k === KIND.server || k === KIND.consumer || k === KIND.client || k === KIND.producer || table.service[c] !== table.service[p]) {
      answered[p] = 1;
    }
  }
  for (let j = 0; j < linked.caller.length; j++) answered[linked.caller[j]!] = 1;
  const result = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (answered[i] === 0 && isOutgoing(table, i)) result[i] = 1;
  return result;
}
