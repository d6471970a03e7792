import { describe, expect, it } from 'vitest';
import { criticalShares } from '../../../shared/analysis/accumulation/critical-share.js';
import { spread, spreadWithZeros } from '../../../shared/analysis/model/percentiles.js';
import { latencyHops } from '../../../shared/analysis/accumulation/latency-hops.js';
import type { PathInput, PathSegment } from '../../../shared/analysis/accumulation/path-input.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree } from '../../../shared/analysis/model/trace-tree.js';

/** Segments given as [spanId, start, end] (or 'queue'), resolved to span indexes. */
function setup(rows: SpanRow[], segments: [string, number, number, ('queue' | 'span')?][][]) {
  const tree = buildTraceTree(spanTableFrom(rows));
  const index = (traceId: string, id: string) => tree.find(traceId, id);
  const paths: PathInput[] = segments.map((segs, trace) => {
    const traceId = tree.table.traceId[tree.traceStart[trace]!]!;
    const resolved: PathSegment[] = segs.map(([id, start, end, kind]) => ({ span: index(traceId, id), start, end, kind: kind ?? 'span' }));
    return {
      trace,
      top: resolved[0]!.span,
      orphan: false,
      start: resolved[0]!.start,
      end: resolved[resolved.length - 1]!.end,
      segments: resolved,
    };
  });
  return { tree, paths };
}

/**
 *   0    10   20   30   40   50   60   70   80   90   100
 *   gw:  |=====================root=====================|
 *   gw:    |================client → order============|
 *   order:   |============server=====================|
 *   order:      |==client → postgres (no child)==|
 */
const CHAIN: SpanRow[] = [
  { spanId: 'root', service: 'gateway', kind: 'server', start: 0, end: 100 },
  { spanId: 'gc', parentSpanId: 'root', service: 'gateway', kind: 'client', start: 5, end: 95 },
  { spanId: 'os', parentSpanId: 'gc', service: 'order', kind: 'server', start: 10, end: 90 },
  { spanId: 'db', parentSpanId: 'os', service: 'order', kind: 'client', start: 20, end: 80, peer: 'postgresql/shop' },
];
const CHAIN_PATH: [string, number, number][] = [
  ['root', 0, 5],
  ['gc', 5, 10],
  ['os', 10, 20],
  ['db', 20, 80],
  ['os', 80, 90],
  ['gc', 90, 95],
  ['root', 95, 100],
];

describe('latencyHops', () => {
  it('walks the chain down and back up, with network overhead on the hop into each callee and a running total', () => {
    const { tree, paths } = setup(CHAIN, [CHAIN_PATH]);
    const hops = latencyHops(tree, paths[0]!).map((h) => [h.service, h.virtual, h.selfNs, h.overheadNs, h.totalNs, h.runningNs]);
    expect(hops).toEqual([
      ['gateway', false, 5, 0, 5, 5],
      ['order', false, 10, 5, 15, 20],
      ['postgresql/shop', true, 60, 0, 60, 80],
      ['order', false, 10, 5, 15, 95],
      ['gateway', false, 5, 0, 5, 100],
    ]);
  });

  /**
   *   0    10   20   30   40   50   60
   *   api: |=producer=|                         the producer hands off at 10
   *                   ....queue....             30 ns waiting
   *   worker:                      |==consumer==|
   */
  it('pays queue delay on the way into the consumer that follows it', () => {
    const { tree, paths } = setup(
      [
        { spanId: 'p', service: 'api', kind: 'producer', start: 0, end: 10 },
        { spanId: 'c', service: 'worker', kind: 'consumer', start: 40, end: 60, links: [{ spanId: 'p' }] },
      ],
      [
        [
          ['p', 0, 10],
          ['p', 10, 40, 'queue'],
          ['c', 40, 60],
        ],
      ],
    );
    const hops = latencyHops(tree, paths[0]!).map((h) => [h.service, h.selfNs, h.queueNs, h.startNs, h.runningNs]);
    expect(hops).toEqual([
      ['api', 10, 0, 0, 10],
      ['worker', 20, 30, 10, 60],
    ]);
  });
});

describe('criticalShares', () => {
  it('gives each service its share of every trace, counting traces it is absent from as 0', () => {
    /**
     * trace 1: the chain above (gateway 10%, order 30%, postgres 60%)
     * trace 2: gateway alone
     *   0         100
     *   gw: |=====|
     */
    const { tree, paths } = setup(
      [...CHAIN, { traceId: 't2', spanId: 'solo', service: 'gateway', kind: 'server', start: 0, end: 100 }],
      [CHAIN_PATH, [['solo', 0, 100]]],
    );
    const { byService, byOperation } = criticalShares(tree, paths);
    const summary = byService.map((s) => [s.service, s.traces, s.share.p50, s.share.max, s.share.mean]);
    expect(summary).toEqual([
      ['gateway', 2, 0.1, 1, 0.55],
      ['postgresql/shop', 1, 0, 0.6, 0.3],
      ['order', 1, 0, 0.3, 0.15],
    ]);
    expect(byOperation.find((o) => o.operation === 'db')).toMatchObject({ service: 'postgresql/shop', virtual: true, totalNs: 60 });
  });

  it('leaves orphan subtrees out', () => {
    const { tree, paths } = setup(CHAIN, [CHAIN_PATH]);
    expect(criticalShares(tree, [{ ...paths[0]!, orphan: true }]).byService).toEqual([]);
  });
});

describe('spreadWithZeros', () => {
  it.each([
    [[0.5, 0.1], 2],
    [[1], 0],
    [[0.3, 0.3, 0.9], 7],
    [[], 3],
  ])('matches spread() over the full list (%j plus %i zeros)', (values, zeros) => {
    expect(spreadWithZeros(values, zeros)).toEqual(spread([...values, ...new Array<number>(zeros).fill(0)]));
  });
});

describe('spread', () => {
  it('summarises an empty list as zeros with count 0', () => {
    expect(spread([])).toEqual({ count: 0, min: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 });
    expect(spread([3, 1, 2])).toEqual({ count: 3, min: 1, p50: 2, p90: 3, p99: 3, max: 3, mean: 2 });
  });
});
