import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import type { DatasetAnalysis, HopscopeEngine } from '../../../shared/engine/engine-api.js';
import {
  edgeMidpoint,
  edgePath,
  layoutMap,
  type MapLayout,
  type MapLayoutInput,
  type PlacedNode,
} from '../../../shared/render/map-layout.js';
import { fixturePath } from '../../helpers/read-spans.js';

// ── Helpers ─────────────────────────────────────────────────────────────────

const box = (id: string, width = 80, height = 44) => ({ id, width, height });
const call = (from: string, to: string, weight?: number) => (weight === undefined ? { from, to } : { from, to, weight });
const graph = (ids: string[], calls: [string, string][]): MapLayoutInput => ({
  nodes: ids.map((id) => box(id)),
  edges: calls.map(([f, t]) => call(f, t)),
});

/** Pairs of boxes closer than gap px in both directions (overlapping, or touching). */
function overlaps(layout: MapLayout, gap = 2): [string, string][] {
  const found: [string, string][] = [];
  const boxes = layout.nodes;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apartX = a.x + a.width + gap <= b.x || b.x + b.width + gap <= a.x;
      const apartY = a.y + a.height + gap <= b.y || b.y + b.height + gap <= a.y;
      if (!apartX && !apartY) found.push([a.id, b.id]);
    }
  return found;
}

function onBorder(p: { x: number; y: number }, b: PlacedNode): boolean {
  const e = 1e-6;
  const inside = p.x >= b.x - e && p.x <= b.x + b.width + e && p.y >= b.y - e && p.y <= b.y + b.height + e;
  const onSide =
    Math.abs(p.x - b.x) < e || Math.abs(p.x - b.x - b.width) < e || Math.abs(p.y - b.y) < e || Math.abs(p.y - b.y - b.height) < e;
  return inside && onSide;
}

/** Whether the segment p–q enters the interior of b (Liang–Barsky clipping against b shrunk by half a px). */
function crossesBox(p: { x: number; y: number }, q: { x: number; y: number }, b: PlacedNode): boolean {
  const [x0, x1, y0, y1] = [b.x + 0.5, b.x + b.width - 0.5, b.y + 0.5, b.y + b.height - 0.5];
  if (x0 >= x1 || y0 >= y1) return false;
  let t0 = 0;
  let t1 = 1;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  for (const [den, num] of [
    [-dx, p.x - x0],
    [dx, x1 - p.x],
    [-dy, p.y - y0],
    [dy, y1 - p.y],
  ] as const) {
    if (den === 0) {
      if (num < 0) return false;
    } else {
      const t = num / den;
      if (den < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

/** Edges drawable at all: both ends known, not a self-call. */
const drawable = (input: MapLayoutInput) => {
  const ids = new Set(input.nodes.map((n) => n.id));
  return input.edges.flatMap((e, i) => (ids.has(e.from) && ids.has(e.to) && e.from !== e.to ? [i] : []));
};

/** The calls that lie on a cycle (the callee reaches the caller), as "from→to". */
function cycleCalls(edges: readonly { from: string; to: string }[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const reach = (start: string) => {
    const seen = new Set([start]);
    const queue = [start];
    for (let s = queue.shift(); s !== undefined; s = queue.shift())
      for (const t of next.get(s) ?? [])
        if (!seen.has(t)) {
          seen.add(t);
          queue.push(t);
        }
    return seen;
  };
  const reachable = new Map<string, Set<string>>();
  const result = new Set<string>();
  for (const e of edges) {
    if (!reachable.has(e.to)) reachable.set(e.to, reach(e.to));
    if (reachable.get(e.to)!.has(e.from)) result.add(`${e.from}→${e.to}`);
  }
  return result;
}

/** Everything that must hold for any layout; returns the layout for further checks. */
function checkedLayout(input: MapLayoutInput, margin = 16): MapLayout {
  const layout = layoutMap(input, { margin });
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  expect(layout.nodes.map((n) => n.id)).toEqual([...new Set(input.nodes.map((n) => n.id))]);
  expect(overlaps(layout)).toEqual([]);
  const problems: string[] = [];
  const within = (what: string, x: number, y: number, right = x, bottom = y) => {
    if (x < margin || y < margin || right + margin > layout.width || bottom + margin > layout.height) problems.push(`${what} outside`);
  };
  for (const n of layout.nodes) within(n.id, n.x, n.y, n.x + n.width, n.y + n.height);
  expect(layout.edges.map((e) => e.index)).toEqual(drawable(input));
  for (const e of layout.edges) {
    const name = `${e.from}→${e.to} #${e.index}`;
    if (e.from !== input.edges[e.index]!.from || e.to !== input.edges[e.index]!.to) problems.push(`${name} mislabelled`);
    if (e.points.length < 2) problems.push(`${name} has ${e.points.length} points`);
    if (!onBorder(e.points[0]!, byId.get(e.from)!)) problems.push(`${name} starts off the source border`);
    if (!onBorder(e.points.at(-1)!, byId.get(e.to)!)) problems.push(`${name} ends off the target border`);
    for (const p of e.points) within(name, p.x, p.y);
    // No polyline passes through a box.
    for (let k = 1; k < e.points.length; k++) {
      const p = e.points[k - 1]!;
      const q = e.points[k]!;
      for (const b of layout.nodes)
        if (b.x < Math.max(p.x, q.x) && b.x + b.width > Math.min(p.x, q.x) && crossesBox(p, q, b)) problems.push(`${name} through ${b.id}`);
    }
  }
  expect(problems).toEqual([]);
  return layout;
}

/** Calls on no cycle whose caller is not left of its callee. */
function backwardCalls(layout: MapLayout, edges: readonly { from: string; to: string }[]): string[] {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const cyclic = cycleCalls(edges);
  return layout.edges
    .filter((e) => !cyclic.has(`${e.from}→${e.to}`))
    .filter((e) => byId.get(e.from)!.x + byId.get(e.from)!.width >= byId.get(e.to)!.x)
    .map((e) => `${e.from}→${e.to}`);
}

/** Deterministic pseudo-random numbers in [0, 1) (LCG). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** n services in tiers, mostly calling a few tiers down, some calls back up, some pairs twice, a few unknown ids and self-calls. */
function generated(n: number, m: number, seed: number, mode: 'tiered' | 'random'): MapLayoutInput {
  const random = seeded(seed);
  const nodes = Array.from({ length: n }, (_, i) => box(`svc-${i}`, 24 + 7.5 * (4 + Math.floor(random() * 24))));
  const edges: MapLayoutInput['edges'] = [];
  while (edges.length < m) {
    const a = Math.floor(random() * n);
    let b = mode === 'random' ? Math.floor(random() * n) : Math.min(n - 1, a + 1 + Math.floor(random() * 30));
    if (random() < 0.01) b = a;
    const [from, to] = random() < 0.05 ? [b, a] : [a, b];
    edges.push(call(`svc-${from}`, random() < 0.005 ? 'nowhere' : `svc-${to}`, 1 + Math.floor(random() * 100)));
    if (random() < 0.05) edges.push(call(`svc-${from}`, `svc-${to}`));
  }
  return { nodes, edges };
}

const xs = (layout: MapLayout, ids: string[]) => ids.map((id) => layout.nodes.find((n) => n.id === id)!.x);
const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]!);

describe('test helpers', () => {
  const placed = (nodes: PlacedNode[]): MapLayout => ({ width: 500, height: 500, nodes, edges: [] });
  it.each<{ nodes: PlacedNode[]; expected: [string, string][] }>([
    {
      nodes: [
        { id: 'a', x: 0, y: 0, width: 10, height: 10 },
        { id: 'b', x: 5, y: 5, width: 10, height: 10 },
      ],
      expected: [['a', 'b']],
    },
    {
      nodes: [
        { id: 'a', x: 0, y: 0, width: 10, height: 10 },
        { id: 'b', x: 11, y: 0, width: 10, height: 10 },
      ],
      expected: [['a', 'b']],
    },
    {
      nodes: [
        { id: 'a', x: 0, y: 0, width: 10, height: 10 },
        { id: 'b', x: 12, y: 5, width: 10, height: 10 },
      ],
      expected: [],
    },
    {
      nodes: [
        { id: 'a', x: 0, y: 0, width: 10, height: 10 },
        { id: 'b', x: 5, y: 12, width: 10, height: 10 },
      ],
      expected: [],
    },
  ])('overlaps %#', ({ nodes, expected }) => {
    expect(overlaps(placed(nodes))).toEqual(expected);
  });

  it('crossesBox and cycleCalls', () => {
    const b = { id: 'b', x: 10, y: 10, width: 20, height: 20 };
    expect(crossesBox({ x: 0, y: 0 }, { x: 40, y: 40 }, b)).toBe(true);
    expect(crossesBox({ x: 0, y: 15 }, { x: 10, y: 15 }, b)).toBe(false);
    expect(crossesBox({ x: 0, y: 5 }, { x: 40, y: 5 }, b)).toBe(false);
    expect(
      cycleCalls(
        graph(
          ['a', 'b', 'c'],
          [
            ['a', 'b'],
            ['b', 'c'],
            ['c', 'b'],
          ],
        ).edges,
      ),
    ).toEqual(new Set(['b→c', 'c→b']));
  });
});

// ── Small graphs ────────────────────────────────────────────────────────────

describe('layoutMap', () => {
  it.each<{ name: string; input: MapLayoutInput; chain: string[] }>([
    {
      name: 'chain',
      input: graph(
        ['a', 'b', 'c', 'd'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
        ],
      ),
      chain: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'chain given backwards',
      input: graph(
        ['d', 'c', 'b', 'a'],
        [
          ['c', 'd'],
          ['b', 'c'],
          ['a', 'b'],
        ],
      ),
      chain: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'chain with a shortcut',
      input: graph(
        ['a', 'b', 'c', 'd'],
        [
          ['a', 'd'],
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
        ],
      ),
      chain: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'chain with a lone caller of its end',
      input: graph(
        ['batch', 'a', 'b', 'c', 'd'],
        [
          ['batch', 'd'],
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
        ],
      ),
      chain: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'chain with a cycle beside it',
      input: graph(
        ['a', 'b', 'c', 'd', 'x'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
          ['x', 'b'],
          ['b', 'x'],
        ],
      ),
      chain: ['a', 'b', 'c', 'd'],
    },
    {
      name: 'chain entering and leaving a cycle',
      input: graph(
        ['a', 'b', 'c', 'd', 'e'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
          ['d', 'b'],
          ['d', 'e'],
        ],
      ),
      chain: ['a', 'b', 'e'],
    },
  ])('$name: callers left of callees', ({ input, chain }) => {
    const layout = checkedLayout(input);
    expect(increasing(xs(layout, chain))).toBe(true);
    expect(backwardCalls(layout, input.edges)).toEqual([]);
  });

  it('puts the lone caller of a deep service next to it, not in the first column', () => {
    const layout = checkedLayout(
      graph(
        ['batch', 'a', 'b', 'c', 'd'],
        [
          ['batch', 'd'],
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
        ],
      ),
    );
    const [batch, c] = xs(layout, ['batch', 'c']);
    expect(batch).toBe(c);
  });

  it.each<{ name: string; input: MapLayoutInput }>([
    {
      name: 'two services calling each other',
      input: graph(
        ['a', 'b'],
        [
          ['a', 'b'],
          ['b', 'a'],
        ],
      ),
    },
    {
      name: 'three in a ring',
      input: graph(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ],
      ),
    },
    {
      name: 'a ring with a long way back',
      input: graph(
        ['a', 'b', 'c', 'd', 'e'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'd'],
          ['d', 'e'],
          ['e', 'a'],
        ],
      ),
    },
    {
      name: 'two rings sharing a service',
      input: graph(
        ['a', 'b', 'c', 'd'],
        [
          ['a', 'b'],
          ['b', 'a'],
          ['b', 'c'],
          ['c', 'd'],
          ['d', 'b'],
        ],
      ),
    },
  ])('$name: every service placed, every call drawn', ({ input }) => {
    const layout = checkedLayout(input);
    expect(layout.edges).toHaveLength(input.edges.length);
    const keys = layout.edges.map((e) => JSON.stringify(e.points));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('draws a cycle backwards from the callee to the caller', () => {
    const layout = checkedLayout(
      graph(
        ['a', 'b', 'c'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ],
      ),
    );
    const back = layout.edges.find((e) => e.from === 'c')!;
    const [a, , c] = layout.nodes;
    expect(back.points[0]).toMatchObject({ x: c!.x });
    expect(back.points.at(-1)).toMatchObject({ x: a!.x + a!.width });
  });

  it.each<{ name: string; input: MapLayoutInput; pairs: [number, number][] }>([
    {
      name: 'sync and async of one call',
      input: graph(
        ['a', 'b'],
        [
          ['a', 'b'],
          ['a', 'b'],
        ],
      ),
      pairs: [[0, 1]],
    },
    {
      name: 'the pair twice over a long link',
      input: graph(
        ['a', 'b', 'c'],
        [
          ['a', 'c'],
          ['a', 'b'],
          ['b', 'c'],
          ['a', 'c'],
        ],
      ),
      pairs: [[0, 3]],
    },
    {
      name: 'a pair both ways, one of them twice',
      input: graph(
        ['a', 'b'],
        [
          ['a', 'b'],
          ['b', 'a'],
          ['a', 'b'],
        ],
      ),
      pairs: [
        [0, 2],
        [0, 1],
        [1, 2],
      ],
    },
  ])('$name: distinguishable polylines', ({ input, pairs }) => {
    const layout = checkedLayout(input);
    for (const [i, j] of pairs) {
      const p = layout.edges.find((e) => e.index === i)!.points;
      const q = layout.edges.find((e) => e.index === j)!.points.slice();
      if (layout.edges[i]!.from !== layout.edges[j]!.from) q.reverse();
      expect(p).toHaveLength(q.length);
      // Apart everywhere, by at least a few px.
      p.forEach((point, k) => expect(Math.abs(point.y - q[k]!.y)).toBeGreaterThanOrEqual(3));
    }
  });

  it.each<{ name: string; input: MapLayoutInput; edges: number }>([
    { name: 'no services', input: { nodes: [], edges: [] }, edges: 0 },
    { name: 'services without calls', input: graph(['a', 'b', 'c'], []), edges: 0 },
    {
      name: 'a self-call',
      input: graph(
        ['a', 'b'],
        [
          ['a', 'a'],
          ['a', 'b'],
        ],
      ),
      edges: 1,
    },
    {
      name: 'calls to and from unknown ids',
      input: graph(
        ['a', 'b'],
        [
          ['a', 'x'],
          ['y', 'b'],
          ['a', 'b'],
        ],
      ),
      edges: 1,
    },
    { name: 'a repeated id', input: { nodes: [box('a'), box('b'), box('a', 300)], edges: [call('a', 'b')] }, edges: 1 },
    {
      name: 'empty and odd sizes',
      input: {
        nodes: [box('a', 0, 0), box('b', NaN, 44), box('c', 300, 200)],
        edges: [call('a', 'b'), call('b', 'c'), call('a', 'c', -5)],
      },
      edges: 3,
    },
  ])('$name', ({ input, edges }) => {
    const layout = checkedLayout(input);
    expect(layout.edges).toHaveLength(edges);
    if (input.nodes.length === 0) expect(layout).toEqual({ width: 32, height: 32, nodes: [], edges: [] });
  });

  it('keeps a repeated id at its first size', () => {
    const layout = layoutMap({ nodes: [box('a'), box('a', 300)], edges: [] });
    expect(layout.nodes).toEqual([{ id: 'a', x: 16, y: 16, width: 80, height: 44 }]);
    expect(layout).toMatchObject({ width: 112, height: 76 });
  });

  it('honours the spacing options', () => {
    const input = graph(
      ['a', 'b', 'c', 'd'],
      [
        ['a', 'b'],
        ['a', 'c'],
        ['a', 'd'],
      ],
    );
    const layout = layoutMap(input, { rankSep: 120, nodeSep: 40, margin: 30 });
    const [a, ...callees] = layout.nodes;
    expect(a).toMatchObject({ x: 30 });
    for (const n of callees) expect(n.x).toBe(30 + 80 + 120);
    const ys = callees.map((n) => n.y).sort((p, q) => p - q);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(44 + 40 - 1);
    expect(Math.min(...layout.nodes.map((n) => n.y))).toBe(30);
    expect(layout.width).toBe(30 + 80 + 120 + 80 + 30);
  });

  it('is deterministic', () => {
    const input = generated(120, 360, 11, 'random');
    const copy = structuredClone(input);
    expect(layoutMap(copy)).toEqual(layoutMap(input));
    expect(layoutMap(input)).toEqual(layoutMap(input));
  });
});

// ── Large and real graphs ───────────────────────────────────────────────────

describe('layoutMap on large graphs', () => {
  it.each([
    { name: '500 services in tiers', input: generated(500, 1500, 1, 'tiered') },
    { name: '500 services calling at random', input: generated(500, 1500, 2, 'random') },
    { name: '50 services calling at random', input: generated(50, 150, 3, 'random') },
  ])('$name: no overlaps, everything placed, callers left of callees off cycles', ({ input }) => {
    const layout = checkedLayout(input);
    expect(backwardCalls(layout, input.edges)).toEqual([]);
  });
});

describe('layoutMap on real service graphs', () => {
  let engine: HopscopeEngine;
  const analyses: Record<string, DatasetAnalysis> = {};
  beforeAll(async () => {
    engine = await createNodeEngine();
    for (const [name, file] of Object.entries({
      smartthings: fixturePath('external/zipkin/smartthings-oauth-authorization.json'),
      before: 'sample-traces/before-migration.otlp.jsonl.gz',
    })) {
      await engine.load(name, [fileInput(file)]);
      analyses[name] = await engine.analyze(name);
    }
  });
  afterAll(async () => {
    await engine.close();
  });

  const mapInput = (a: DatasetAnalysis): MapLayoutInput => ({
    nodes: a.graph.nodes.map((n) => box(n.service, 24 + 7.5 * n.service.length, 44)),
    edges: a.graph.edges.map((e) => ({ from: e.from, to: e.to, weight: e.calls })),
  });

  it.each(['smartthings', 'before'])('%s: no overlaps, every service and call placed', (name) => {
    const a = analyses[name]!;
    expect(a.graph.nodes.length).toBeGreaterThan(3);
    const layout = checkedLayout(mapInput(a));
    expect(layout.nodes).toHaveLength(a.graph.nodes.length);
    expect(layout.edges).toHaveLength(a.graph.edges.length);
    expect(backwardCalls(layout, a.graph.edges)).toEqual([]);
  });

  it('before-migration: the sync chain runs left to right', () => {
    const a = analyses.before!;
    const layout = checkedLayout(mapInput(a));
    expect(increasing(xs(layout, ['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification']))).toBe(true);
    const sync = a.graph.edges.filter((e) => e.mode === 'sync');
    expect(sync.length).toBeGreaterThanOrEqual(5);
    expect(backwardCalls({ ...layout, edges: layout.edges.filter((e) => a.graph.edges[e.index]!.mode === 'sync') }, a.graph.edges)).toEqual(
      [],
    );
  });
});

// ── Paths ───────────────────────────────────────────────────────────────────

describe('edgePath', () => {
  it.each([
    { points: [], d: '' },
    { points: [{ x: 0, y: 0 }], d: 'M0,0' },
    {
      points: [
        { x: 0, y: 10 },
        { x: 10, y: 10 },
      ],
      d: 'M0,10L10,10',
    },
    {
      points: [
        { x: 0, y: 10 },
        { x: 10, y: 10 },
        { x: 50, y: 30.125 },
        { x: 60, y: 30.125 },
      ],
      d: 'M0,10L10,10C30,10 30,30.13 50,30.13L60,30.13',
    },
    {
      points: [
        { x: 60, y: 30 },
        { x: 20, y: 0 },
      ],
      d: 'M60,30C40,30 40,0 20,0',
    },
    {
      points: [
        { x: 5, y: 0 },
        { x: 5.5, y: 40 },
      ],
      d: 'M5,0L5.5,40',
    },
  ])('$d', ({ points, d }) => {
    expect(edgePath(points)).toBe(d);
  });

  it('draws every polyline of a layout as one path through its ends', () => {
    const layout = layoutMap(generated(40, 100, 5, 'random'));
    for (const e of layout.edges) {
      const d = edgePath(e.points);
      const first = e.points[0]!;
      const last = e.points.at(-1)!;
      const at = (v: number) => String(Math.round(v * 100) / 100);
      expect(d.startsWith(`M${at(first.x)},${at(first.y)}`)).toBe(true);
      expect(d.endsWith(`${at(last.x)},${at(last.y)}`)).toBe(true);
      expect(d).not.toMatch(/NaN|Infinity/);
    }
  });
});

describe('edgeMidpoint', () => {
  it.each([
    [
      'two points: halfway between them',
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
      ],
      { x: 5, y: 0 },
    ],
    [
      'an L: halfway along its length',
      [
        { x: 0, y: 0 },
        { x: 10, y: 0 },
        { x: 10, y: 30 },
      ],
      { x: 10, y: 10 },
    ],
    ['one point', [{ x: 3, y: 4 }], { x: 3, y: 4 }],
    ['no points', [], { x: 0, y: 0 }],
  ])('%s', (_name, points, expected) => {
    expect(edgeMidpoint(points)).toEqual(expected);
  });
});
