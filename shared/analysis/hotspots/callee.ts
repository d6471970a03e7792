/**
 * Who a call goes to: the one callee identity every hotspot analysis uses,
 * so an N+1 loop, a retried call and an edge of the service map all name the
 * same callee for the same span.
 *
 *   instrumented callee    order   CLIENT |==========|       callee = "inventory"
 *                          inventory SERVER |======|         (its SERVER child's service)
 *
 *   uninstrumented callee  inventory CLIENT |====|           callee = peer[i]
 *                          (no child: a database or          e.g. "postgresql inventory-db"
 *                          third-party API)
 *
 *   nothing known          svc CLIENT |====|                 callee = "unknown"
 *
 * A SERVER/CONSUMER child in the caller's own service does not name a callee
 * (a service calling itself through a loopback is not a hop to another
 * service), so the peer hint is used then.
 */
import { KIND } from '../model/span-table.js';
import { isOutgoing } from '../model/edges.js';
import type { TraceTree } from '../model/trace-tree.js';

export const UNKNOWN_CALLEE = 'unknown';

/** The span that answers a CLIENT/PRODUCER span: its first SERVER/CONSUMER child in another service, or -1. */
export function answeringSpan(tree: TraceTree, span: number): number {
  const { table, childStart, childList } = tree;
  const own = table.service[span];
  for (let k = childStart[span]!; k < childStart[span + 1]!; k++) {
    const child = childList[k]!;
    const kind = table.kind[child];
    if ((kind === KIND.server || kind === KIND.consumer) && table.service[child] !== own) return child;
  }
  return -1;
}

/** The callee of a CLIENT/PRODUCER span. */
export function calleeOf(tree: TraceTree, span: number): string {
  const answer = answeringSpan(tree, span);
  return answer >= 0 ? tree.table.service[answer]! : tree.table.peer[span] || UNKNOWN_CALLEE;
}

export interface CalleeIndex {
  /** Callee number (into `names`) of every outgoing span; -1 for every other span. */
  readonly id: Int32Array;
  readonly names: readonly string[];
}

/** calleeOf for every outgoing span at once, as small integers the hot loops can compare. */
export function calleeIndex(tree: TraceTree): CalleeIndex {
  const { table } = tree;
  const id = new Int32Array(table.size).fill(-1);
  const names: string[] = [];
  const numbers = new Map<string, number>();
  for (let i = 0; i < table.size; i++) {
    if (!isOutgoing(table, i)) continue;
    const name = calleeOf(tree, i);
    let at = numbers.get(name);
    if (at === undefined) {
      at = names.length;
      names.push(name);
      numbers.set(name, at);
    }
    id[i] = at;
  }
  return { id, names };
}
