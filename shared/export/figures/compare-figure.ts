/**
 * The comparison's charts as one image: the app's CompareView.tsx headline,
 * its end-to-end latency CDF (LatencyCdf.tsx), the percentiles with their
 * change and test, and the biggest changes.
 *
 *   The user waits less (p99 812 ms → 401 ms, −51%); the work completes later (…).
 *   ┌ latency CDF ──────────────┐     before   after   change  p · effect
 *   │ p99        ___----  b     │ p50 120 ms   98 ms   −18%    <0.0001 · δ −0.31
 *   │ p50   __--/ __--   a      │ p90 …
 *   └───────────────────────────┘ p99 …
 *   Biggest changes
 *   what                presence  calls / trace  p50  p99  errors  critical path / trace  impact
 *   order → inventory   disappeared …
 *
 * Significant changes are coloured good (b better) or bad (b worse), as the
 * app's table marks them; a change without a significant test stays plain.
 * Side by side when the width allows, else stacked.
 */
import type { ChangeRow, Compared, DatasetComparison } from '../../engine/compare-api.js';
import { changeVerdict, headlineText, relativeChangeText, subjectText, testText } from '../../text/compare-text.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, datasetLabel, fileStem, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { el, num, text, textWidth } from '../svg.js';
import { formatCount, wrapText } from './figure-text.js';
import { CDF_HEIGHT, CDF_WIDTH, drawLatencyCdf } from './latency-cdf.js';
import { drawTable, type TableCell, type TableColumn } from './table-figure.js';

export interface CompareChartsFigureOptions {
  palette: FigurePalette;
  /** Width of the charts in px (the figure adds its margins). Default 1040: the biggest-changes table fits whole. */
  width?: number;
}

const DEFAULT_WIDTH = 1040;
/** Rows of the biggest changes drawn: the image is a summary, the app has the full list. */
const TOP_CHANGES = 8;
const GAP = 24;
const HEADLINE_SIZE = 14;
const HEADING_SIZE = 13;
const NOTE_SIZE = 12;

export function compareChartsFigure(comparison: DatasetComparison, options: CompareChartsFigureOptions): Figure {
  const c = comparison;
  const p = options.palette;
  const width = Math.max(CDF_WIDTH, Math.round(options.width ?? DEFAULT_WIDTH));
  // The blocks top to bottom, each drawn from its own (0,0).
  const blocks = [headlineBlock(c, width, p), distributionBlock(c, width, p), changesBlock(c, width, p)];
  const parts: string[] = [];
  let y = 0;
  for (const block of blocks) {
    parts.push(el('g', { transform: `translate(0,${num(y)})` }, block.svg));
    y += block.height + 20;
  }
  const legend: LegendItem[] = [
    { kind: 'line', color: p.muted, label: `${c.a.label} (${formatCount(c.a.traces)} traces)` },
    { kind: 'line', color: p.accent, label: `${c.b.label} (${formatCount(c.b.traces)} traces)` },
    { kind: 'swatch', color: p.good, label: `significantly better in ${c.b.label}` },
    { kind: 'swatch', color: p.bad, label: `significantly worse in ${c.b.label}` },
  ];
  return composeFigure({
    name: fileStem('compare', c.a.label, 'vs', c.b.label),
    title: 'Before and after: end to end',
    subtitle: datasetLabel([c.a.label, c.b.label]),
    numbers: keyNumbers(c),
    legend,
    body: { svg: parts.join(''), width: Math.min(width, Math.max(...blocks.map((b) => b.width))), height: Math.ceil(y - 16) },
    palette: p,
  });
}

interface Block {
  svg: string;
  width: number;
  height: number;
}

/** Lines of muted or plain prose, wrapped a little short of the width: textWidth is an estimate, and a wide fallback font may draw prose a few % wider. */
function prose(content: string, width: number, size: number, lineHeight: number, fill: string, role: string, maxLines = Infinity): Block {
  const lines = wrapText(content, width * 0.95, size, maxLines);
  return {
    svg: el('g', { 'data-role': role }, ...lines.map((line, i) => text(0, (i + 1) * lineHeight - 4, line, { 'font-size': size, fill }))),
    width: Math.max(0, ...lines.map((line) => Math.ceil(textWidth(line, size)))),
    height: lines.length * lineHeight,
  };
}

function headlineBlock(c: DatasetComparison, width: number, p: FigurePalette): Block {
  return prose(headlineText(c), width, HEADLINE_SIZE, 20, p.fg, 'headline');
}

/** The latency CDF and the percentile table: side by side when both fit, else the table under the chart. */
function distributionBlock(c: DatasetComparison, width: number, p: FigurePalette): Block {
  const cdf = drawLatencyCdf(
    { values: c.endToEnd.latenciesNs.a, color: p.muted },
    { values: c.endToEnd.latenciesNs.b, color: p.accent },
    p,
  );
  const table = drawTable(PERCENTILE_COLUMNS(c), percentileRows(c, p), {
    palette: p,
    maxWidth: width,
    rowAttrs: (i) => ({ 'data-percentile': PERCENTILES[i]![0] }),
  });
  const sideBySide = CDF_WIDTH + GAP + table.width <= width;
  const at = sideBySide ? { x: CDF_WIDTH + GAP, y: 4 } : { x: 0, y: CDF_HEIGHT + 12 };
  return {
    svg: cdf.svg + el('g', { transform: `translate(${num(at.x)},${num(at.y)})`, 'data-role': 'percentile-table' }, table.svg),
    width: sideBySide ? at.x + table.width : Math.max(CDF_WIDTH, table.width),
    height: Math.max(CDF_HEIGHT, at.y + table.height),
  };
}

/** The biggest changes: significant ones only (the app's default filter), by impact, with a note on what is shown. */
function changesBlock(c: DatasetComparison, width: number, p: FigurePalette): Block {
  const significant = c.changes.filter((r) => r.significant);
  const top = significant.slice(0, TOP_CHANGES);
  const parts = [
    text(0, HEADING_SIZE, 'Biggest changes', { 'font-size': HEADING_SIZE, 'font-weight': 700, fill: p.fg, 'data-role': 'heading' }),
  ];
  let y = HEADING_SIZE + 8;
  const shown =
    top.length === significant.length
      ? `All ${formatCount(top.length)}`
      : `The top ${formatCount(top.length)} of ${formatCount(significant.length)}`;
  const note = prose(
    top.length === 0
      ? 'No significant changes.'
      : `${shown} significant changes, ranked by impact: traces affected × critical-path time changed per trace.`,
    width,
    NOTE_SIZE,
    16,
    p.muted,
    'note',
    2,
  );
  parts.push(el('g', { transform: `translate(0,${num(y)})` }, note.svg));
  y += note.height + 6;
  let tableWidth = 0;
  if (top.length > 0) {
    const options = {
      palette: p,
      maxWidth: width,
      rowAttrs: (i: number) => ({ 'data-kind': top[i]!.subject.kind, 'data-presence': top[i]!.presence }),
    };
    const cells = top.map((r) => changeRow(r, p));
    let table = drawTable(CHANGE_COLUMNS, cells, options);
    // Too narrow for every column: keep the ones that say what changed and by how much, readable, rather than all of them cut.
    if (table.naturalWidth > width) {
      const keep = CHANGE_COLUMNS.flatMap((col, i) => (NARROW_COLUMNS.has(col.label) ? [i] : []));
      table = drawTable(
        keep.map((i) => CHANGE_COLUMNS[i]!),
        cells.map((row) => keep.map((i) => row[i]!)),
        options,
      );
    }
    parts.push(el('g', { transform: `translate(0,${num(y)})`, 'data-role': 'changes-table' }, table.svg));
    y += table.height;
    tableWidth = table.width;
  }
  return { svg: parts.join(''), width: Math.max(note.width, tableWidth, textWidth('Biggest changes', HEADING_SIZE, true)), height: y };
}

function keyNumbers(c: DatasetComparison): KeyNumber[] {
  const e = c.endToEnd;
  return [
    { label: 'p50', value: `${formatNs(e.p50Ns.a)} → ${formatNs(e.p50Ns.b)}` },
    { label: 'p99', value: `${formatNs(e.p99Ns.a)} → ${formatNs(e.p99Ns.b)}` },
    { label: 'failed requests', value: `${percent(e.errorRate.a)} → ${percent(e.errorRate.b)}` },
    { label: 'traces', value: `${formatCount(c.a.traces)} → ${formatCount(c.b.traces)}` },
  ];
}

// ── The percentile table ────────────────────────────────────────────────────

const PERCENTILES = [
  ['p50', (c: DatasetComparison) => c.endToEnd.p50Ns],
  ['p90', (c: DatasetComparison) => c.endToEnd.p90Ns],
  ['p99', (c: DatasetComparison) => c.endToEnd.p99Ns],
] as const;

const PERCENTILE_COLUMNS = (c: DatasetComparison): TableColumn[] => [
  { label: 'end to end' },
  { label: c.a.label, align: 'right' },
  { label: c.b.label, align: 'right' },
  { label: 'change', align: 'right' },
  { label: 'p · effect', align: 'right' },
];

function percentileRows(c: DatasetComparison, p: FigurePalette): TableCell[][] {
  return PERCENTILES.map(([name, of]) => {
    const v = of(c);
    return [
      name,
      formatNs(v.a),
      formatNs(v.b),
      { text: relativeChangeText(v, formatNs), fill: changeColor(v, p) },
      { text: testText(v), fill: p.muted },
    ];
  });
}

/** Good or bad where the app's table marks the change better or worse. */
function changeColor(v: Compared, p: FigurePalette): string | undefined {
  const verdict = changeVerdict(v);
  return verdict === null ? undefined : verdict === 'worse' ? p.bad : p.good;
}

// ── The biggest changes ─────────────────────────────────────────────────────

const CHANGE_COLUMNS: TableColumn[] = [
  { label: 'what' },
  { label: 'presence' },
  { label: 'calls / trace', align: 'right' },
  { label: 'p50', align: 'right' },
  { label: 'p99', align: 'right' },
  { label: 'errors', align: 'right' },
  { label: 'critical path / trace', align: 'right' },
  { label: 'impact', align: 'right' },
];

/** The changes table's columns kept when the figure is too narrow for all of them. */
const NARROW_COLUMNS = new Set(['what', 'presence', 'p50', 'critical path / trace', 'impact']);

function changeRow(r: ChangeRow, p: FigurePalette): TableCell[] {
  return [
    subjectText(r, 'table'),
    r.presence === 'both' ? '' : r.presence,
    `${r.callsPerTrace.a.toFixed(1)} → ${r.callsPerTrace.b.toFixed(1)}`,
    { text: `${formatNs(r.p50Ns.a)} → ${formatNs(r.p50Ns.b)}`, fill: changeColor(r.p50Ns, p) },
    `${formatNs(r.p99Ns.a)} → ${formatNs(r.p99Ns.b)}`,
    `${percent(r.errorRate.a)} → ${percent(r.errorRate.b)}`,
    { text: `${formatNs(r.criticalNs.a)} → ${formatNs(r.criticalNs.b)}`, fill: changeColor(r.criticalNs, p) },
    formatNs(r.impactNs),
  ];
}
