/**
 * How the shape of the system changed between two datasets ("a" the
 * baseline, "b" the comparison): calls between services that appeared or
 * went, calls that stopped being synchronous, operations that appeared or
 * went, and call paths whose shape differs.
 *
 * Edges. A graph edge is (from, to, mode); one on a side only is reported
 * with that side's callsPerTrace. Sorted by callsPerTrace descending, then
 * from, to, mode.
 *
 * Sync → async. Two rules, each pair (from, to) reported once:
 *   1. direct: a has from → to sync, b has no from → to sync but has
 *      from → to async. via: b's async edge's destinations.
 *   2. handed over: a callee that something called synchronously in a and
 *      nothing calls synchronously in b, but something calls asynchronously
 *      in b: one entry per async caller X in b (from = X), even when X never
 *      called it in a (a chain order → inventory → payment becoming order
 *      publishing to both). callsPerTrace.a: a's synchronous calls into the
 *      callee, summed over its callers.
 * Sorted by to, then from.
 *
 * Operations. (service, operation) pairs anywhere in one call-path tree only
 * (the roots and '(other)' nodes aside). Sorted by service, then operation.
 *
 * Paths. The two call-path trees (call-paths.ts) are walked together from
 * the roots, children matched by (service, operation). A child on one side
 * only is a differing path; it is reported and its descendants are not (the
 * shortest differing prefix). Before that, an unmatched child is tried as
 * one hop more or less: an unmatched a-child N and an unmatched b-child X
 * under the same matched parent, where X has a child N, make 'extra-hop'
 * (a = …, N; b = …, X, N: a proxy or a broker between); the reverse
 * (a-child X with child N, b-child N) makes 'removed-hop'. The walk goes on
 * below such a pair (a's N against b's X → N), where differences count as
 * 'appeared' / 'disappeared' only: at most one hop of tolerance per path. A
 * hop inserted at the very end of a path (a new call below a leaf) is a new
 * call, reported 'appeared'. When several hops could explain one N, the one
 * whose N is in the most traces wins; an X that explains at least one N is
 * not reported itself. '(other)' nodes are never reported nor walked.
 * The largest 50 (by the larger of the two trace counts, then by path) are
 * kept.
 */
import type { DatasetAnalysis, ModeChange, PathChange, StructureDiff } from '../../engine/compare-api.js';
import { CALL_PATH_OTHER, type CallPathNode } from './call-paths.js';

export interface StructureSide {
  analysis: Pick<DatasetAnalysis, 'graph'>;
  paths: CallPathNode;
}

export const MAX_PATH_CHANGES = 50;

type Edge = DatasetAnalysis['graph']['edges'][number];
type EdgeRow = StructureDiff['edgesAppeared'][number];

export function structureDiff(a: StructureSide, b: StructureSide): StructureDiff {
  const [opsA, opsB] = [operations(a.paths), operations(b.paths)];
  return {
    edgesAppeared: edgesOnlyIn(b.analysis.graph.edges, a.analysis.graph.edges),
    edgesDisappeared: edgesOnlyIn(a.analysis.graph.edges, b.analysis.graph.edges),
    syncToAsync: syncToAsync(a.analysis.graph.edges, b.analysis.graph.edges),
    operationsAppeared: onlyIn(opsB, opsA),
    operationsDisappeared: onlyIn(opsA, opsB),
    paths: pathChanges(a.paths, b.paths),
  };
}

const edgeKey = (from: string, to: string, mode: string) => `${from}\u0000${to}\u0000${mode}`;

function edgesOnlyIn(side: readonly Edge[], other: readonly Edge[]): EdgeRow[] {
  const there = new Set(other.map((e) => edgeKey(e.from, e.to, e.mode)));
  return side
    .filter((e) => !there.has(edgeKey(e.from, e.to, e.mode)))
    .map((e) => ({ from: e.from, to: e.to, mode: e.mode, callsPerTrace: e.callsPerTrace }))
    .sort((x, y) => y.callsPerTrace - x.callsPerTrace || compare(x.from, y.from) || compare(x.to, y.to) || compare(x.mode, y.mode));
}

function syncToAsync(edgesA: readonly Edge[], edgesB: readonly Edge[]): ModeChange[] {
  const byKeyB = new Map(edgesB.map((e) => [edgeKey(e.from, e.to, e.mode), e]));
  const changes = new Map<string, ModeChange>();
  // Rule 1: the same caller, now asynchronous.
  for (const e of edgesA) {
    if (e.mode !== 'sync' || byKeyB.has(edgeKey(e.from, e.to, 'sync'))) continue;
    const now = byKeyB.get(edgeKey(e.from, e.to, 'async'));
    if (!now) continue;
    changes.set(edgeKey(e.from, e.to, ''), {
      from: e.from,
      to: e.to,
      via: [...now.via],
      callsPerTrace: { a: e.callsPerTrace, b: now.callsPerTrace },
    });
  }
  // Rule 2: a callee no longer called synchronously by anyone, now called asynchronously.
  const syncIntoA = new Map<string, number>();
  for (const e of edgesA) if (e.mode === 'sync') syncIntoA.set(e.to, (syncIntoA.get(e.to) ?? 0) + e.callsPerTrace);
  const syncCalleesB = new Set(edgesB.filter((e) => e.mode === 'sync').map((e) => e.to));
  for (const e of edgesB) {
    if (e.mode !== 'async' || syncCalleesB.has(e.to)) continue;
    const before = syncIntoA.get(e.to);
    const key = edgeKey(e.from, e.to, '');
    if (before === undefined || changes.has(key)) continue;
    changes.set(key, { from: e.from, to: e.to, via: [...e.via], callsPerTrace: { a: before, b: e.callsPerTrace } });
  }
  return [...changes.values()].sort((x, y) => compare(x.to, y.to) || compare(x.from, y.from));
}

type Operation = { service: string; operation: string };

function operations(root: CallPathNode): Map<string, Operation> {
  const found = new Map<string, Operation>();
  const stack = [...root.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isOther(node)) continue;
    found.set(keyOf(node), { service: node.service, operation: node.operation });
    for (const child of node.children) stack.push(child);
  }
  return found;
}

function onlyIn(side: Map<string, Operation>, other: Map<string, Operation>): Operation[] {
  return [...side.entries()]
    .filter(([key]) => !other.has(key))
    .map(([, op]) => op)
    .sort((x, y) => compare(x.service, y.service) || compare(x.operation, y.operation));
}

/** A path as a chain of labels, shared by the paths below it (built into an array only when reported). */
interface Trail {
  label: string;
  up: Trail | null;
}

interface Pair {
  a: CallPathNode;
  b: CallPathNode;
  trailA: Trail | null;
  trailB: Trail | null;
  /** A hop has been tolerated above: no second one. */
  hopped: boolean;
}

function pathChanges(rootA: CallPathNode, rootB: CallPathNode): PathChange[] {
  const changes: PathChange[] = [];
  const stack: Pair[] = [{ a: rootA, b: rootB, trailA: null, trailB: null, hopped: false }];
  while (stack.length > 0) {
    const { a, b, trailA, trailB, hopped } = stack.pop()!;
    const childrenB = new Map(b.children.filter((c) => !isOther(c)).map((c) => [keyOf(c), c]));
    const onlyA: CallPathNode[] = [];
    for (const c of a.children) {
      if (isOther(c)) continue;
      const match = childrenB.get(keyOf(c));
      if (match) {
        childrenB.delete(keyOf(c));
        stack.push({ a: c, b: match, trailA: extend(trailA, c), trailB: extend(trailB, match), hopped });
      } else onlyA.push(c);
    }
    const onlyB = [...childrenB.values()];
    const explainedA = new Set<CallPathNode>();
    const explainedB = new Set<CallPathNode>();
    if (!hopped) {
      // extra-hop: a's N, b's X → N.
      const hopsB = hopsThrough(onlyB);
      for (const n of onlyA) {
        const hop = hopsB.get(keyOf(n));
        if (!hop) continue;
        explainedA.add(n);
        explainedB.add(hop.via);
        const trailX = extend(trailB, hop.via);
        changes.push({
          a: path(extend(trailA, n)),
          b: path(extend(trailX, hop.node)),
          change: 'extra-hop',
          traces: { a: n.traces, b: hop.node.traces },
        });
        stack.push({ a: n, b: hop.node, trailA: extend(trailA, n), trailB: extend(trailX, hop.node), hopped: true });
      }
      // removed-hop: a's X → N, b's N.
      const hopsA = hopsThrough(onlyA.filter((x) => !explainedA.has(x)));
      for (const n of onlyB) {
        if (explainedB.has(n)) continue;
        const hop = hopsA.get(keyOf(n));
        if (!hop) continue;
        explainedB.add(n);
        explainedA.add(hop.via);
        const trailX = extend(trailA, hop.via);
        changes.push({
          a: path(extend(trailX, hop.node)),
          b: path(extend(trailB, n)),
          change: 'removed-hop',
          traces: { a: hop.node.traces, b: n.traces },
        });
        stack.push({ a: hop.node, b: n, trailA: extend(trailX, hop.node), trailB: extend(trailB, n), hopped: true });
      }
    }
    for (const n of onlyA) {
      if (!explainedA.has(n)) changes.push({ a: path(extend(trailA, n)), b: null, change: 'disappeared', traces: { a: n.traces, b: 0 } });
    }
    for (const n of onlyB) {
      if (!explainedB.has(n)) changes.push({ a: null, b: path(extend(trailB, n)), change: 'appeared', traces: { a: 0, b: n.traces } });
    }
  }
  const weight = (c: PathChange) => Math.max(c.traces.a, c.traces.b);
  const key = (c: PathChange) => (c.a ?? c.b ?? []).join('\u0001') + '\u0000' + (c.b ?? []).join('\u0001');
  changes.sort((x, y) => weight(y) - weight(x) || compare(key(x), key(y)));
  return changes.slice(0, MAX_PATH_CHANGES);
}

/** Per (service, operation): the grandchild through one of `candidates` in the most traces (ties: the first candidate). */
function hopsThrough(candidates: readonly CallPathNode[]): Map<string, { via: CallPathNode; node: CallPathNode }> {
  const best = new Map<string, { via: CallPathNode; node: CallPathNode }>();
  for (const via of candidates) {
    for (const node of via.children) {
      if (isOther(node)) continue;
      const key = keyOf(node);
      const known = best.get(key);
      if (!known || node.traces > known.node.traces) best.set(key, { via, node });
    }
  }
  return best;
}

function extend(trail: Trail | null, node: CallPathNode): Trail {
  return { label: label(node), up: trail };
}

function path(trail: Trail | null): string[] {
  const out: string[] = [];
  for (let t = trail; t; t = t.up) out.push(t.label);
  return out.reverse();
}

/** What children are matched by. */
function keyOf(node: CallPathNode): string {
  return `${node.service}\u0000${node.operation}`;
}

/** "service operation", the path element. */
function label(node: CallPathNode): string {
  return `${node.service} ${node.operation}`;
}

function isOther(node: CallPathNode): boolean {
  return node.service === '' && node.operation === CALL_PATH_OTHER;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
