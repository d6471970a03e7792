/**
 * The call paths of a dataset, merged across traces: every span's
 * (service, operation) chain from its trace's top span down to it, one node
 * per distinct chain. What a structural before/after comparison walks
 * (structure-diff.ts): which call paths exist, and in how many traces.
 *
 *   trace 1                      trace 2                 merged
 *   gw GET /checkout             gw GET /checkout        (all traces)           2 traces
 *     order place                  order place             gw GET /checkout     2 traces, 2 spans
 *       pg SELECT                    payment charge          order place        2 traces, 2 spans
 *       pg SELECT                                              pg SELECT        1 trace,  2 spans
 *                                                              payment charge   1 trace,  1 span
 *
 * The service and operation are the span's own (no attribution of client
 * spans to their callees: a client span and the server span under it are two
 * levels). Repeated siblings with the same (service, operation) merge (an
 * N+1 loop is one node with many spans). Every top span of a trace heads
 * paths, orphans' subtrees included (under the root, like true roots).
 * Links are not followed: work in another trace stays in that trace.
 *
 * Size. With more than `maxNodes` nodes below the root (default 5,000), the
 * nodes in the most traces are kept (traces never grow going down, so kept
 * nodes always include their ancestors; ties: created first) and each kept
 * node that lost children gets one '(other)' child (service '') with their
 * spans summed and the traces that passed through any of them. Kept nodes
 * and '(other)' nodes together are at most maxNodes (as critical-flame.ts).
 *
 * Cost: one iterative pass over the spans (map lookups per span), then the
 * fold. Children are ordered by traces, then spans (both descending), then
 * service, then operation; '(other)' comes last.
 */
import type { TraceTree } from '../model/trace-tree.js';
import { foldDropped, keepHeaviest } from '../model/fold-frames.js';

export interface CallPathNode {
  /** '' for the root and '(other)'. */
  service: string;
  /** The span name; 'all traces' for the root, '(other)' for folded nodes. */
  operation: string;
  /** Traces with at least one span on this path (the root: every trace). */
  traces: number;
  /** Spans on this path, over all traces (the root: 0). */
  spans: number;
  children: CallPathNode[];
}

export interface CallPathOptions {
  /** Most nodes below the root before the rarest are folded into '(other)'. Default 5,000. */
  maxNodes?: number;
}

export const DEFAULT_MAX_CALL_PATH_NODES = 5_000;
export const CALL_PATH_ROOT = 'all traces';
export const CALL_PATH_OTHER = '(other)';

const ROOT = 0;

export function callPathTree(tree: TraceTree, options: CallPathOptions = {}): CallPathNode {
  const maxNodes = Math.max(1, Math.floor(options.maxNodes ?? DEFAULT_MAX_CALL_PATH_NODES));
  const { table, childStart, childList } = tree;

  // (service, operation) → key id, so a node's children are found by number.
  const keyOf = new Int32Array(table.size);
  const keyIds = new Map<string, Map<string, number>>();
  const keyService: string[] = [];
  const keyOperation: string[] = [];
  for (let i = 0; i < table.size; i++) {
    const service = table.service[i]!;
    const operation = table.name[i]!;
    let byOperation = keyIds.get(service);
    if (!byOperation) keyIds.set(service, (byOperation = new Map()));
    let key = byOperation.get(operation);
    if (key === undefined) {
      key = keyService.length;
      byOperation.set(operation, key);
      keyService.push(service);
      keyOperation.push(operation);
    }
    keyOf[i] = key;
  }
  const keySpace = Math.max(1, keyService.length);

  // Nodes in flat arrays; a parent's id is always below its children's.
  const parent: number[] = [-1];
  const nodeKey: number[] = [-1];
  const spans: number[] = [0];
  const traces: number[] = [tree.traceCount];
  const stamp: number[] = [-1];
  const childOf = new Map<number, number>();
  // Every (trace, node) first touch, trace after trace: for the '(other)' traces when folding.
  const touched: number[] = [];
  const traceEnds: number[] = [];

  const nodeOfSpan = new Int32Array(table.size);
  const stack: number[] = [];
  for (let t = 0; t < tree.traceCount; t++) {
    for (const top of tree.tops(t)) {
      stack.push(top);
      nodeOfSpan[top] = ROOT;
      while (stack.length > 0) {
        const span = stack.pop()!;
        // nodeOfSpan holds the parent's node until the span's own is known.
        const up = nodeOfSpan[span]!;
        const mapKey = up * keySpace + keyOf[span]!;
        let node = childOf.get(mapKey);
        if (node === undefined) {
          node = parent.length;
          childOf.set(mapKey, node);
          parent.push(up);
          nodeKey.push(keyOf[span]!);
          spans.push(0);
          traces.push(0);
          stamp.push(-1);
        }
        spans[node]!++;
        if (stamp[node] !== t) {
          stamp[node] = t;
          traces[node]!++;
          touched.push(node);
        }
        for (let k = childStart[span]!; k < childStart[span + 1]!; k++) {
          const child = childList[k]!;
          nodeOfSpan[child] = node;
          stack.push(child);
        }
      }
    }
    traceEnds.push(touched.length);
  }

  const n = parent.length;
  const kept = keepHeaviest(parent, traces, maxNodes);

  // '(other)' per kept node with dropped children: the spans of every node folded into it, and the traces through them.
  const { anchor, hasOther, otherTraces } = foldDropped(parent, kept, touched, traceEnds);
  const otherSpans = new Float64Array(n);
  for (let f = 1; f < n; f++) if (!kept[f]) otherSpans[anchor[f]!]! += spans[f]!;

  const nodes = new Array<CallPathNode | undefined>(n);
  const root: CallPathNode = { service: '', operation: CALL_PATH_ROOT, traces: tree.traceCount, spans: 0, children: [] };
  nodes[ROOT] = root;
  for (let f = 1; f < n; f++) {
    if (!kept[f]) continue;
    const key = nodeKey[f]!;
    const node: CallPathNode = {
      service: keyService[key]!,
      operation: keyOperation[key]!,
      traces: traces[f]!,
      spans: spans[f]!,
      children: [],
    };
    nodes[f] = node;
    nodes[parent[f]!]!.children.push(node);
  }
  for (let f = 0; f < n; f++) {
    const node = nodes[f];
    if (!node) continue;
    if (node.children.length > 1) node.children.sort(byCount);
    if (hasOther[f])
      node.children.push({ service: '', operation: CALL_PATH_OTHER, traces: otherTraces[f]!, spans: otherSpans[f]!, children: [] });
  }
  return root;
}

function byCount(a: CallPathNode, b: CallPathNode): number {
  return b.traces - a.traces || b.spans - a.spans || compare(a.service, b.service) || compare(a.operation, b.operation);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
