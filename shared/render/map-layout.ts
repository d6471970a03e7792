/**
 * Layout of the service dependency map: services as boxes, calls as edges,
 * layered left to right so that callers come before their callees. A pure,
 * deterministic function of its input (same input → same output), platform
 * free, so it is tested without a DOM.
 *
 * A Sugiyama layout of our own rather than dagre's: on 500 services and
 * 1,500 calls dagre 3.1.3 took 3.5 s (calls between nearby tiers) to nearly
 * 4 minutes (calls at random); this takes 60–500 ms. The steps:
 *
 *   1. Links. Edges with an unknown end and self-calls are dropped; the rest
 *      are grouped by unordered pair {a, b}, so a → b sync, a → b async and
 *      b → a share one link (one lane through the layers), drawn as parallel
 *      polylines a few px apart.
 *
 *   2. Cycles. Strongly connected components; inside each, a greedy feedback
 *      arc set (Eades–Lin–Smyth: peel sinks and sources, else the service
 *      with the most outgoing minus incoming weight) decides which calls of a
 *      cycle point backwards, the lightest ones. A call that is on no cycle
 *      always points forwards: its caller is left of its callee.
 *
 *   3. Ranks (columns). Longest path from the services nobody calls; then,
 *      from the callees back, a service with fewer incoming than outgoing
 *      links moves right, next to its nearest callee (a lone caller of a deep
 *      service sits just before it, not in column 0):
 *
 *        column   0        1         2           3
 *                 web ──→ gateway ──→ order ──→ payment
 *                                       batch ──↗        (batch calls only payment)
 *
 *   4. Order within columns. A link spanning several columns gets one dummy
 *      per column crossed; depth-first initial order, then barycenter sweeps
 *      (left to right, right to left), keeping the order with the fewest
 *      crossings (counted exactly, with a Fenwick tree).
 *
 *   5. Vertical positions. Each sweep moves every box and dummy towards the
 *      mean height of its neighbours in the next columns, as close as the
 *      order and the spacing allow (isotonic regression, pool adjacent
 *      violators): boxes of a column stay nodeSep apart, lanes nodeSep / 2.
 *
 *   6. Edges. A polyline from the source box's right side to the target's
 *      left side, horizontal while inside a column, diagonal only in the gap
 *      between columns (so it never crosses a box):
 *
 *        ┌─────┐                            ┌─────┐
 *        │  a  │──·          ·───────·      │  c  │
 *        └─────┘    ╲       ╱ (dummy) ╲  ·──│     │
 *                    ·─────·           ·╱   └─────┘
 *
 *      The ends of the links at one side of a box are spread a few px apart,
 *      ordered by where they go. A backward call (a cycle) is its link's
 *      polyline reversed: from the callee's left side to the caller's right.
 *
 * Coordinates are px, top-left origin, integers for boxes; everything lies
 * at or beyond the margin, and width/height include the margin on the far
 * sides.
 */

export interface MapLayoutInput {
  nodes: { id: string; width: number; height: number }[];
  /**
   * Calls. May contain cycles, self-loops (ignored), the same pair several
   * times (e.g. sync and async) and unknown ids (ignored). weight (default 1)
   * only decides which calls of a cycle are drawn backwards: the lightest.
   */
  edges: { from: string; to: string; weight?: number }[];
}

/** A box; x, y = top-left. */
export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** Index into input.edges. */
  index: number;
  /** From the source box's border to the target box's border, ≥ 2 points. */
  points: { x: number; y: number }[];
}

export interface MapLayout {
  width: number;
  height: number;
  /** One per distinct input node id, in input order (a repeated id keeps its first size). */
  nodes: PlacedNode[];
  /** One per drawable input edge (not a self-loop, both ends known), in input order. */
  edges: PlacedEdge[];
}

export interface MapLayoutOptions {
  /** Horizontal gap between columns (default 80, at least 16). */
  rankSep?: number;
  /** Vertical gap between boxes of a column (default 24, at least 4). */
  nodeSep?: number;
  /** Space around everything (default 16). */
  margin?: number;
}

interface Point {
  x: number;
  y: number;
}

const DEFAULT_RANK_SEP = 80;
const DEFAULT_NODE_SEP = 24;
const DEFAULT_MARGIN = 16;
/** px between parallel polylines of one link (sync and async of a pair, or a → b and b → a). */
const PAIR_GAP = 4;
/** At most this many px between link ends spread along one side of a box. */
const PORT_GAP = 8;
/** Link ends stay this far from a box's corners. */
const PORT_INSET = 6;
const MAX_ORDER_SWEEPS = 24;
const ORDER_PATIENCE = 4;
const POSITION_SWEEPS = 16;

/** One lane between two services: all input edges between them, either direction. */
interface Link {
  /** Oriented: rank[from] < rank[to] once ranked. */
  from: number;
  to: number;
  /** Input edge indices, in input order. */
  edges: number[];
  /** Chain of layout items: from, dummies…, to. */
  chain: number[];
}

export function layoutMap(input: MapLayoutInput, options: MapLayoutOptions = {}): MapLayout {
  const rankSep = Math.max(16, finiteOr(options.rankSep, DEFAULT_RANK_SEP));
  const nodeSep = Math.max(4, finiteOr(options.nodeSep, DEFAULT_NODE_SEP));
  // Whole px, so that boxes rounded to whole px stay within it.
  const margin = Math.max(0, Math.round(finiteOr(options.margin, DEFAULT_MARGIN)));
  const laneSep = nodeSep / 2;
  const stub = Math.min(10, rankSep / 4);

  // ── Nodes and links ─────────────────────────────────────────────────────
  const index = new Map<string, number>();
  const ids: string[] = [];
  const widths: number[] = [];
  const heights: number[] = [];
  for (const n of input.nodes) {
    if (index.has(n.id)) continue;
    index.set(n.id, ids.length);
    ids.push(n.id);
    widths.push(Math.max(0, finiteOr(n.width, 0)));
    heights.push(Math.max(0, finiteOr(n.height, 0)));
  }
  const n = ids.length;

  const links: Link[] = [];
  const linkByPair = new Map<number, number>();
  /** Directed call weights between nodes, per ordered pair (key a * n + b). */
  const callWeight = new Map<number, number>();
  input.edges.forEach((e, i) => {
    const a = index.get(e.from);
    const b = index.get(e.to);
    if (a === undefined || b === undefined || a === b) return;
    const key = Math.min(a, b) * n + Math.max(a, b);
    let l = linkByPair.get(key);
    if (l === undefined) {
      l = links.length;
      linkByPair.set(key, l);
      links.push({ from: Math.min(a, b), to: Math.max(a, b), edges: [], chain: [] });
    }
    links[l]!.edges.push(i);
    const weight = e.weight === undefined || !Number.isFinite(e.weight) ? 1 : Math.max(0, e.weight);
    callWeight.set(a * n + b, (callWeight.get(a * n + b) ?? 0) + weight);
  });

  // ── Cycles: a topological sequence of the services, backward calls are the feedback arcs ──
  const succ: number[][] = Array.from({ length: n }, () => []);
  for (const key of callWeight.keys()) succ[Math.floor(key / n)]!.push(key % n);
  for (const s of succ) s.sort((p, q) => p - q);
  const sequence = acyclicSequence(n, succ, callWeight);
  const seqPos = new Array<number>(n);
  sequence.forEach((v, i) => (seqPos[v] = i));
  for (const l of links) if (seqPos[l.from]! > seqPos[l.to]!) [l.from, l.to] = [l.to, l.from];

  // ── Ranks ───────────────────────────────────────────────────────────────
  const outLinks: number[][] = Array.from({ length: n }, () => []);
  const inLinks: number[][] = Array.from({ length: n }, () => []);
  links.forEach((l, i) => {
    outLinks[l.from]!.push(i);
    inLinks[l.to]!.push(i);
  });
  const rank = new Array<number>(n).fill(0);
  for (const v of sequence) for (const l of inLinks[v]!) rank[v] = Math.max(rank[v]!, rank[links[l]!.from]! + 1);
  for (let i = sequence.length - 1; i >= 0; i--) {
    const v = sequence[i]!;
    const outs = outLinks[v]!;
    if (outs.length === 0 || inLinks[v]!.length >= outs.length) continue;
    let nearest = Infinity;
    for (const l of outs) nearest = Math.min(nearest, rank[links[l]!.to]!);
    rank[v] = nearest - 1;
  }
  const rankCount = rank.reduce((max, r) => Math.max(max, r + 1), 0);

  // ── Layout items: boxes, then one dummy per column a link crosses ───────
  const itemRank = rank.slice();
  const itemSize = heights.slice();
  const up: number[][] = Array.from({ length: n }, () => []);
  const down: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    const thickness = (l.edges.length - 1) * PAIR_GAP;
    l.chain.push(l.from);
    for (let r = rank[l.from]! + 1; r < rank[l.to]!; r++) {
      l.chain.push(itemRank.length);
      itemRank.push(r);
      itemSize.push(thickness);
      up.push([]);
      down.push([]);
    }
    l.chain.push(l.to);
    for (let k = 1; k < l.chain.length; k++) {
      down[l.chain[k - 1]!]!.push(l.chain[k]!);
      up[l.chain[k]!]!.push(l.chain[k - 1]!);
    }
  }
  const itemCount = itemRank.length;
  const isDummy = (item: number) => item >= n;

  // ── Order within columns ────────────────────────────────────────────────
  const layers = orderLayers(n, rankCount, itemRank, up, down);

  // ── Vertical positions (centres) ────────────────────────────────────────
  const centre = positionLayers(layers, itemSize, up, down, (p, q) => (isDummy(p) || isDummy(q) ? laneSep : nodeSep));

  // ── Columns, boxes ──────────────────────────────────────────────────────
  const colWidth = new Array<number>(rankCount).fill(0);
  for (let v = 0; v < n; v++) colWidth[rank[v]!] = Math.max(colWidth[rank[v]!]!, widths[v]!);
  const colLeft = new Array<number>(rankCount);
  for (let r = 0, x = margin; r < rankCount; r++) {
    colLeft[r] = x;
    x += colWidth[r]! + rankSep;
  }
  const colRight = (r: number) => colLeft[r]! + colWidth[r]!;

  let top = Infinity;
  for (let item = 0; item < itemCount; item++) top = Math.min(top, centre[item]! - itemSize[item]! / 2);
  const shift = n === 0 ? 0 : margin - top;
  const nodes: PlacedNode[] = ids.map((id, v) => ({
    id,
    x: Math.round(colLeft[rank[v]!]! + (colWidth[rank[v]!]! - widths[v]!) / 2),
    y: Math.round(centre[v]! + shift - heights[v]! / 2),
    width: widths[v]!,
    height: heights[v]!,
  }));
  const y = (item: number) => (isDummy(item) ? Math.round(centre[item]! + shift) : nodes[item]!.y + heights[item]! / 2);

  // ── Link ends spread along each side of a box, ordered by where they go ──
  const outPort = new Array<number>(links.length).fill(0);
  const inPort = new Array<number>(links.length).fill(0);
  const position = new Array<number>(itemCount);
  for (const layer of layers) layer.forEach((item, i) => (position[item] = i));
  const spread = (v: number, ls: number[], far: (l: Link) => number, port: number[]) => {
    if (ls.length < 2) return;
    const sorted = ls
      .slice()
      .sort((p, q) => y(far(links[p]!)) - y(far(links[q]!)) || position[far(links[p]!)]! - position[far(links[q]!)]!);
    const room = Math.max(0, heights[v]! - 2 * PORT_INSET);
    const gap = Math.min(PORT_GAP, Math.floor((2 * room) / (sorted.length - 1)) / 2);
    sorted.forEach((l, j) => (port[l] = (j - (sorted.length - 1) / 2) * gap));
  };
  for (let v = 0; v < n; v++) {
    spread(v, outLinks[v]!, (l) => l.chain[1]!, outPort);
    spread(v, inLinks[v]!, (l) => l.chain[l.chain.length - 2]!, inPort);
  }

  // ── Polylines ───────────────────────────────────────────────────────────
  const placed: { index: number; points: Point[] }[] = [];
  links.forEach((l, li) => {
    const u = nodes[l.from]!;
    const w = nodes[l.to]!;
    l.edges.forEach((edgeIndex, k) => {
      const offset = (k - (l.edges.length - 1) / 2) * PAIR_GAP;
      const y0 = clamp(y(l.from) + outPort[li]! + offset, u.y, u.y + u.height);
      const y1 = clamp(y(l.to) + inPort[li]! + offset, w.y, w.y + w.height);
      const points: Point[] = [
        { x: u.x + u.width, y: y0 },
        { x: colRight(rank[l.from]!) + stub, y: y0 },
      ];
      for (let c = 1; c < l.chain.length - 1; c++) {
        const d = l.chain[c]!;
        const r = itemRank[d]!;
        points.push({ x: colLeft[r]! - stub, y: y(d) + offset }, { x: colRight(r) + stub, y: y(d) + offset });
      }
      points.push({ x: colLeft[rank[l.to]!]! - stub, y: y1 }, { x: w.x, y: y1 });
      const forward = index.get(input.edges[edgeIndex]!.from) === l.from;
      placed.push({ index: edgeIndex, points: forward ? points : points.reverse() });
    });
  });
  placed.sort((p, q) => p.index - q.index);
  const edges: PlacedEdge[] = placed.map(({ index: i, points }) => ({
    from: input.edges[i]!.from,
    to: input.edges[i]!.to,
    index: i,
    points,
  }));

  let right = margin;
  let bottom = margin;
  for (const b of nodes) {
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  for (const e of edges)
    for (const p of e.points) {
      right = Math.max(right, p.x);
      bottom = Math.max(bottom, p.y);
    }
  return { width: Math.ceil(right + margin), height: Math.ceil(bottom + margin), nodes, edges };
}

/**
 * SVG path data for a polyline: a smooth curve through every point, each
 * segment a cubic leaving and entering horizontally (so the curve is smooth
 * at the points, flat through the columns of a map layout, and stays within
 * each segment's bounding box). Nearly vertical segments are straight.
 */
export function edgePath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  let d = `M${num(first.x)},${num(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    const dx = q.x - p.x;
    if (Math.abs(dx) < 1 || Math.abs(q.y - p.y) < 1e-6) d += `L${num(q.x)},${num(q.y)}`;
    else d += `C${num(p.x + dx / 2)},${num(p.y)} ${num(q.x - dx / 2)},${num(q.y)} ${num(q.x)},${num(q.y)}`;
  }
  return d;
}

// ── Steps ─────────────────────────────────────────────────────────────────

/**
 * The services in an order where calls between strongly connected
 * components always go forwards, and inside a component the feedback arcs
 * (backward calls) are few and light.
 */
function acyclicSequence(n: number, succ: number[][], weight: Map<number, number>): number[] {
  const components = stronglyConnected(n, succ);
  const component = new Array<number>(n);
  components.forEach((c, i) => c.forEach((v) => (component[v] = i)));
  const sequence: number[] = [];
  // Tarjan emits callees' components first: walk them backwards.
  for (let c = components.length - 1; c >= 0; c--) {
    const members = components[c]!.slice().sort((p, q) => p - q);
    if (members.length === 1) sequence.push(members[0]!);
    else sequence.push(...greedyFeedbackOrder(members, succ, weight, n, (v) => component[v] === c));
  }
  return sequence;
}

/** Tarjan's algorithm, iterative; components in reverse topological order. */
function stronglyConnected(n: number, succ: number[][]): number[][] {
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const frames: [number, number][] = [[root, 0]];
    order[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const v = frame[0];
      const next = succ[v]![frame[1]++];
      if (next !== undefined) {
        if (order[next] === -1) {
          order[next] = low[next] = counter++;
          stack.push(next);
          onStack[next] = true;
          frames.push([next, 0]);
        } else if (onStack[next]) low[v] = Math.min(low[v]!, order[next]!);
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1]![0];
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === order[v]) {
        const c: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = false;
          c.push(w);
        } while (w !== v);
        components.push(c);
      }
    }
  }
  return components;
}

/** Eades–Lin–Smyth on one component: sinks to the end, sources to the front, else the largest out − in weight. */
function greedyFeedbackOrder(
  members: number[],
  succ: number[][],
  weight: Map<number, number>,
  n: number,
  inside: (v: number) => boolean,
): number[] {
  const outs = new Map<number, number[]>();
  const ins = new Map<number, number[]>();
  for (const v of members) {
    outs.set(v, []);
    ins.set(v, []);
  }
  for (const v of members)
    for (const w of succ[v]!)
      if (inside(w)) {
        outs.get(v)!.push(w);
        ins.get(w)!.push(v);
      }
  const active = new Set(members);
  const outDeg = new Map<number, number>();
  const inDeg = new Map<number, number>();
  const delta = new Map<number, number>();
  for (const v of members) {
    outDeg.set(v, outs.get(v)!.length);
    inDeg.set(v, ins.get(v)!.length);
    let d = 0;
    for (const w of outs.get(v)!) d += weight.get(v * n + w)!;
    for (const u of ins.get(v)!) d -= weight.get(u * n + v)!;
    delta.set(v, d);
  }
  const front: number[] = [];
  const back: number[] = [];
  const sinks: number[] = [];
  const sources: number[] = [];
  const remove = (v: number) => {
    active.delete(v);
    for (const w of outs.get(v)!) {
      if (!active.has(w)) continue;
      inDeg.set(w, inDeg.get(w)! - 1);
      delta.set(w, delta.get(w)! + weight.get(v * n + w)!);
      if (inDeg.get(w) === 0) sources.push(w);
    }
    for (const u of ins.get(v)!) {
      if (!active.has(u)) continue;
      outDeg.set(u, outDeg.get(u)! - 1);
      delta.set(u, delta.get(u)! - weight.get(u * n + v)!);
      if (outDeg.get(u) === 0) sinks.push(u);
    }
  };
  while (active.size > 0) {
    const sink = sinks.pop();
    if (sink !== undefined) {
      if (active.has(sink)) {
        back.push(sink);
        remove(sink);
      }
      continue;
    }
    const source = sources.shift();
    if (source !== undefined) {
      if (active.has(source)) {
        front.push(source);
        remove(source);
      }
      continue;
    }
    let best = -1;
    for (const v of members) if (active.has(v) && (best === -1 || delta.get(v)! > delta.get(best)!)) best = v;
    front.push(best);
    remove(best);
  }
  return front.concat(back.reverse());
}

/** Items of each column in drawing order: depth-first start, barycenter sweeps, fewest crossings kept. */
function orderLayers(n: number, rankCount: number, itemRank: number[], up: number[][], down: number[][]): number[][] {
  const layers: number[][] = Array.from({ length: rankCount }, () => []);
  const seen = new Array<boolean>(itemRank.length).fill(false);
  const roots = Array.from({ length: n }, (_, v) => v).sort((p, q) => itemRank[p]! - itemRank[q]! || p - q);
  for (const root of roots) {
    if (seen[root]) continue;
    seen[root] = true;
    const stack = [root];
    while (stack.length > 0) {
      const item = stack.pop()!;
      layers[itemRank[item]!]!.push(item);
      const next = down[item]!;
      for (let k = next.length - 1; k >= 0; k--) {
        const c = next[k]!;
        if (!seen[c]) {
          seen[c] = true;
          stack.push(c);
        }
      }
    }
  }

  const position = new Array<number>(itemRank.length).fill(0);
  const index = () => layers.forEach((layer) => layer.forEach((item, i) => (position[item] = i)));
  index();
  let best = layers.map((l) => l.slice());
  let bestCrossings = crossings(layers, down, position);
  for (let sweep = 0, stale = 0; sweep < MAX_ORDER_SWEEPS && stale < ORDER_PATIENCE && bestCrossings > 0; sweep++) {
    const forward = sweep % 2 === 0;
    for (let k = 1; k < rankCount; k++) {
      const r = forward ? k : rankCount - 1 - k;
      const fixed = forward ? up : down;
      layers[r] = barycenterOrder(layers[r]!, fixed, position);
      layers[r]!.forEach((item, i) => (position[item] = i));
    }
    const c = crossings(layers, down, position);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = layers.map((l) => l.slice());
      stale = 0;
    } else stale++;
  }
  return best;
}

/** Items with neighbours in the fixed column sorted by their mean position there; the others keep their place. */
function barycenterOrder(layer: number[], neighbours: number[][], position: number[]): number[] {
  const sortable: { item: number; bary: number; at: number }[] = [];
  const kept: { item: number; at: number }[] = [];
  layer.forEach((item, at) => {
    const ns = neighbours[item]!;
    if (ns.length === 0) kept.push({ item, at });
    else {
      let sum = 0;
      for (const m of ns) sum += position[m]!;
      sortable.push({ item, bary: sum / ns.length, at });
    }
  });
  sortable.sort((p, q) => p.bary - q.bary || p.at - q.at);
  const result: number[] = [];
  let k = 0;
  for (const s of sortable) {
    while (k < kept.length && kept[k]!.at <= result.length) result.push(kept[k++]!.item);
    result.push(s.item);
  }
  while (k < kept.length) result.push(kept[k++]!.item);
  return result;
}

/** Edge crossings between consecutive columns (inversions, Fenwick tree). */
function crossings(layers: number[][], down: number[][], position: number[]): number {
  let total = 0;
  for (let r = 0; r + 1 < layers.length; r++) {
    const size = layers[r + 1]!.length;
    const tree = new Array<number>(size + 1).fill(0);
    let inserted = 0;
    for (const item of layers[r]!) {
      const targets = down[item]!.map((m) => position[m]!).sort((p, q) => p - q);
      for (const t of targets) {
        // Already inserted with a larger position: crossings.
        let atMost = 0;
        for (let i = t + 1; i > 0; i -= i & -i) atMost += tree[i]!;
        total += inserted - atMost;
      }
      for (const t of targets) {
        for (let i = t + 1; i <= size; i += i & -i) tree[i]!++;
        inserted++;
      }
    }
  }
  return total;
}

/**
 * Centre heights of the items, column by column: each sweep moves every item
 * towards the mean centre of its neighbours, as close as its column's order
 * and spacing allow (weighted isotonic regression by pool adjacent violators).
 */
function positionLayers(
  layers: number[][],
  size: number[],
  up: number[][],
  down: number[][],
  gap: (p: number, q: number) => number,
): number[] {
  const centre = new Array<number>(size.length).fill(0);
  const offsets = layers.map((layer) => {
    const o: number[] = [];
    layer.forEach((item, i) => {
      const prev = layer[i - 1];
      o.push(prev === undefined ? 0 : o[i - 1]! + size[prev]! / 2 + gap(prev, item) + size[item]! / 2);
    });
    const mid = o.length > 0 ? o[o.length - 1]! / 2 : 0;
    layer.forEach((item, i) => (centre[item] = o[i]! - mid));
    return o;
  });
  const rankCount = layers.length;
  for (let sweep = 0; sweep < POSITION_SWEEPS; sweep++) {
    for (let k = 0; k < rankCount; k++) {
      const r = sweep % 2 === 0 ? k : rankCount - 1 - k;
      const layer = layers[r]!;
      const o = offsets[r]!;
      const target: number[] = [];
      const weight: number[] = [];
      layer.forEach((item, i) => {
        let sum = 0;
        let count = 0;
        for (const m of up[item]!.concat(down[item]!)) {
          sum += centre[m]!;
          count++;
        }
        target.push((count > 0 ? sum / count : centre[item]!) - o[i]!);
        weight.push(count > 0 ? count : 1e-3);
      });
      const z = isotonic(target, weight);
      layer.forEach((item, i) => (centre[item] = o[i]! + z[i]!));
    }
  }
  return centre;
}

/** Non-decreasing z minimising Σ weight·(z − target)² (pool adjacent violators). */
function isotonic(target: number[], weight: number[]): number[] {
  const sums: number[] = [];
  const weights: number[] = [];
  const counts: number[] = [];
  target.forEach((t, i) => {
    sums.push(t * weight[i]!);
    weights.push(weight[i]!);
    counts.push(1);
    while (
      sums.length > 1 &&
      sums[sums.length - 2]! / weights[weights.length - 2]! >= sums[sums.length - 1]! / weights[weights.length - 1]!
    ) {
      const s = sums.pop()!;
      const w = weights.pop()!;
      const c = counts.pop()!;
      sums[sums.length - 1]! += s;
      weights[weights.length - 1]! += w;
      counts[counts.length - 1]! += c;
    }
  });
  const z: number[] = [];
  sums.forEach((s, b) => {
    for (let c = 0; c < counts[b]!; c++) z.push(s / weights[b]!);
  });
  return z;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function num(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/**
 * Where an edge's label goes: halfway along its polyline. (Not the middle
 * point: an edge between neighbouring columns has two points, and the
 * second is the arrow's tip at the target's border.)
 */
export function edgeMidpoint(points: readonly { x: number; y: number }[]): { x: number; y: number } {
  if (points.length === 0) return { x: 0, y: 0 };
  const lengths = points.slice(1).map((p, i) => Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y));
  let remaining = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const length = lengths[i]!;
    if (remaining <= length && length > 0) {
      const k = remaining / length;
      const a = points[i]!;
      const b = points[i + 1]!;
      return { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
    }
    remaining -= length;
  }
  return points[points.length - 1]!;
}
