import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributionIndex } from '../../../shared/analysis/accumulation/attribution-index.js';
import { criticalFlame, type CriticalFlameOptions, type FlameFrame } from '../../../shared/analysis/accumulation/critical-flame.js';
import { criticalPaths } from '../../../shared/analysis/critical-path/critical-path.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';
import type { SpanKind } from '../../../shared/model/span.js';

function setup(rows: SpanRow[], followAsync = false) {
  const tree = buildTraceTree(spanTableFrom(rows));
  const paths = criticalPaths(tree, { followAsync, summaries: false });
  return { tree, paths };
}

function flameOf(rows: SpanRow[], options: CriticalFlameOptions & { followAsync?: boolean } = {}) {
  const { tree, paths } = setup(rows, options.followAsync);
  return criticalFlame(tree, paths, options);
}

type Row = [path: string, selfNs: number, totalNs: number, traces: number];

/** Every frame below the root in pre-order, as "service:operation > …" (virtual services with a leading ~). */
function rowsOf(root: FlameFrame): Row[] {
  const out: Row[] = [];
  const stack: [FlameFrame, string][] = root.children.map((c) => [c, '']).reverse() as [FlameFrame, string][];
  while (stack.length > 0) {
    const [frame, prefix] = stack.pop()!;
    const name = `${prefix}${frame.virtual ? '~' : ''}${frame.service}:${frame.operation}`;
    out.push([name, frame.selfNs, frame.totalNs, frame.traces]);
    for (let k = frame.children.length - 1; k >= 0; k--) stack.push([frame.children[k]!, `${name} > `]);
  }
  return out;
}

function allFrames(root: FlameFrame): FlameFrame[] {
  const out: FlameFrame[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const f = stack.pop()!;
    out.push(f);
    stack.push(...f.children);
  }
  return out;
}

/**
 *   ordering:  0    10   20   30   40   50   60   70   80   90   100
 *   trace t1   gw GET  |===============================================|
 *              order place  |======================|
 *   trace t2   gw GET  |========================|
 *              order place  |==========|
 */
const TWO_TRACES: SpanRow[] = [
  { traceId: 't1', spanId: 'r', service: 'gw', name: 'GET', kind: 'server', start: 0, end: 100 },
  { traceId: 't1', spanId: 'a', parentSpanId: 'r', service: 'order', name: 'place', start: 10, end: 60 },
  { traceId: 't2', spanId: 'r', service: 'gw', name: 'GET', kind: 'server', start: 0, end: 50 },
  { traceId: 't2', spanId: 'a', parentSpanId: 'r', service: 'order', name: 'place', start: 10, end: 30 },
];

/**
 *   0    10   20   30   40   50   60   100
 *   api GET |==================================|
 *   SELECT     |=|  |=|  |=|                       three client calls, peer postgres, nothing answers
 */
const N_PLUS_ONE: SpanRow[] = [
  { spanId: 'r', service: 'api', name: 'GET', kind: 'server', start: 0, end: 100 },
  ...[10, 30, 50].map((at, i): SpanRow => ({
    spanId: `q${i}`,
    parentSpanId: 'r',
    service: 'api',
    name: 'SELECT',
    kind: 'client',
    peer: 'postgres',
    start: at,
    end: at + 10,
  })),
];

/**
 *   0    10   20        70   80   85   95  100
 *   gw GET   |========================================|
 *   gw client  |=================|                         answered by order: attributed to order
 *   order place     |=========|
 *   gw client (peer redis)              |===|              nothing answers: virtual "redis"
 */
const CALLEES: SpanRow[] = [
  { spanId: 'r', service: 'gw', name: 'GET', kind: 'server', start: 0, end: 100 },
  { spanId: 'c', parentSpanId: 'r', service: 'gw', name: 'call order', kind: 'client', start: 10, end: 80 },
  { spanId: 'os', parentSpanId: 'c', service: 'order', name: 'place', kind: 'server', start: 20, end: 70 },
  { spanId: 'k', parentSpanId: 'r', service: 'gw', name: 'cache', kind: 'client', peer: 'redis', start: 85, end: 95 },
];

/**
 *   0    5    10   20        40        60
 *   api POST |=========|                        path: POST, publish, queue, handle
 *   api publish  |==|                           PRODUCER
 *   worker handle               |=========|     CONSUMER: child of publish (same trace) or linked (another trace)
 */
const QUEUE_CHILD: SpanRow[] = [
  { spanId: 'r', service: 'api', name: 'POST', kind: 'server', start: 0, end: 20 },
  { spanId: 'p', parentSpanId: 'r', service: 'api', name: 'publish', kind: 'producer', start: 5, end: 10 },
  { spanId: 'c', parentSpanId: 'p', service: 'worker', name: 'handle', kind: 'consumer', start: 40, end: 60 },
];
const QUEUE_LINKED: SpanRow[] = [
  { traceId: 't1', spanId: 'r', service: 'api', name: 'POST', kind: 'server', start: 0, end: 20 },
  { traceId: 't1', spanId: 'p', parentSpanId: 'r', service: 'api', name: 'publish', kind: 'producer', start: 5, end: 10 },
  {
    traceId: 't2',
    spanId: 'c',
    service: 'worker',
    name: 'handle',
    kind: 'consumer',
    start: 40,
    end: 60,
    links: [{ traceId: 't1', spanId: 'p' }],
  },
];

describe('criticalFlame', () => {
  it.each<[string, SpanRow[], CriticalFlameOptions & { followAsync?: boolean }, number, number, Row[]]>([
    [
      'two traces with the same call path merge (times add, traces = 2)',
      TWO_TRACES,
      {},
      150,
      2,
      [
        ['gw:GET', 80, 150, 2],
        ['gw:GET > order:place', 70, 70, 2],
      ],
    ],
    [
      'an N+1 loop of 3 identical calls is one frame with 3× the time (virtual: nothing answers)',
      N_PLUS_ONE,
      {},
      100,
      1,
      [
        ['api:GET', 70, 100, 1],
        ['api:GET > ~postgres:SELECT', 30, 30, 1],
      ],
    ],
    [
      "a client span answered by a server is the callee's; one nothing answers is a virtual service named from the peer",
      CALLEES,
      {},
      100,
      1,
      [
        ['gw:GET', 20, 100, 1],
        ['gw:GET > order:call order', 20, 70, 1],
        ['gw:GET > order:call order > order:place', 50, 50, 1],
        ['gw:GET > ~redis:cache', 10, 10, 1],
      ],
    ],
    [
      'orphan subtrees and empty windows are left out',
      [
        { traceId: 't1', spanId: 'r', service: 'gw', name: 'GET', start: 0, end: 100 },
        { traceId: 't1', spanId: 'o', parentSpanId: 'missing', service: 'gw', name: 'late', start: 0, end: 500 },
        { traceId: 't2', spanId: 'z', service: 'gw', name: 'GET', start: 50, end: 50 },
      ],
      {},
      100,
      1,
      [['gw:GET', 100, 100, 1]],
    ],
    [
      'queue waits (followAsync) are a (queue) frame of the consumer, next to the consumer under its parent',
      QUEUE_CHILD,
      { followAsync: true },
      60,
      1,
      [
        ['api:POST', 5, 60, 1],
        ['api:POST > api:publish', 5, 55, 1],
        ['api:POST > api:publish > worker:(queue)', 30, 30, 1],
        ['api:POST > api:publish > worker:handle', 20, 20, 1],
      ],
    ],
    [
      "a consumer in another trace, reached through a link, hangs under the producer (and heads its own trace's path too)",
      QUEUE_LINKED,
      { followAsync: true },
      80,
      2,
      [
        ['api:POST', 5, 60, 1],
        ['api:POST > api:publish', 5, 55, 1],
        ['api:POST > api:publish > worker:(queue)', 30, 30, 1],
        ['api:POST > api:publish > worker:handle', 20, 20, 1],
        ['worker:handle', 20, 20, 1],
      ],
    ],
  ])('%s', (_, rows, options, totalNs, traces, expected) => {
    const flame = flameOf(rows, options);
    expect(flame.root).toMatchObject({ service: '', operation: 'all traces', selfNs: 0, totalNs, traces });
    expect(flame.traces).toBe(traces);
    expect(rowsOf(flame.root)).toEqual(expected);
  });

  /** Ten traces, 10 … 100 ns long (all sums in ns). */
  const TEN = Array.from({ length: 10 }, (_, i): SpanRow => ({ traceId: `t${i}`, spanId: 'r', name: 'GET', start: 0, end: 10 * (i + 1) }));

  it.each([
    [undefined, 10, 10, 550],
    [1, 10, 10, 550],
    [0.5, 5, 60, 400],
    [0.3, 3, 80, 270],
    [0.25, 3, 80, 270],
    [0.1, 1, 100, 100],
    [0.01, 1, 100, 100],
  ])('slowest %s keeps the %i longest paths (threshold %i ns, %i ns in all)', (slowest, traces, thresholdNs, totalNs) => {
    const flame = flameOf(TEN, slowest === undefined ? {} : { slowest });
    expect(flame).toMatchObject({ traces, thresholdNs, root: { totalNs, traces } });
    expect(rowsOf(flame.root)).toEqual([['svc:GET', totalNs, totalNs, traces]]);
  });

  it('is empty (threshold 0) without root paths, and rejects a fraction outside (0, 1]', () => {
    const { tree } = setup(TEN);
    expect(criticalFlame(tree, [], { slowest: 0.1 })).toEqual({
      root: { service: '', operation: 'all traces', virtual: false, selfNs: 0, totalNs: 0, traces: 0, children: [] },
      traces: 0,
      thresholdNs: 0,
    });
    for (const slowest of [0, -0.5, 1.5, Number.NaN]) expect(() => criticalFlame(tree, [], { slowest })).toThrow(RangeError);
  });

  it('gives the same flame with a precomputed attribution index', () => {
    const { tree, paths } = setup(CALLEES);
    expect(criticalFlame(tree, paths, { index: attributionIndex(tree) })).toEqual(criticalFlame(tree, paths));
  });

  /**
   *   t1  gw GET |====================================================|   self 14
   *        a |=========================|  b |==========|  c |=====|  d |==|  e |   50, 20, 10, 5, 1
   *   t2  gw GET |=============|   self 24
   *        c |==|  e |                                                    5, 1
   *   totals: GET 130 (self 38), a 50, b 20, c 15, d 5, e 2
   */
  const FOLD: SpanRow[] = [
    { traceId: 't1', spanId: 'r', service: 'gw', name: 'GET', start: 0, end: 100 },
    { traceId: 't1', spanId: 'a', parentSpanId: 'r', service: 'gw', name: 'a', start: 10, end: 60 },
    { traceId: 't1', spanId: 'b', parentSpanId: 'r', service: 'gw', name: 'b', start: 60, end: 80 },
    { traceId: 't1', spanId: 'c', parentSpanId: 'r', service: 'gw', name: 'c', start: 80, end: 90 },
    { traceId: 't1', spanId: 'd', parentSpanId: 'r', service: 'gw', name: 'd', start: 90, end: 95 },
    { traceId: 't1', spanId: 'e', parentSpanId: 'r', service: 'gw', name: 'e', start: 95, end: 96 },
    { traceId: 't2', spanId: 'r', service: 'gw', name: 'GET', start: 0, end: 30 },
    { traceId: 't2', spanId: 'c', parentSpanId: 'r', service: 'gw', name: 'c', start: 10, end: 15 },
    { traceId: 't2', spanId: 'e', parentSpanId: 'r', service: 'gw', name: 'e', start: 20, end: 21 },
  ];

  it.each<[number | undefined, Row[]]>([
    [
      undefined,
      [
        ['gw:GET', 38, 130, 2],
        ['gw:GET > gw:a', 50, 50, 1],
        ['gw:GET > gw:b', 20, 20, 1],
        ['gw:GET > gw:c', 15, 15, 2],
        ['gw:GET > gw:d', 5, 5, 1],
        ['gw:GET > gw:e', 2, 2, 2],
      ],
    ],
    [
      4,
      [
        ['gw:GET', 38, 130, 2],
        ['gw:GET > gw:a', 50, 50, 1],
        ['gw:GET > :(other)', 22, 22, 2],
        ['gw:GET > gw:b', 20, 20, 1],
      ],
    ],
    [
      2,
      [
        ['gw:GET', 38, 130, 2],
        ['gw:GET > :(other)', 92, 92, 2],
      ],
    ],
    [1, [[':(other)', 130, 130, 2]]],
  ])('maxFrames %s folds the smallest frames into one (other) per parent', (maxFrames, expected) => {
    const flame = flameOf(FOLD, maxFrames === undefined ? {} : { maxFrames });
    expect(rowsOf(flame.root)).toEqual(expected);
    expect(flame.root.totalNs).toBe(130);
    if (maxFrames !== undefined) expect(allFrames(flame.root).length - 1).toBeLessThanOrEqual(maxFrames);
  });

  it('handles a chain 20,000 deep without recursion', () => {
    const n = 20_000;
    const rows = Array.from({ length: n }, (_, i): SpanRow => ({
      spanId: `s${i}`,
      parentSpanId: i > 0 ? `s${i - 1}` : null,
      name: `op${i}`,
      start: i,
      end: 2 * n - i,
    }));
    const chainOf = (maxFrames?: number) => {
      const flame = flameOf(rows, maxFrames === undefined ? {} : { maxFrames });
      const chain: FlameFrame[] = [];
      for (let f = flame.root; f.children.length > 0; f = f.children[0]!) chain.push(f.children[0]!);
      return { flame, chain };
    };
    const full = chainOf(Infinity);
    expect(full.chain.length).toBe(n);
    expect(full.flame.root.totalNs).toBe(2 * n);
    expect(full.chain[n - 1]).toMatchObject({ operation: `op${n - 1}`, selfNs: 2, totalNs: 2, traces: 1 });
    // The default 5,000 frames: 4,999 of the chain, then everything deeper folded.
    const folded = chainOf();
    expect(folded.chain.length).toBe(5_000);
    expect(folded.chain[4_999]).toMatchObject({ operation: '(other)', totalNs: 2 * (n - 4_999), traces: 1 });
  });

  const KINDS: SpanKind[] = ['internal', 'client', 'server', 'producer', 'consumer'];
  const arbitraryTraces = fc.array(
    fc.array(
      fc.record({
        parent: fc.nat(),
        start: fc.nat({ max: 100 }),
        length: fc.nat({ max: 60 }),
        service: fc.constantFrom('a', 'b', 'c'),
        name: fc.constantFrom('x', 'y'),
        kind: fc.constantFrom(...KINDS),
        peer: fc.option(fc.constantFrom('db', 'cache'), { nil: null }),
        followsFrom: fc.boolean(),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    { minLength: 1, maxLength: 6 },
  );

  it('always: width adds up (root = summed path lengths, total = self + children), children sorted, traces bounded', () => {
    fc.assert(
      fc.property(
        arbitraryTraces,
        fc.constantFrom(1, 0.5, 0.1),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        (traces, slowest, followAsync, maxFrames) => {
          const rows: SpanRow[] = traces.flatMap((spans, t) =>
            spans.map((s, i): SpanRow => ({
              traceId: `t${t}`,
              spanId: `s${i}`,
              // Index-ordered parents: no cycles; about one in five spans is a root or an orphan.
              parentSpanId: i === 0 || s.parent % 5 === 0 ? (s.parent % 2 === 0 ? null : 'missing') : `s${s.parent % i}`,
              service: s.service,
              name: s.name,
              kind: s.kind,
              peer: s.peer,
              followsFrom: s.followsFrom,
              start: s.start,
              end: s.start + s.length,
            })),
          );
          const { tree, paths } = setup(rows, followAsync);
          const flame = criticalFlame(tree, paths, { slowest, maxFrames });
          const roots = paths.filter((p) => !p.orphan && p.end > p.start);
          const lengths = roots.map((p) => p.end - p.start).sort((a, b) => b - a);
          const kept = lengths.slice(0, flame.traces);
          expect(flame.traces).toBe(roots.length === 0 ? 0 : Math.max(1, Math.ceil(slowest * roots.length - 1e-6)));
          expect(flame.root.totalNs).toBe(kept.reduce((a, b) => a + b, 0));
          expect(flame.thresholdNs).toBe(kept.length > 0 ? kept[kept.length - 1]! : 0);
          const frames = allFrames(flame.root);
          if (maxFrames !== undefined) expect(frames.length - 1).toBeLessThanOrEqual(maxFrames);
          for (const f of frames) {
            expect(f.totalNs).toBe(f.selfNs + f.children.reduce((sum, c) => sum + c.totalNs, 0));
            expect(f.traces).toBeLessThanOrEqual(flame.traces);
            for (const c of f.children) expect(c.traces).toBeLessThanOrEqual(f.traces);
            for (let k = 1; k < f.children.length; k++) expect(f.children[k - 1]!.totalNs).toBeGreaterThanOrEqual(f.children[k]!.totalNs);
            const keys = f.children.map((c) => `${c.service}\u0000${c.operation}`);
            expect(new Set(keys).size).toBe(keys.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
