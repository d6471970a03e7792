/**
 * The one-trace exports: the flame chart with its critical path and the
 * hop-by-hop latency accumulation. Checked on real traces of the bundled
 * samples (loaded through the engine) and on small and huge synthetic ones:
 * valid XML, every path segment drawn, the whole trace in the picture,
 * names from trace files escaped, and a bounded size for a 200k-span trace.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { TraceDetail, TraceHop, TraceSegment } from '../../../shared/engine/views-api.js';
import { FIGURE_PALETTES } from '../../../shared/export/figure.js';
import { accumulationFigure } from '../../../shared/export/figures/accumulation-figure.js';
import { traceFlameFigure } from '../../../shared/export/figures/trace-flame-figure.js';
import { accumulationRows } from '../../../shared/render/accumulation-rows.js';
import { flameRows } from '../../../shared/render/flame-layout.js';
import { formatNs } from '../../../shared/text/units.js';
import { createSampleEngine } from '../../helpers/sample-engine.js';
import { byRole, parseXml, textsOf } from '../../helpers/svg-xml.js';

const EVIL = '<img src=x onerror=alert(1)>';
const WIDTH = 1200;

/** Real traces, loaded once: the cases are named before the engine has loaded them. */
const REAL = [
  'before, slowest (errors, retries)',
  'before, first (N+1 loop)',
  'after, slowest, following async work (queue waits)',
] as const;
type RealTrace = (typeof REAL)[number];

let engine: HopscopeEngine;
const real = {} as Record<RealTrace, TraceDetail>;

beforeAll(async () => {
  engine = await createSampleEngine();
  const before = await engine.overview('before');
  const after = await engine.overview('after');
  const first = (await engine.traces('before'))[0]!.traceId;
  real['before, slowest (errors, retries)'] = await engine.trace('before', before.slowestTraceId!);
  real['before, first (N+1 loop)'] = await engine.trace('before', first);
  real['after, slowest, following async work (queue waits)'] = await engine.trace('after', after.slowestTraceId!, { followAsync: true });
});
afterAll(async () => {
  await engine.close();
});

// ── Synthetic traces ────────────────────────────────────────────────────────

interface SpanSpec {
  parent: number;
  service: string;
  name: string;
  start: number;
  end: number;
  error?: boolean;
}

function detailOf(specs: SpanSpec[], segments: TraceSegment[], hops: TraceHop[] = []): TraceDetail {
  const n = specs.length;
  const path = segments.filter((s) => s.kind === 'span');
  const criticalNs = new Float64Array(n);
  for (const s of path) criticalNs[s.span]! += s.end - s.start;
  return {
    dataset: 'synthetic',
    traceId: '0123456789abcdef0123456789abcdef',
    options: { clock: 'adjusted', skewTolerance: 0.01, followAsync: true },
    startNs: 1_700_000_000_000_000_000n,
    durationNs: specs.reduce((max, s) => Math.max(max, s.end), 0) - specs.reduce((min, s) => Math.min(min, s.start), Infinity),
    spans: {
      size: n,
      spanId: specs.map((_, i) => `span-${i}`),
      parent: Int32Array.from(specs, (s) => s.parent),
      parentMissing: new Uint8Array(n),
      service: specs.map((s) => s.service),
      name: specs.map((s) => s.name),
      kind: specs.map(() => 'internal'),
      start: Float64Array.from(specs, (s) => s.start),
      end: Float64Array.from(specs, (s) => s.end),
      error: Uint8Array.from(specs, (s) => (s.error ? 1 : 0)),
      selfNs: new Float64Array(n),
      criticalNs,
      adjusted: new Uint8Array(n),
    },
    criticalPath: {
      root: 0,
      start: segments[0]?.start ?? 0,
      end: segments.at(-1)?.end ?? 0,
      segments,
      skewAdjustments: 0,
      queueNs: segments.filter((s) => s.kind === 'queue').reduce((sum, s) => sum + s.end - s.start, 0),
      outsideParent: [],
    },
    hops,
    marks: [],
    clockAdjustedSpans: 0,
  };
}

const MS = 1e6;

/**
 *   0        10                      60         75                    100 ms
 *   gateway: GET /orders ██████████████████████████████████████████████████
 *             EVIL: EVIL ███████████████                (error)
 *                                    ▒queue▒▒▒ worker: consume ██████
 */
function smallTrace(): TraceDetail {
  const spans: SpanSpec[] = [
    { parent: -1, service: 'gateway', name: 'GET /orders', start: 0, end: 100 * MS },
    { parent: 0, service: EVIL, name: EVIL, start: 10 * MS, end: 60 * MS, error: true },
    { parent: 1, service: 'worker', name: 'consume', start: 75 * MS, end: 95 * MS },
  ];
  const segments: TraceSegment[] = [
    { span: 0, start: 0, end: 10 * MS, kind: 'span' },
    { span: 1, start: 10 * MS, end: 60 * MS, kind: 'span' },
    { span: 2, start: 60 * MS, end: 75 * MS, kind: 'queue' },
    { span: 2, start: 75 * MS, end: 95 * MS, kind: 'span' },
    { span: 0, start: 95 * MS, end: 100 * MS, kind: 'span' },
  ];
  const hop = (
    span: number,
    service: string,
    start: number,
    selfNs: number,
    overheadNs: number,
    queueNs: number,
    runningNs: number,
  ): TraceHop => ({
    span,
    service,
    virtual: false,
    start,
    selfNs,
    overheadNs,
    queueNs,
    totalNs: selfNs + overheadNs + queueNs,
    runningNs,
  });
  const hops = [
    hop(0, 'gateway', 0, 15 * MS, 0, 0, 15 * MS),
    hop(1, EVIL, 10 * MS, 48 * MS, 2 * MS, 0, 65 * MS),
    hop(2, 'worker', 75 * MS, 20 * MS, 0, 15 * MS, 100 * MS),
  ];
  return detailOf(spans, segments, hops);
}

/**
 * A root over 200 ms with 2,000 children of 100 µs, each with 99 sequential
 * grandchildren of 1 µs: 200,001 spans, nearly all far under a pixel. The
 * path runs root → child → its last grandchild → child for every child.
 */
function hugeTrace(): TraceDetail {
  const children = 2_000;
  const grand = 99;
  const childNs = 100_000;
  const specs: SpanSpec[] = [{ parent: -1, service: 'gateway', name: 'batch', start: 0, end: children * childNs }];
  const segments: TraceSegment[] = [];
  for (let c = 0; c < children; c++) {
    const start = c * childNs;
    const child = specs.length;
    specs.push({ parent: 0, service: `worker-${c % 12}`, name: 'item', start, end: start + childNs });
    for (let g = 0; g < grand; g++) {
      specs.push({
        parent: child,
        service: 'db',
        name: 'SELECT',
        start: start + g * 1_000,
        end: start + (g + 1) * 1_000,
        error: g === 50 && c % 100 === 0,
      });
    }
    const last = specs.length - 1;
    segments.push(
      { span: child, start, end: specs[last]!.start, kind: 'span' },
      { span: last, start: specs[last]!.start, end: specs[last]!.end, kind: 'span' },
      { span: child, start: specs[last]!.end, end: start + childNs, kind: 'span' },
    );
  }
  return detailOf(specs, segments);
}

// ── Helpers ─────────────────────────────────────────────────────────────────

const spanSegments = (d: TraceDetail) => d.criticalPath.segments.filter((s) => s.kind === 'span').length;
const sumOf = (elements: Element[], attribute: string) => elements.reduce((sum, e) => sum + Number(e.getAttribute(attribute) ?? 'NaN'), 0);
const legendLabels = (doc: Document) => byRole(doc, 'legend-item').flatMap((e) => textsOf(e));
const keyNumbers = (doc: Document) => new Map(byRole(doc, 'key-number').map((e) => textsOf(e) as [string, string]));
const titleOf = (e: Element) => Array.from(e.childNodes).find((c) => c.nodeName === 'title')?.textContent ?? '';

/** The (first) rect child of an element, as numbers. */
function rectOf(e: Element): { x: number; width: number } {
  const rect = e.tagName === 'rect' ? e : e.getElementsByTagName('rect')[0]!;
  return { x: Number(rect.getAttribute('x')), width: Number(rect.getAttribute('width')) };
}

const PALETTES = Object.values(FIGURE_PALETTES).map((palette) => ({ theme: palette.theme, palette }));

// ── Flame chart ─────────────────────────────────────────────────────────────

describe('trace flame figure', () => {
  it.each(REAL.flatMap((label) => PALETTES.map((p) => ({ ...p, label }))))(
    'draws "$label" whole, every path segment marked ($theme)',
    ({ palette, label }) => {
      const detail = real[label];
      const figure = traceFlameFigure(detail, { palette });
      const doc = parseXml(figure.svg);

      // Every 'span' segment is drawn, by its own mark or inside a merged one that counts it.
      const critical = byRole(doc, 'critical');
      expect(sumOf(critical, 'data-segments'), label).toBe(spanSegments(detail));
      expect(critical.length).toBeLessThanOrEqual(spanSegments(detail));
      expect(byRole(doc, 'axis')).toHaveLength(1);
      expect(textsOf(byRole(doc, 'axis')[0]!)[0]).toBe('0');

      // Bars carry their service and a tooltip naming the span.
      const bars = byRole(doc, 'span');
      expect(bars.length).toBeGreaterThan(0);
      for (const bar of bars.slice(0, 50)) {
        const s = Number(bar.getAttribute('data-span'));
        expect(bar.getAttribute('data-service')).toBe(detail.spans.service[s]);
        expect(titleOf(bar)).toBe(
          `${detail.spans.service[s]}: ${detail.spans.name[s]} — ${formatNs(detail.spans.end[s]! - detail.spans.start[s]!)}`,
        );
      }

      // The whole trace: the latest-ending span reaches the plot's right edge (less the 1 px gap between bars).
      let last = 0;
      for (let s = 1; s < detail.spans.size; s++) if (detail.spans.end[s]! > detail.spans.end[last]!) last = s;
      const lastBar = bars.find((b) => b.getAttribute('data-span') === String(last))!;
      const { x, width } = rectOf(lastBar);
      expect(x + width).toBeGreaterThanOrEqual(WIDTH - 1.01);
      expect(x + width).toBeLessThanOrEqual(WIDTH);

      // Key numbers and legend.
      const numbers = keyNumbers(doc);
      expect(numbers.get('duration')).toBe(formatNs(detail.durationNs));
      expect(numbers.get('critical path')).toBe(formatNs(detail.criticalPath.end - detail.criticalPath.start));
      expect(numbers.get('spans')).toBe(detail.spans.size.toLocaleString('en-US'));
      expect(numbers.get('services')).toBe(String(new Set(detail.spans.service).size));
      expect(numbers.has('waiting in queues')).toBe(detail.criticalPath.queueNs > 0);
      const legend = legendLabels(doc);
      expect(legend).toEqual(expect.arrayContaining(['critical path', 'off the critical path']));
      const pathServices = new Set(detail.criticalPath.segments.filter((s) => s.kind === 'span').map((s) => detail.spans.service[s.span]!));
      for (const service of pathServices) expect(legend).toContain(service);
      expect(legend.includes('queue wait')).toBe(detail.criticalPath.segments.some((s) => s.kind === 'queue'));
      expect(byRole(doc, 'queue').length > 0).toBe(detail.criticalPath.segments.some((s) => s.kind === 'queue'));
      const errors = detail.spans.error.some((e) => e === 1);
      expect(legend.includes('error')).toBe(errors);
      expect(byRole(doc, 'error-mark').length > 0).toBe(errors);

      expect(figure.name).toBe(`flame-${detail.dataset}-${detail.traceId.slice(0, 8)}`);
      expect(byRole(doc, 'subtitle')[0]!.textContent).toBe(`${detail.dataset} · trace ${detail.traceId}`);
    },
  );

  it('marks each path segment, the queue wait and the error of a small trace, and escapes names from the trace', () => {
    const detail = smallTrace();
    const figure = traceFlameFigure(detail, { palette: FIGURE_PALETTES.light });
    expect(figure.svg).not.toContain('<img');
    const doc = parseXml(figure.svg);

    const critical = byRole(doc, 'critical');
    expect(critical).toHaveLength(4);
    expect(critical.map((c) => c.getAttribute('data-segments'))).toEqual(['1', '1', '1', '1']);
    expect(byRole(doc, 'queue')).toHaveLength(1);
    expect(titleOf(byRole(doc, 'queue')[0]!)).toBe('waiting in a queue: 15.0 ms before worker: consume');
    expect(byRole(doc, 'error-mark')).toHaveLength(1);

    const evil = byRole(doc, 'span').find((b) => b.getAttribute('data-span') === '1')!;
    expect(evil.getAttribute('data-service')).toBe(EVIL);
    expect(titleOf(evil)).toBe(`${EVIL}: ${EVIL} — 50.0 ms`);
    expect(textsOf(evil)).toEqual([`${EVIL}: ${EVIL}`]);
    expect(legendLabels(doc)).toEqual([EVIL, 'worker', 'gateway', 'critical path', 'off the critical path', 'queue wait', 'error']);
  });

  it.each([
    { maxRows: 10, shown: 10, note: '40 more rows not shown (40 spans; 40 of them on the critical path)' },
    { maxRows: 50, shown: 50, note: null },
    { maxRows: 400, shown: 50, note: null },
  ])('draws at most maxRows rows ($maxRows of 50)', ({ maxRows, shown, note }) => {
    // A chain 50 deep: one span per row, the path through all of them.
    const specs: SpanSpec[] = Array.from({ length: 50 }, (_, i) => ({
      parent: i - 1,
      service: `svc-${i % 3}`,
      name: `op ${i}`,
      start: i * MS,
      end: (100 - i) * MS,
    }));
    const segments: TraceSegment[] = [];
    for (let i = 0; i < 50; i++) segments.push({ span: i, start: i * MS, end: (i + 1) * MS, kind: 'span' });
    for (let i = 49; i >= 0; i--) segments.push({ span: i, start: (100 - i - 1) * MS, end: (100 - i) * MS, kind: 'span' });
    const doc = parseXml(traceFlameFigure(detailOf(specs, segments), { palette: FIGURE_PALETTES.dark, maxRows }).svg);
    expect(byRole(doc, 'span')).toHaveLength(shown);
    expect(sumOf(byRole(doc, 'critical'), 'data-segments')).toBe(2 * shown);
    expect(byRole(doc, 'truncated').map((e) => e.textContent)).toEqual(note === null ? [] : [note]);
  });

  it('keeps a 200k-span trace to a bounded number of elements by merging bars under a pixel', () => {
    const detail = hugeTrace();
    const startedAt = performance.now();
    const figure = traceFlameFigure(detail, { palette: FIGURE_PALETTES.light });
    const elapsed = performance.now() - startedAt;
    expect(elapsed).toBeLessThan(5_000);
    expect(figure.svg.length).toBeLessThan(3_000_000);
    const elements = figure.svg.match(/<[a-z]/g)!.length;
    expect(elements).toBeLessThan(20_000);

    const doc = parseXml(figure.svg);
    // Nothing lost: the merged marks count every span and every path segment.
    const merged = [...byRole(doc, 'merged'), ...byRole(doc, 'critical'), ...byRole(doc, 'error-mark')].filter((e) =>
      e.hasAttribute('data-spans'),
    );
    expect(byRole(doc, 'span').length + sumOf(merged, 'data-spans')).toBe(detail.spans.size);
    expect(sumOf(byRole(doc, 'critical'), 'data-segments')).toBe(spanSegments(detail));
    expect(flameRows(detail.spans).rows).toBe(3);
  });
});

// ── Accumulation ────────────────────────────────────────────────────────────

describe('accumulation figure', () => {
  it.each(REAL.flatMap((label) => PALETTES.map((p) => ({ ...p, label }))))(
    'adds up the hops of "$label" ($theme)',
    ({ palette, label }) => {
      const detail = real[label];
      const pathNs = detail.criticalPath.end - detail.criticalPath.start;
      const figure = accumulationFigure(detail, { palette });
      const doc = parseXml(figure.svg);

      const rows = byRole(doc, 'hop');
      expect(rows).toHaveLength(accumulationRows(detail.hops, pathNs).length);
      const totals = byRole(doc, 'running-total');
      expect(totals).toHaveLength(rows.length);
      const ns = totals.map((t) => Number(t.getAttribute('data-ns')));
      for (let i = 1; i < ns.length; i++) expect(ns[i]).toBeGreaterThanOrEqual(ns[i - 1]!);
      expect(ns.at(-1)).toBeCloseTo(pathNs, 0);
      expect(totals.at(-1)!.textContent).toBe(formatNs(pathNs));
      for (const row of rows.filter((r) => r.getAttribute('data-kind') === 'hop')) {
        expect(detail.hops.map((h) => h.service)).toContain(row.getAttribute('data-service'));
      }

      const numbers = keyNumbers(doc);
      expect(numbers.get('hops')).toBe(String(detail.hops.length));
      expect(numbers.get('path length')).toBe(formatNs(pathNs));
      expect(numbers.get('services')).toBe(String(new Set(detail.hops.map((h) => h.service)).size));
      expect(numbers.get('between services')).toMatch(/^\S+ \S+ \([\d.]+%\)$/);
      expect(legendLabels(doc)).toContain('between services (network, proxies, queues)');
      expect(figure.name).toBe(`accumulation-${detail.dataset}-${detail.traceId.slice(0, 8)}`);
    },
  );

  it('draws own time, overhead and queue waits of each hop, with names escaped', () => {
    const figure = accumulationFigure(smallTrace(), { palette: FIGURE_PALETTES.dark });
    expect(figure.svg).not.toContain('<img');
    const doc = parseXml(figure.svg);
    const rows = byRole(doc, 'hop');
    expect(rows.map((r) => r.getAttribute('data-service'))).toEqual(['gateway', EVIL, 'worker']);
    expect(byRole(doc, 'running-total').map((t) => t.textContent)).toEqual(['15.0 ms', '65.0 ms', '100 ms']);
    expect(textsOf(rows[1]!)[0]).toMatch(/^<img src=x/);
    expect(titleOf(rows[1]!)).toBe(`${EVIL}: 48.0 ms in the service, 2.0 ms between caller and callee; 50% of the path`);
    expect(titleOf(rows[2]!)).toBe('worker: 20.0 ms in the service, 15.0 ms waiting in a queue; 35% of the path');
    // The hatched part comes first and each hop starts where the previous ended.
    const overhead = byRole(doc, 'overhead').map(rectOf);
    const own = byRole(doc, 'own-time').map(rectOf);
    expect(overhead).toHaveLength(2);
    expect(own).toHaveLength(3);
    expect(own[1]!.x).toBeCloseTo(overhead[0]!.x + overhead[0]!.width, 1);
    expect(overhead[0]!.x).toBeCloseTo(own[0]!.x + own[0]!.width, 1);
    expect(keyNumbers(doc).get('between services')).toBe('17.0 ms (17%)');
  });

  it('groups a run of short hops into one row', () => {
    const detail = smallTrace();
    const tiny = (i: number): TraceHop => ({
      span: 0,
      service: `cache-${i % 2}`,
      virtual: false,
      start: 0,
      selfNs: 0.1 * MS,
      overheadNs: 0,
      queueNs: 0,
      totalNs: 0.1 * MS,
      runningNs: 0,
    });
    const hops = [...Array.from({ length: 5 }, (_, i) => tiny(i)), ...detail.hops.map((h) => ({ ...h }))];
    let running = 0;
    for (const h of hops) h.runningNs = running += h.totalNs;
    detail.criticalPath.end = running;
    const doc = parseXml(accumulationFigure({ ...detail, hops }, { palette: FIGURE_PALETTES.light }).svg);
    const rows = byRole(doc, 'hop');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['group', 'hop', 'hop', 'hop']);
    expect(rows[0]!.getAttribute('data-service')).toBe('cache-0, cache-1');
    expect(textsOf(rows[0]!)[0]).toBe('5 short hops');
    expect(legendLabels(doc)).toContain('short hops, grouped (each under 1% of the path)');
  });

  it('refuses a trace without hops', () => {
    expect(() => accumulationFigure({ ...smallTrace(), hops: [] }, { palette: FIGURE_PALETTES.light })).toThrow(
      /has no hops along its critical path/,
    );
  });
});
