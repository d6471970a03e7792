import { describe, expect, it } from 'vitest';
import { alignTraces } from '../../../shared/analysis/compare/trace-alignment.js';
import type { TraceComparison } from '../../../shared/engine/compare-api.js';
import type { TraceDetail } from '../../../shared/engine/views-api.js';

/** A span by hand: "service op" names it, times in ns from the trace's start; critical defaults to 0. */
interface Row {
  id: string;
  parent?: string;
  span: string;
  start: number;
  end: number;
  critical?: number;
}

/** A TraceDetail from rows: self time = duration − the children's summed (clipped) time; the first row is the critical-path root. */
function trace(traceId: string, rows: Row[], rootId = rows[0]!.id): TraceDetail {
  const n = rows.length;
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const parent = new Int32Array(rows.map((r) => (r.parent === undefined ? -1 : index.get(r.parent)!)));
  const start = new Float64Array(rows.map((r) => r.start));
  const end = new Float64Array(rows.map((r) => r.end));
  const selfNs = new Float64Array(rows.map((r) => r.end - r.start));
  rows.forEach((r, i) => {
    const p = parent[i]!;
    if (p >= 0) selfNs[p]! -= Math.max(0, Math.min(r.end, end[p]!) - Math.max(r.start, start[p]!));
  });
  const root = index.get(rootId)!;
  const durationNs = Math.max(...rows.map((r) => r.end)) - Math.min(...rows.map((r) => r.start));
  return {
    dataset: `ds-${traceId}`,
    traceId,
    options: { clock: 'adjusted', skewTolerance: 0.01, followAsync: false },
    startNs: 0n,
    durationNs,
    spans: {
      size: n,
      spanId: rows.map((r) => r.id),
      parent,
      parentMissing: new Uint8Array(n),
      service: rows.map((r) => r.span.split(' ')[0]!),
      name: rows.map((r) => r.span.split(' ')[1]!),
      kind: rows.map(() => 'internal' as const),
      start,
      end,
      error: new Uint8Array(n),
      selfNs,
      criticalNs: new Float64Array(rows.map((r) => r.critical ?? 0)),
      adjusted: new Uint8Array(n),
    },
    criticalPath: { root, start: start[root]!, end: end[root]!, segments: [], skewAdjustments: 0, queueNs: 0, outsideParent: [] },
    hops: [],
    marks: [],
    clockAdjustedSpans: 0,
  };
}

/** "depth service op presence countA/countB" per node, depth first. */
function shape(c: TraceComparison): string[] {
  return c.nodes.map((x) => `${x.depth} ${x.service} ${x.operation} ${x.presence} ${x.a?.count ?? '-'}/${x.b?.count ?? '-'}`);
}

const chain: Row[] = [
  { id: 'gw', span: 'gw GET/order', start: 0, end: 100, critical: 20 },
  { id: 'order', parent: 'gw', span: 'order create', start: 10, end: 90, critical: 30 },
  { id: 'db', parent: 'order', span: 'db INSERT', start: 20, end: 40, critical: 20 },
  { id: 'pay', parent: 'order', span: 'payment charge', start: 50, end: 80, critical: 30 },
];

const nPlusOne = (calls: number): Row[] => [
  { id: 'gw', span: 'gw GET/cart', start: 0, end: 10 + calls * 10 },
  { id: 'cart', parent: 'gw', span: 'cart list', start: 5, end: 5 + calls * 10 },
  ...Array.from({ length: calls }, (_, i) => ({ id: `q${i}`, parent: 'cart', span: 'db SELECT', start: 5 + i * 10, end: 13 + i * 10 })),
];

interface Case {
  name: string;
  a: Row[];
  b: Row[];
  expected: string[];
  check?: (c: TraceComparison) => void;
}

const CASES: Case[] = [
  {
    name: 'identical traces: all both, equal numbers',
    a: chain,
    b: chain,
    expected: ['0 gw GET/order both 1/1', '1 order create both 1/1', '2 db INSERT both 1/1', '2 payment charge both 1/1'],
    check: (c) => {
      for (const n of c.nodes) expect(n.a).toEqual(n.b);
      expect(c.nodes[1]!.a).toEqual({ spans: [1], count: 1, durationNs: 80, selfNs: 30, criticalNs: 30 });
      expect(c.a.criticalPathNs).toBe(100);
      expect(c.b.durationNs).toBe(100);
    },
  },
  {
    name: 'N+1 of 15 calls vs one batched call: one node, count 15 vs 1',
    a: nPlusOne(15),
    b: nPlusOne(1),
    expected: ['0 gw GET/cart both 1/1', '1 cart list both 1/1', '2 db SELECT both 15/1'],
    check: (c) => {
      const db = c.nodes[2]!;
      expect(db.a!.durationNs).toBe(15 * 8);
      expect(db.b!.durationNs).toBe(8);
      expect(db.a!.spans).toHaveLength(15);
      expect(db.a!.spans[0]).toBe(2);
    },
  },
  {
    name: 'a removed sub-call: presence a',
    a: chain,
    b: chain.filter((r) => r.id !== 'db'),
    expected: ['0 gw GET/order both 1/1', '1 order create both 1/1', '2 db INSERT a 1/-', '2 payment charge both 1/1'],
  },
  {
    name: 'added sub-calls: presence b, placed among the matched siblings by their start in b',
    a: chain.filter((r) => r.id !== 'db'),
    b: [...chain, { id: 'audit', parent: 'order', span: 'audit log', start: 85, end: 88 }],
    expected: ['0 gw GET/order both 1/1', '1 order create both 1/1', '2 db INSERT b -/1', '2 payment charge both 1/1', '2 audit log b -/1'],
  },
  {
    name: 'an extra hop in b: gw → proxy → order vs gw → order',
    a: chain,
    b: [
      { id: 'gw', span: 'gw GET/order', start: 0, end: 110 },
      { id: 'proxy', parent: 'gw', span: 'envoy ingress', start: 5, end: 100 },
      { id: 'order', parent: 'proxy', span: 'order create', start: 10, end: 90 },
      { id: 'db', parent: 'order', span: 'db INSERT', start: 20, end: 40 },
      { id: 'pay', parent: 'order', span: 'payment charge', start: 50, end: 80 },
    ],
    expected: [
      '0 gw GET/order both 1/1',
      '1 envoy ingress b -/1',
      '2 order create both 1/1',
      '3 db INSERT both 1/1',
      '3 payment charge both 1/1',
    ],
    check: (c) => {
      expect(c.nodes[2]!.a!.spans).toEqual([1]);
      expect(c.nodes[2]!.b!.spans).toEqual([2]);
    },
  },
  {
    name: 'an extra hop in a (the proxy removed)',
    a: [
      { id: 'gw', span: 'gw GET/order', start: 0, end: 110 },
      { id: 'proxy', parent: 'gw', span: 'envoy ingress', start: 5, end: 100 },
      { id: 'order', parent: 'proxy', span: 'order create', start: 10, end: 90 },
    ],
    b: chain.slice(0, 2),
    expected: ['0 gw GET/order both 1/1', '1 envoy ingress a 1/-', '2 order create both 1/1'],
  },
  {
    name: 'sync chain vs async consumers behind a producer',
    a: chain,
    b: [
      { id: 'gw', span: 'gw GET/order', start: 0, end: 60, critical: 20 },
      { id: 'order', parent: 'gw', span: 'order create', start: 10, end: 50, critical: 20 },
      { id: 'db', parent: 'order', span: 'db INSERT', start: 20, end: 40, critical: 20 },
      { id: 'pub', parent: 'order', span: 'order publish', start: 42, end: 45 },
      { id: 'pay', parent: 'pub', span: 'payment charge', start: 70, end: 100 },
    ],
    expected: [
      '0 gw GET/order both 1/1',
      '1 order create both 1/1',
      '2 db INSERT both 1/1',
      '2 order publish b -/1',
      '3 payment charge both 1/1',
    ],
    check: (c) => {
      const pay = c.nodes[4]!;
      expect(pay.a!.criticalNs).toBe(30);
      expect(pay.b!.criticalNs).toBe(0);
      expect(c.b.criticalPathNs).toBe(60);
    },
  },
  {
    name: 'a different top: one-sided roots, critical root first',
    a: [
      { id: 'late', span: 'cron tick', start: 0, end: 5 },
      { id: 'gw', span: 'gw GET/order', start: 10, end: 20 },
    ],
    b: [{ id: 'gw', span: 'gw GET/order', start: 0, end: 10 }],
    expected: ['0 gw GET/order both 1/1', '0 cron tick a 1/-'],
  },
];

describe('alignTraces', () => {
  it.each(CASES)('$name', ({ a, b, expected, check }) => {
    const rootA = a.find((r) => r.span.startsWith('gw'))?.id;
    const c = alignTraces(trace('A', a, rootA), trace('B', b));
    expect(shape(c)).toEqual(expected);
    expect(c.a.traceId).toBe('A');
    expect(c.b.dataset).toBe('ds-B');
    check?.(c);
  });

  it('walks a very deep chain without recursion', () => {
    const depth = 50_000;
    const rows: Row[] = Array.from({ length: depth }, (_, i) => ({
      id: `s${i}`,
      ...(i > 0 ? { parent: `s${i - 1}` } : {}),
      span: `svc op${i % 3}`,
      start: i,
      end: 2 * depth - i,
    }));
    const c = alignTraces(trace('A', rows), trace('B', rows));
    expect(c.nodes).toHaveLength(depth);
    expect(c.nodes.every((n) => n.presence === 'both')).toBe(true);
    expect(c.nodes[depth - 1]!.depth).toBe(depth - 1);
  });
});
