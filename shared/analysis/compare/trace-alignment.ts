/**
 * Two traces' call trees aligned by service/operation path, for comparing a
 * before-trace with an after-trace node by node.
 *
 * Alignment runs top-down from each trace's critical-path root (other top
 * spans follow as extra roots). Below a matched node, the children of all its
 * spans are grouped by (service, operation): every sibling with the same key
 * is one side of one node (an N+1 loop of 15 calls is one node, count 15).
 * Groups match across the sides by key:
 *
 *   a: gw ─┬─ order  ─── db ×15          b: gw ─┬─ order ─── db ×1
 *          └─ stock                             └─ pricing
 *
 *   merged:  gw            both
 *             order        both
 *              db          both   count 15 │ 1
 *             stock        a      (removed)
 *             pricing      b      (added)
 *
 * One extra hop is tolerated: an unmatched group whose children carry the key
 * of an unmatched group on the other side (a proxy, a broker's consumer put
 * in between) becomes a one-sided node, and alignment continues below it
 * against the other side's group, one level up:
 *
 *   a: gw ─── order              b: gw ─── proxy ─── order
 *
 *   merged:  gw            both
 *             proxy        b      (the extra hop)
 *              order       both   (a's order, aligned with b's proxy's child)
 *
 * Output is depth first; siblings in the order of their first start on a
 * (for the roots: the critical-path root first), b-only nodes placed after
 * the siblings whose b start precedes theirs. The walk keeps its own stack
 * (no recursion): traces can be very deep.
 */
import type { AlignedNode, AlignedSide, TraceComparison } from '../../engine/compare-api.js';
import type { TraceDetail, TraceSpans } from '../../engine/views-api.js';

/** Children of every span, sorted by start: span s's children are child[offset[s] … offset[s+1]-1]. */
interface Side {
  spans: TraceSpans;
  offset: Int32Array;
  child: Int32Array;
  /** Rank of each span among its siblings' order (by start; the roots: critical root first). */
  rank: Float64Array;
  roots: number[];
}

/** A node waiting to be emitted, and what to align below it. */
interface Task {
  depth: number;
  service: string;
  operation: string;
  presence: AlignedNode['presence'];
  a: number[] | null;
  b: number[] | null;
  /** The spans to align one level down on each side (null: the children of the node's spans there). */
  belowA: number[] | null;
  belowB: number[] | null;
}

interface Group {
  key: string;
  spans: number[];
  /** Smallest rank of its spans: where it falls among its siblings. */
  rank: number;
}

interface Entry {
  task: Omit<Task, 'depth'>;
  rankA: number;
  rankB: number;
}

export function alignTraces(a: TraceDetail, b: TraceDetail): TraceComparison {
  const sideA = indexSide(a);
  const sideB = indexSide(b);
  const nodes: AlignedNode[] = [];
  const stack: Task[] = [];
  pushEntries(stack, 0, matchSiblings(sideA, sideB, sideA.roots, sideB.roots));
  while (stack.length > 0) {
    const task = stack.pop()!;
    nodes.push({
      depth: task.depth,
      service: task.service,
      operation: task.operation,
      presence: task.presence,
      a: task.a && summarize(sideA.spans, task.a),
      b: task.b && summarize(sideB.spans, task.b),
    });
    const belowA = task.belowA ?? (task.a ? childrenOf(sideA, task.a) : []);
    const belowB = task.belowB ?? (task.b ? childrenOf(sideB, task.b) : []);
    if (belowA.length > 0 || belowB.length > 0) pushEntries(stack, task.depth + 1, matchSiblings(sideA, sideB, belowA, belowB));
  }
  return { a: sideSummary(a), b: sideSummary(b), nodes };
}

function sideSummary(d: TraceDetail): TraceComparison['a'] {
  return { dataset: d.dataset, traceId: d.traceId, durationNs: d.durationNs, criticalPathNs: d.criticalPath.end - d.criticalPath.start };
}

/** Pushes siblings so that the first pops first. */
function pushEntries(stack: Task[], depth: number, entries: Entry[]): void {
  for (let i = entries.length - 1; i >= 0; i--) stack.push({ ...entries[i]!.task, depth });
}

function indexSide(detail: TraceDetail): Side {
  const { spans } = detail;
  const n = spans.size;
  const { parent, start } = spans;
  const offset = new Int32Array(n + 1);
  const tops: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0 && p < n && p !== i) offset[p + 1]!++;
    else tops.push(i);
  }
  for (let i = 0; i < n; i++) offset[i + 1]! += offset[i]!;
  const fill = offset.slice(0, n);
  const child = new Int32Array(offset[n]!);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p >= 0 && p < n && p !== i) child[fill[p]!++] = i;
  }
  const byStart = (x: number, y: number) => start[x]! - start[y]! || x - y;
  const rank = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const from = offset[p]!;
    const to = offset[p + 1]!;
    if (to - from > 1) child.subarray(from, to).sort(byStart);
    for (let k = from; k < to; k++) rank[child[k]!] = k - from;
  }
  tops.sort(byStart);
  const root = detail.criticalPath.root;
  const roots = root >= 0 && root < n && tops.includes(root) ? [root, ...tops.filter((t) => t !== root)] : tops;
  roots.forEach((s, i) => (rank[s] = i));
  return { spans, offset, child, rank, roots };
}

/** The children of a group's spans, by start (ranks re-numbered in that order). */
function childrenOf(side: Side, group: number[]): number[] {
  const out: number[] = [];
  for (const s of group) for (let k = side.offset[s]!; k < side.offset[s + 1]!; k++) out.push(side.child[k]!);
  if (group.length > 1) {
    const { start } = side.spans;
    out.sort((x, y) => start[x]! - start[y]! || x - y);
    out.forEach((s, i) => (side.rank[s] = i));
  }
  return out;
}

function keyOf(spans: TraceSpans, s: number): string {
  return `${spans.service[s]}\u0000${spans.name[s]}`;
}

function groupByKey(side: Side, list: number[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const s of list) {
    const key = keyOf(side.spans, s);
    const g = groups.get(key);
    if (g) {
      g.spans.push(s);
      g.rank = Math.min(g.rank, side.rank[s]!);
    } else groups.set(key, { key, spans: [s], rank: side.rank[s]! });
  }
  return groups;
}

/** Keys of the children of a group's spans. */
function childKeys(side: Side, group: Group): Set<string> {
  const keys = new Set<string>();
  for (const s of group.spans) for (let k = side.offset[s]!; k < side.offset[s + 1]!; k++) keys.add(keyOf(side.spans, side.child[k]!));
  return keys;
}

/** Matches one level of siblings (a's list and b's list, each by rank) into the merged tree's entries, in output order. */
function matchSiblings(sideA: Side, sideB: Side, listA: number[], listB: number[]): Entry[] {
  const groupsA = groupByKey(sideA, listA);
  const groupsB = groupByKey(sideB, listB);
  const entries: Entry[] = [];
  const usedB = new Set<string>();
  const usedA = new Set<string>();
  for (const [key, ga] of groupsA) {
    const gb = groupsB.get(key);
    if (!gb) continue;
    usedA.add(key);
    usedB.add(key);
    entries.push({ task: node('both', sideA, ga.spans[0]!, ga.spans, gb.spans, null, null), rankA: ga.rank, rankB: gb.rank });
  }

  // One extra hop on a: an unmatched group whose children name unmatched groups of b.
  for (const [key, ga] of groupsA) {
    if (usedA.has(key)) continue;
    const absorbed = absorb(childKeys(sideA, ga), groupsB, usedB);
    if (absorbed) {
      usedA.add(key);
      entries.push({ task: node('a', sideA, ga.spans[0]!, ga.spans, null, null, absorbed.spans), rankA: ga.rank, rankB: absorbed.rank });
    }
  }
  // And on b.
  for (const [key, gb] of groupsB) {
    if (usedB.has(key)) continue;
    const absorbed = absorb(childKeys(sideB, gb), groupsA, usedA);
    if (absorbed) {
      usedB.add(key);
      entries.push({ task: node('b', sideB, gb.spans[0]!, null, gb.spans, absorbed.spans, null), rankA: absorbed.rank, rankB: gb.rank });
    }
  }

  for (const [key, ga] of groupsA) {
    if (!usedA.has(key))
      entries.push({ task: node('a', sideA, ga.spans[0]!, ga.spans, null, null, null), rankA: ga.rank, rankB: Infinity });
  }
  const onlyB: Entry[] = [];
  for (const [key, gb] of groupsB) {
    if (!usedB.has(key)) onlyB.push({ task: node('b', sideB, gb.spans[0]!, null, gb.spans, null, null), rankA: Infinity, rankB: gb.rank });
  }
  return order(entries, onlyB);
}

/** The unmatched groups among `groups` whose keys are in `keys` (marked used), their spans merged; null when none. */
function absorb(keys: Set<string>, groups: Map<string, Group>, used: Set<string>): { spans: number[]; rank: number } | null {
  let spans: number[] | null = null;
  let rank = Infinity;
  for (const [key, g] of groups) {
    if (used.has(key) || !keys.has(key)) continue;
    used.add(key);
    spans = spans ? spans.concat(g.spans) : [...g.spans];
    rank = Math.min(rank, g.rank);
  }
  return spans && { spans, rank };
}

function node(
  presence: Task['presence'],
  side: Side,
  first: number,
  a: number[] | null,
  b: number[] | null,
  belowA: number[] | null,
  belowB: number[] | null,
): Omit<Task, 'depth'> {
  return { service: side.spans.service[first]!, operation: side.spans.name[first]!, presence, a, b, belowA, belowB };
}

/**
 * Entries with an a side in a's order; each b-only entry (in b's order) goes
 * before the first entry whose b side starts after it, else at the end.
 */
function order(entries: Entry[], onlyB: Entry[]): Entry[] {
  entries.sort((x, y) => x.rankA - y.rankA || x.rankB - y.rankB);
  if (onlyB.length === 0) return entries;
  onlyB.sort((x, y) => x.rankB - y.rankB);
  const out: Entry[] = [];
  let k = 0;
  for (const e of entries) {
    while (k < onlyB.length && e.rankB !== Infinity && onlyB[k]!.rankB < e.rankB) out.push(onlyB[k++]!);
    out.push(e);
  }
  while (k < onlyB.length) out.push(onlyB[k++]!);
  return out;
}

function summarize(spans: TraceSpans, group: number[]): AlignedSide {
  const sorted = group.length > 1 ? [...group].sort((x, y) => spans.start[x]! - spans.start[y]! || x - y) : group;
  let durationNs = 0;
  let selfNs = 0;
  let criticalNs = 0;
  for (const s of sorted) {
    durationNs += Math.max(0, spans.end[s]! - spans.start[s]!);
    selfNs += spans.selfNs[s]!;
    criticalNs += spans.criticalNs[s]!;
  }
  return { spans: sorted, count: sorted.length, durationNs, selfNs, criticalNs };
}
