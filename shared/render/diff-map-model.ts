/**
 * The comparison's diff map: the service maps of both sides merged, each
 * edge marked with what happened to it between a (baseline) and b.
 *
 *   added      only in b            removed   only in a
 *   slower     p50 up by > 10%      faster    p50 down by > 10%
 *   same       within 10% either way
 *
 * An edge is one call (from, to, mode) and leg (direct, or through a
 * broker); numbers shown are b's, or a's for a removed edge. Nodes are the
 * union; badges are b's (what is left to fix), a's for a node only in a.
 */
import type { MapEdge, MapNode, ServiceMapModel } from './service-map-model.js';

export type EdgeChange = 'added' | 'removed' | 'slower' | 'faster' | 'same';

export const SAME_WITHIN = 0.1;

export interface DiffMapModel extends ServiceMapModel {
  /** Per edge of `edges`: what changed, and its p50 on both sides (0 where absent). */
  changes: { change: EdgeChange; p50: { a: number; b: number } }[];
}

const key = (e: MapEdge) => `${e.from}\u0000${e.to}\u0000${e.mode}\u0000${e.leg}`;

export function diffMapModel(a: ServiceMapModel, b: ServiceMapModel): DiffMapModel {
  const inA = new Map(a.edges.map((e) => [key(e), e]));
  const inB = new Set(b.edges.map(key));
  const edges: MapEdge[] = [];
  const changes: DiffMapModel['changes'] = [];
  for (const e of b.edges) {
    const before = inA.get(key(e));
    edges.push(e);
    changes.push({ change: before ? speedChange(before.p50Ns, e.p50Ns) : 'added', p50: { a: before?.p50Ns ?? 0, b: e.p50Ns } });
  }
  for (const e of a.edges) {
    if (inB.has(key(e))) continue;
    edges.push(e);
    changes.push({ change: 'removed', p50: { a: e.p50Ns, b: 0 } });
  }
  const nodes: MapNode[] = [...b.nodes];
  const known = new Set(nodes.map((n) => n.service));
  for (const n of a.nodes) if (!known.has(n.service)) nodes.push(n);
  return { nodes, edges, changes };
}

function speedChange(a: number, b: number): EdgeChange {
  if (a <= 0) return b > 0 ? 'slower' : 'same';
  const relative = b / a - 1;
  return relative > SAME_WITHIN ? 'slower' : relative < -SAME_WITHIN ? 'faster' : 'same';
}

export const EDGE_CHANGE_COLORS: Record<EdgeChange, string> = {
  added: '#2e9e5b',
  removed: '#9aa0aa',
  slower: '#d2372c',
  faster: '#3b7de0',
  same: '#7d8590',
};
