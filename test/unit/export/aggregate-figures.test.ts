/**
 * The aggregate figures (critical-path flame, differential flame, comparison
 * charts, tables, hotspot tables) on the bundled before/after samples, read
 * back as XML: every frame where the layout puts it, every number the one
 * the engine computed, and names from trace files escaped, never markup.
 */
import type { Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetComparison, DiffFrame } from '../../../shared/engine/compare-api.js';
import type { DatasetAnalysis, FlameFrame } from '../../../shared/engine/dataset-analysis-api.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { FIGURE_PALETTES, HATCH_ID } from '../../../shared/export/figure.js';
import { compareChartsFigure } from '../../../shared/export/figures/compare-figure.js';
import { criticalFlameFigure } from '../../../shared/export/figures/critical-flame-figure.js';
import { diffFlameFigure } from '../../../shared/export/figures/diff-flame-figure.js';
import { hotspotFigures, hotspotTables } from '../../../shared/export/figures/hotspot-figures.js';
import { tableFigure } from '../../../shared/export/figures/table-figure.js';
import { diffScaleColor, FASTER, SLOWER } from '../../../shared/render/diff-colors.js';
import { diffChange, diffSlices } from '../../../shared/render/diff-flame-slices.js';
import { neutralColor } from '../../../shared/render/service-colors.js';
import { flameSlices } from '../../../shared/render/flame-slices.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { createSampleEngine } from '../../helpers/sample-engine.js';
import { byRole, parseXml, textsOf } from '../../helpers/svg-xml.js';

const EVIL = '<img src=x onerror=alert(1)>';
const light = FIGURE_PALETTES.light;
const WIDTH = 960;

let engine: HopscopeEngine;
let before: DatasetAnalysis;
let after: DatasetAnalysis;
let c: DatasetComparison;

beforeAll(async () => {
  engine = await createSampleEngine();
  before = await engine.analyze('before');
  after = await engine.analyze('after');
  c = await engine.compare({ dataset: 'before' }, { dataset: 'after' });
});
afterAll(async () => {
  await engine.close();
});

// ── Helpers ─────────────────────────────────────────────────────────────────

const numAttr = (e: Element, name: string) => Number(e.getAttribute(name));
const children = (e: Element, tag: string) =>
  Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).tagName === tag);
/** The first <rect> of a frame: its box (the hatch overlay, when there is one, repeats it). */
const box = (frame: Element) => {
  const rect = children(frame, 'rect')[0]!;
  return { x: numAttr(rect, 'x'), width: numAttr(rect, 'width'), fill: rect.getAttribute('fill') };
};
const tooltip = (e: Element) => children(e, 'title')[0]?.textContent ?? '';
const within = (e: Element, role: string) => Array.from(e.getElementsByTagName('*')).filter((x) => x.getAttribute('data-role') === role);
/** The drawn width of a slice: as wide as its fraction, less the hairline between neighbours. */
const drawnWidth = (x0: number, x1: number) => {
  const w = (x1 - x0) * WIDTH;
  return w >= 3 ? w - 1 : w;
};

/** Frames in pre-order with their depth: each frame's parent is the last frame one level up before it. */
function checkNesting(frames: Element[]) {
  const open: Element[] = [];
  const kids = new Map<Element, Element[]>();
  for (const f of frames) {
    const depth = numAttr(f, 'data-depth');
    open.length = depth;
    const parent = open[depth - 1];
    if (parent) kids.set(parent, [...(kids.get(parent) ?? []), f]);
    else expect(depth).toBe(0);
    open.push(f);
  }
  for (const [parent, list] of kids) {
    const p = box(parent);
    // Each child drawn 1 px narrower than its slice, as is the parent: Σ(w_i − 1) ≤ w − 1 + (k − 1).
    const sum = list.reduce((s, k) => s + box(k).width, 0);
    expect(sum).toBeLessThanOrEqual(p.width + list.length + 0.05);
    for (const k of list) {
      expect(box(k).x).toBeGreaterThanOrEqual(p.x - 0.01);
      expect(box(k).x + box(k).width).toBeLessThanOrEqual(p.x + p.width + 1.01);
    }
  }
  return kids.size;
}

function flameFrame(service: string, operation: string, selfNs: number, children: FlameFrame[] = [], virtual = false): FlameFrame {
  const totalNs = selfNs + children.reduce((s, k) => s + k.totalNs, 0);
  return { service, operation, virtual, selfNs, totalNs, traces: 2, children };
}

function diffFrame(service: string, aNs: number, bNs: number, children: DiffFrame[] = []): DiffFrame {
  return { service, operation: 'op', virtual: false, aNs, bNs, aSelfNs: aNs, bSelfNs: bNs, children };
}

// ── Critical-path flame ─────────────────────────────────────────────────────

describe('criticalFlameFigure', () => {
  it('draws every slice of the flame where the layout puts it, coloured by service', () => {
    const flame = before.accumulation.flames.find((f) => f.slowest === 1)!.flame;
    const figure = criticalFlameFigure(before, { palette: light });
    const doc = parseXml(figure.svg);
    const slices = flameSlices(flame.root, 1 / WIDTH);
    const frames = byRole(doc, 'frame');
    expect(frames.length).toBe(slices.length);
    expect(slices.length).toBeGreaterThan(5);
    frames.forEach((f, i) => {
      const s = slices[i]!;
      expect(f.getAttribute('data-service')).toBe(s.frame.service);
      expect(f.getAttribute('data-operation')).toBe(s.frame.operation);
      expect(numAttr(f, 'data-depth')).toBe(s.depth);
      expect(box(f).x).toBeCloseTo(s.x0 * WIDTH, 1);
      expect(box(f).width).toBeCloseTo(drawnWidth(s.x0, s.x1), 1);
    });
    // Every depth, unzoomed.
    expect(Math.max(...frames.map((f) => numAttr(f, 'data-depth')))).toBe(Math.max(...slices.map((s) => s.depth)));
    expect(checkNesting(frames)).toBeGreaterThan(3);
  });

  it('spans the root across the full plot width', () => {
    const doc = parseXml(criticalFlameFigure(before, { palette: light, width: 700 }).svg);
    const root = byRole(doc, 'frame')[0]!;
    expect(root.getAttribute('data-operation')).toBe('all traces');
    expect(box(root).x).toBe(0);
    expect(box(root).width).toBe(699);
  });

  it('gives each frame a tooltip with its time and share, and names the top services', () => {
    const flame = before.accumulation.flames.find((f) => f.slowest === 1)!.flame;
    const doc = parseXml(criticalFlameFigure(before, { palette: light }).svg);
    const first = flame.root.children[0]!;
    const frame = byRole(doc, 'frame')[1]!;
    expect(tooltip(frame)).toContain(`Total ${formatNs(first.totalNs)}`);
    expect(tooltip(frame)).toContain(`Share ${percent(first.totalNs / flame.root.totalNs)} of all critical-path time`);
    expect(tooltip(frame)).toContain(`Traces ${first.traces} of ${flame.traces}`);
    const chips = byRole(doc, 'key-number').map((k) => textsOf(k).join(' '));
    expect(chips).toContain(`traces ${flame.traces}`);
    expect(chips).toContain(`critical-path time ${formatNs(flame.root.totalNs)}`);
    expect(chips).toContain(`median critical path ${formatNs(before.criticalPathNs.p50)}`);
    // payment-gateway (not instrumented, behind payment) dominates the baseline's critical path.
    expect(chips.find((t) => t.startsWith('top service'))).toMatch(/^top service payment-gateway \d+%$/);
    const legend = byRole(doc, 'legend-item').map((l) => textsOf(l).join(' '));
    expect(legend[0]).toMatch(/^payment-gateway \d+%$/);
    expect(legend).toContain('not instrumented (seen from its callers)');
    // A hatched (virtual) frame keeps its service colour under the hatching.
    const hatched = byRole(doc, 'frame').filter((f) => children(f, 'rect').length === 2);
    expect(hatched.length).toBeGreaterThan(0);
    for (const f of hatched) expect(box(f).fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('draws the slowest 1% as its own, smaller flame', () => {
    const flame = before.accumulation.flames.find((f) => f.slowest === 0.01)!.flame;
    const figure = criticalFlameFigure(before, { palette: light, fraction: 0.01 });
    const doc = parseXml(figure.svg);
    expect(byRole(doc, 'frame').length).toBe(flameSlices(flame.root, 1 / WIDTH).length);
    expect(byRole(doc, 'key-number').map((k) => textsOf(k).join(' '))).toContain(`traces ${flame.traces} of ${before.traces}`);
    expect(figure.name).toBe('critical-flame-before-slowest-1');
  });

  it('escapes service and operation names from the traces', () => {
    const root = flameFrame('', 'all traces', 0, [
      flameFrame(EVIL, EVIL, 600, [flameFrame('db', 'SELECT', 300, [], true)]),
      flameFrame('auth', 'check', 100),
    ]);
    const analysis: DatasetAnalysis = {
      ...structuredClone(before),
      dataset: EVIL,
      accumulation: { ...before.accumulation, flames: [{ slowest: 1, flame: { root, traces: 2, thresholdNs: 0 } }] },
    };
    const svg = criticalFlameFigure(analysis, { palette: light }).svg;
    expect(svg).not.toContain('<img');
    const doc = parseXml(svg);
    const evil = byRole(doc, 'frame')[1]!;
    expect(evil.getAttribute('data-service')).toBe(EVIL);
    expect(evil.getAttribute('data-operation')).toBe(EVIL);
    expect(tooltip(evil).split('\n')[0]).toBe(`${EVIL} ${EVIL}`);
    expect(textsOf(doc)).toContain(`${EVIL} ${EVIL}`);
    expect(byRole(doc, 'subtitle')[0]!.textContent).toContain(EVIL);
    expect(byRole(doc, 'legend-item').map((l) => textsOf(l).join(''))).toContain(`${EVIL} 60%`);
    // Widths follow totalNs: 900 of 1,000 ns, 100 of 1,000 ns.
    expect(box(evil).width).toBeCloseTo(0.9 * WIDTH - 1, 1);
    expect(box(byRole(doc, 'frame')[3]!).x).toBeCloseTo(0.9 * WIDTH, 1);
  });

  it('says so when there are no complete traces', () => {
    const analysis: DatasetAnalysis = {
      ...before,
      accumulation: {
        ...before.accumulation,
        flames: [{ slowest: 1, flame: { root: flameFrame('', 'all traces', 0), traces: 0, thresholdNs: 0 } }],
      },
    };
    const doc = parseXml(criticalFlameFigure(analysis, { palette: light }).svg);
    expect(byRole(doc, 'frame')).toEqual([]);
    expect(byRole(doc, 'empty')[0]!.textContent).toBe('No complete traces to merge.');
  });
});

// ── Differential flame ──────────────────────────────────────────────────────

describe('diffFlameFigure', () => {
  it('draws every slice with the change diffChange gives it', () => {
    const root = c.flames.find((f) => f.slowest === 1)!.root;
    const doc = parseXml(diffFlameFigure(c, { palette: light }).svg);
    const slices = diffSlices(root, 1 / WIDTH);
    const frames = byRole(doc, 'frame');
    expect(frames.length).toBe(slices.length);
    frames.forEach((f, i) => {
      const s = slices[i]!;
      expect(f.getAttribute('data-change')).toBe(diffChange(s.frame));
      expect(f.getAttribute('data-service')).toBe(s.frame.service);
      expect(box(f).x).toBeCloseTo(s.x0 * WIDTH, 1);
      expect(box(f).width).toBeCloseTo(drawnWidth(s.x0, s.x1), 1);
    });
    expect(box(frames[0]!)).toMatchObject({ x: 0, width: WIDTH - 1 });
    checkNesting(frames);
    const changes = new Set(frames.map((f) => f.getAttribute('data-change')));
    // The migration made the user-facing path faster and took the synchronous inventory call off it.
    expect(frames[0]!.getAttribute('data-change')).toBe('faster');
    expect(changes).toContain('removed');
    for (const f of frames.filter((x) => x.getAttribute('data-change') === 'removed')) expect(box(f).fill).toBe(`url(#${HATCH_ID})`);
    for (const f of frames.filter((x) => x.getAttribute('data-change') === 'faster')) expect(box(f).fill).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('colours each kind of change and explains the colours in the legend', () => {
    const root = diffFrame('', 100, 100, [
      diffFrame('faster', 50, 20),
      diffFrame('slower', 10, 30),
      diffFrame('same', 20, 20.5),
      diffFrame('added', 0, 10),
      diffFrame(EVIL, 10, 0),
    ]);
    const comparison: DatasetComparison = { ...c, flames: [{ slowest: 1, root }] };
    const svg = diffFlameFigure(comparison, { palette: light }).svg;
    expect(svg).not.toContain('<img');
    const doc = parseXml(svg);
    const frames = byRole(doc, 'frame');
    expect(frames.map((f) => [f.getAttribute('data-service'), f.getAttribute('data-change')])).toEqual([
      ['', 'same'],
      ['faster', 'faster'],
      ['slower', 'slower'],
      ['same', 'same'],
      ['added', 'added'],
      [EVIL, 'removed'],
    ]);
    const fills = new Map(frames.map((f) => [f.getAttribute('data-change'), box(f).fill]));
    expect(new Set(fills.values()).size).toBe(5);
    expect(fills.get('removed')).toBe(`url(#${HATCH_ID})`);
    // The app's scale, not the palette's good/bad: the image has the colours seen on screen.
    expect(fills.get('faster')).toBe(diffScaleColor((20 - 50) / 50, 'light'));
    expect(fills.get('slower')).toBe(diffScaleColor((30 - 10) / 30, 'light'));
    expect(fills.get('added')).toBe(SLOWER.light);
    expect(fills.get('same')).toBe(neutralColor('light'));
    expect(tooltip(frames[5]!)).toContain('(only in before)');
    const legend = byRole(doc, 'legend-item');
    expect(legend.map((l) => l.getAttribute('data-kind'))).toEqual(['ramp', 'ramp', 'swatch', 'swatch', 'hatch']);
    const labels = legend.map((l) => textsOf(l)[0]);
    expect(labels).toEqual(['faster: less time in after', 'slower: more time in after', 'within 5.0%', 'only in after', 'only in before']);
    // Each ramp runs from the weakest colour a change gets to the full end of the scale.
    const stops = (l: Element) => Array.from(l.getElementsByTagName('stop')).map((s) => s.getAttribute('stop-color'));
    expect(stops(legend[0]!)).toEqual([diffScaleColor(-0.05, 'light'), FASTER.light]);
    expect(stops(legend[1]!)).toEqual([diffScaleColor(0.05, 'light'), SLOWER.light]);
  });
});

// ── Comparison charts ───────────────────────────────────────────────────────

/** The points of a path "M x,y L x,y …". */
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

describe('compareChartsFigure', () => {
  it('draws both sides’ latency CDFs, each ending at 100%', () => {
    const figure = compareChartsFigure(c, { palette: light });
    const doc = parseXml(figure.svg);
    const plot = byRole(doc, 'cdf-plot')[0]!;
    const top = numAttr(plot, 'y');
    const bottom = top + numAttr(plot, 'height');
    const left = numAttr(plot, 'x');
    const right = left + numAttr(plot, 'width');
    const lines = byRole(doc, 'cdf-line');
    expect(lines.map((l) => l.getAttribute('data-side'))).toEqual(['a', 'b']);
    for (const [line, values] of [
      [lines[0]!, c.endToEnd.latenciesNs.a],
      [lines[1]!, c.endToEnd.latenciesNs.b],
    ] as const) {
      const pts = points(line.getAttribute('d')!);
      expect(pts.length).toBeGreaterThan(10);
      expect(pts.length).toBeLessThanOrEqual(values.length);
      expect(pts[pts.length - 1]![1]).toBe(top);
      // Cumulative: never back left, never down.
      for (let i = 1; i < pts.length; i++) {
        expect(pts[i]![0]).toBeGreaterThanOrEqual(pts[i - 1]![0]);
        expect(pts[i]![1]).toBeLessThanOrEqual(pts[i - 1]![1]);
      }
      for (const [x, y] of pts) {
        expect(x).toBeGreaterThanOrEqual(left);
        expect(x).toBeLessThanOrEqual(right);
        expect(y).toBeLessThan(bottom);
      }
    }
    // After the migration every percentile is lower: b's curve is left of a's where both reach p50.
    const p50x = (line: Element) => points(line.getAttribute('d')!).find(([, y]) => y <= (top + bottom) / 2)![0];
    expect(p50x(lines[1]!)).toBeLessThan(p50x(lines[0]!));
    // Log axis, ticks at powers of ten.
    expect(textsOf(doc)).toEqual(expect.arrayContaining(['100 ms', '1.000 s']));
    expect(byRole(doc, 'subtitle')[0]!.textContent).toBe('before vs after');
  });

  it('lists the end-to-end percentiles as the comparison has them', () => {
    const doc = parseXml(compareChartsFigure(c, { palette: light }).svg);
    const table = byRole(doc, 'percentile-table')[0]!;
    expect(textsOf(within(table, 'header')[0]!)).toEqual(['end to end', 'before', 'after', 'change', 'p · effect']);
    const rows = within(table, 'row');
    expect(rows.map((r) => r.getAttribute('data-percentile'))).toEqual(['p50', 'p90', 'p99']);
    for (const [row, v] of [
      [rows[0]!, c.endToEnd.p50Ns],
      [rows[1]!, c.endToEnd.p90Ns],
      [rows[2]!, c.endToEnd.p99Ns],
    ] as const) {
      const [, a, b, change] = textsOf(row);
      expect([a, b]).toEqual([formatNs(v.a), formatNs(v.b)]);
      expect(change).toBe(`−${percent(Math.abs(v.relative!))}`);
    }
    const chips = byRole(doc, 'key-number').map((k) => textsOf(k).join(' '));
    expect(chips).toEqual([
      `p50 ${formatNs(c.endToEnd.p50Ns.a)} → ${formatNs(c.endToEnd.p50Ns.b)}`,
      `p99 ${formatNs(c.endToEnd.p99Ns.a)} → ${formatNs(c.endToEnd.p99Ns.b)}`,
      `failed requests ${percent(c.endToEnd.errorRate.a)} → ${percent(c.endToEnd.errorRate.b)}`,
      `traces ${c.a.traces} → ${c.b.traces}`,
    ]);
    expect(textsOf(byRole(doc, 'headline')[0]!).join(' ')).toMatch(/^The user waits less \(p99 /);
  });

  it('shows the top significant changes by impact, fewer columns when narrow', () => {
    const significant = c.changes.filter((r) => r.significant);
    for (const width of [undefined, 560]) {
      const doc = parseXml(compareChartsFigure(c, { palette: light, ...(width ? { width } : {}) }).svg);
      const table = byRole(doc, 'changes-table')[0]!;
      const rows = within(table, 'row');
      expect(rows.length).toBe(Math.min(8, significant.length));
      rows.forEach((r, i) => expect(r.getAttribute('data-kind')).toBe(significant[i]!.subject.kind));
      const header = textsOf(within(table, 'header')[0]!);
      // The default width fits every column; a narrow figure keeps the five that say what changed and by how much.
      expect(header.length).toBe(width === undefined ? 8 : 5);
      expect(textsOf(rows[0]!).at(-1)).toBe(formatNs(significant[0]!.impactNs));
    }
  });

  it('escapes labels and names, and draws nothing for a side without latencies', () => {
    const comparison: DatasetComparison = {
      ...c,
      b: { ...c.b, label: EVIL },
      endToEnd: { ...c.endToEnd, latenciesNs: { a: c.endToEnd.latenciesNs.a, b: [] } },
      changes: [{ ...c.changes.find((r) => r.significant)!, subject: { kind: 'service', service: EVIL } }],
    };
    const svg = compareChartsFigure(comparison, { palette: light }).svg;
    expect(svg).not.toContain('<img');
    const doc = parseXml(svg);
    expect(byRole(doc, 'subtitle')[0]!.textContent).toBe(`before vs ${EVIL}`);
    expect(textsOf(within(byRole(doc, 'changes-table')[0]!, 'row')[0]!)[0]).toBe(EVIL);
    expect(byRole(doc, 'cdf-line').map((l) => l.getAttribute('data-side'))).toEqual(['a']);
    expect(textsOf(within(byRole(doc, 'percentile-table')[0]!, 'header')[0]!)[2]).toBe(EVIL);
  });
});

// ── Tables ──────────────────────────────────────────────────────────────────

describe('tableFigure', () => {
  const columns = [{ label: 'name' }, { label: 'count', align: 'right' as const }];

  it('draws one row per input row, a header, numbers right-aligned', () => {
    const rows = [
      ['alpha', '1'],
      [EVIL, '22'],
      ['gamma', '333'],
    ];
    const svg = tableFigure({ name: 't', title: 'A table', subtitle: 'sub', columns, rows, palette: light }).svg;
    expect(svg).not.toContain('<img');
    const doc = parseXml(svg);
    expect(textsOf(byRole(doc, 'header')[0]!)).toEqual(['name', 'count']);
    const drawn = byRole(doc, 'row');
    expect(drawn.map((r) => textsOf(r))).toEqual(rows);
    const count = Array.from(drawn[0]!.getElementsByTagName('text'))[1]!;
    expect(count.getAttribute('text-anchor')).toBe('end');
    expect(byRole(doc, 'more')).toEqual([]);
  });

  it('draws at most maxRows rows and says how many more there are', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [`row ${i}`, String(i)]);
    const doc = parseXml(tableFigure({ name: 't', title: 'T', subtitle: '', columns, rows, palette: light, maxRows: 4 }).svg);
    expect(byRole(doc, 'row').map((r) => textsOf(r)[0])).toEqual(['row 0', 'row 1', 'row 2', 'row 3']);
    expect(byRole(doc, 'more')[0]!.textContent).toBe('6 more rows not shown');
  });

  it('fits long cells to a capped column, keeping the full text as a tooltip', () => {
    const long = 'x'.repeat(300) + EVIL;
    const figure = tableFigure({ name: 't', title: 'T', subtitle: '', columns, rows: [[long, '1']], palette: light, maxWidth: 500 });
    const doc = parseXml(figure.svg);
    const cell = byRole(doc, 'row')[0]!.getElementsByTagName('text')[0]!;
    expect(cell.textContent!.endsWith('…')).toBe(true);
    expect(cell.textContent!.length).toBeLessThan(80);
    expect((cell.parentNode as Element).getElementsByTagName('title')[0]!.textContent).toBe(long);
    // The header line runs the table's width: within the cap.
    const rule = byRole(doc, 'header')[0]!.getElementsByTagName('line')[0]!;
    expect(numAttr(rule, 'x2')).toBeLessThanOrEqual(500);
  });

  it('says "None found." for no rows', () => {
    const doc = parseXml(tableFigure({ name: 't', title: 'T', subtitle: '', columns, rows: [], palette: light }).svg);
    expect(byRole(doc, 'row')).toEqual([]);
    expect(byRole(doc, 'empty')[0]!.textContent).toBe('None found.');
  });
});

describe('hotspotFigures', () => {
  it('draws one figure per non-empty hotspot table, in the view’s order', () => {
    const tables = hotspotTables(before);
    expect(tables.map((t) => t.kind)).toEqual(['n-plus-one', 'fan-out', 'retries', 'error-origin', 'sync-chain']);
    const figures = hotspotFigures(before, 'before', light);
    expect(figures.map((f) => f.name)).toEqual(tables.filter((t) => t.rows.length > 0).map((t) => `hotspots-${t.kind}-before`));
    expect(figures.length).toBeGreaterThanOrEqual(4);
    // The migration removed the N+1 loop: no figure for an empty table.
    expect(hotspotFigures(after, 'after', light).map((f) => f.name)).not.toContain('hotspots-n-plus-one-after');
  });

  it('has the view’s columns, rows in its order and its number formatting', () => {
    const figure = hotspotFigures(before, 'before', light).find((f) => f.name === 'hotspots-n-plus-one-before')!;
    const doc = parseXml(figure.svg);
    expect(textsOf(byRole(doc, 'header')[0]!)).toEqual([
      'service',
      'operation',
      'calls',
      'calls per loop',
      'loops',
      'traces',
      'time at stake',
      'examples',
    ]);
    const expected = [...before.hotspots.nPlusOne].sort((x, y) => y.totalNs - x.totalNs);
    const rows = byRole(doc, 'row');
    expect(rows.length).toBe(expected.length);
    rows.forEach((r, i) => {
      const h = expected[i]!;
      expect(textsOf(r)).toEqual([
        h.service,
        h.operation,
        h.callee,
        `${Math.round(h.meanCalls)} (max ${h.maxCalls})`,
        h.occurrences.toLocaleString('en-US'),
        h.traces.toLocaleString('en-US'),
        formatNs(h.totalNs),
        h.example.traceId.slice(0, 8),
      ]);
    });
    expect(expected.map((h) => h.callee)).toContain('postgresql/inventory-db');
  });

  it('escapes service names in the tables', () => {
    const analysis: DatasetAnalysis = {
      ...before,
      hotspots: { ...before.hotspots, errors: { ...before.hotspots.errors, byService: [{ service: EVIL, originated: 3, propagated: 1 }] } },
    };
    const figure = hotspotFigures(analysis, EVIL, light).find((f) => f.name.startsWith('hotspots-error-origin'))!;
    expect(figure.svg).not.toContain('<img');
    const doc = parseXml(figure.svg);
    expect(textsOf(byRole(doc, 'row')[0]!)).toEqual([EVIL, '3', '1']);
    expect(byRole(doc, 'subtitle')[0]!.textContent).toBe(`${EVIL} · 1 found`);
  });
});
