/**
 * "Latency accumulates hop by hop" as an exported image: the trace view's
 * accumulation strip (renderer/views/trace/AccumulationStrip.tsx) with the
 * same rows (shared/render/accumulation-rows.ts). A stepped waterfall along
 * the critical path: each hop starts where the previous one ended, the time
 * between caller and callee (network, proxies, queues) hatched, then the
 * callee's own time in its service colour, and the running total at the
 * right, so "5 hops × 100 ms = 500 ms" can be read off the picture:
 *
 *              0        500 ms       1 s         1.5 s          axis
 *   gateway    █ +0.4 ms                               0.4 ms
 *   order      ░█████ +43 ms                            43 ms
 *   payment          ░░████████████████ +1.8 s          1.9 s
 *   3 short hops                        ▬ +2 ms         1.9 s
 *
 * Unlike the app there are no tooltips on paper, so each hop's own share
 * ("+43 ms") is written next to its step.
 */
import type { TraceDetail, TraceHop } from '../../engine/views-api.js';
import { accumulationRows, type AccumulationRow } from '../../render/accumulation-rows.js';
import { formatOffset, tickStep, timeTicks } from '../../render/flame-layout.js';
import { serviceColor } from '../../render/service-colors.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, fileStem, HATCH_ID, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { el, fitText, num, text, textWidth, title } from '../svg.js';

export interface AccumulationFigureOptions {
  palette: FigurePalette;
  /** Width of the strip itself in px (the figure adds its margins). */
  width?: number;
}

const DEFAULT_WIDTH = 900;
/** Room for the hop labels on the left and the running totals on the right. */
const LABEL = 150;
const TOTAL = 90;
const AXIS_HEIGHT = 20;
const ROW = 20;
const BAR = 14;
const FONT = 11;
const SMALL_FONT = 10;
const MAX_LEGEND_SERVICES = 8;

export function accumulationFigure(detail: TraceDetail, options: AccumulationFigureOptions): Figure {
  const p = options.palette;
  const { hops } = detail;
  const pathNs = detail.criticalPath.end - detail.criticalPath.start;
  if (hops.length === 0 || !(pathNs > 0)) {
    throw new Error(`trace ${detail.traceId} has no hops along its critical path: there is no latency accumulation to draw`);
  }
  const width = Math.max(LABEL + TOTAL + 160, options.width ?? DEFAULT_WIDTH);
  const left = LABEL;
  const right = width - TOTAL;
  const g: Geometry = { width, left, right, x: (ns) => left + (Math.min(Math.max(ns, 0), pathNs) / pathNs) * (right - left) };

  const rows = accumulationRows(hops, pathNs);
  const bottom = AXIS_HEIGHT + rows.length * ROW;
  const drawn = rows.map((row, i) => {
    const y = AXIS_HEIGHT + i * ROW + (ROW - BAR) / 2;
    return row.kind === 'hop' ? hopRow(row.hop, y, g, pathNs, p) : groupRow(row, y, g, p);
  });

  return composeFigure({
    name: fileStem('accumulation', detail.dataset, detail.traceId.slice(0, 8)),
    title: 'Latency accumulation along the critical path',
    subtitle: `${detail.dataset} · trace ${detail.traceId}`,
    numbers: keyNumbers(hops, pathNs),
    legend: legend(rows, p),
    body: { svg: axis(pathNs, g, bottom, p) + drawn.join(''), width, height: bottom + 6 },
    palette: p,
  });
}

/** The strip's width, its plot between the labels and the totals, and ns from the path's start → x. */
interface Geometry {
  width: number;
  left: number;
  right: number;
  x(ns: number): number;
}

function hopRow(hop: TraceHop, y: number, g: Geometry, pathNs: number, p: FigurePalette): string {
  const { x } = g;
  const before = hop.runningNs - hop.totalNs;
  const gap = hop.overheadNs + hop.queueNs;
  const color = serviceColor(hop.service, p.theme);
  const tooltip =
    `${hop.service}${hop.virtual ? ' (not instrumented)' : ''}: ${formatNs(hop.selfNs)} in the service` +
    (hop.overheadNs > 0 ? `, ${formatNs(hop.overheadNs)} between caller and callee` : '') +
    (hop.queueNs > 0 ? `, ${formatNs(hop.queueNs)} waiting in a queue` : '') +
    `; ${percent(hop.totalNs / pathNs)} of the path`;
  return el(
    'g',
    { 'data-role': 'hop', 'data-kind': 'hop', 'data-service': hop.service },
    title(tooltip),
    label(fitText(hop.service, LABEL - 16, FONT), y, p, hop.virtual),
    gap > 0 &&
      el('rect', {
        x: x(before),
        y,
        width: Math.max(1, x(before + gap) - x(before)),
        height: BAR,
        fill: `url(#${HATCH_ID})`,
        'data-role': 'overhead',
      }),
    el('rect', {
      x: x(before + gap),
      y,
      width: Math.max(1, x(hop.runningNs) - x(before + gap)),
      height: BAR,
      fill: color,
      'data-role': 'own-time',
    }),
    step(x(hop.runningNs), y, p),
    share(`+${formatNs(hop.totalNs)}`, x(before), x(hop.runningNs), y, g, p),
    runningTotal(hop.runningNs, y, g.width, p),
  );
}

function groupRow(row: Extract<AccumulationRow, { kind: 'group' }>, y: number, g: Geometry, p: FigurePalette): string {
  const { x } = g;
  return el(
    'g',
    { 'data-role': 'hop', 'data-kind': 'group', 'data-service': row.services.join(', ') },
    title(`${row.hops.length} short hops (${row.services.join(', ')}), each under 1% of the path: ${formatNs(row.totalNs)} together`),
    label(`${row.hops.length} short hops`, y, p, true),
    el('rect', {
      x: x(row.fromNs),
      y: y + 3,
      width: Math.max(1, x(row.runningNs) - x(row.fromNs)),
      height: BAR - 6,
      fill: p.muted,
    }),
    step(x(row.runningNs), y, p),
    share(`+${formatNs(row.totalNs)}`, x(row.fromNs), x(row.runningNs), y, g, p),
    runningTotal(row.runningNs, y, g.width, p),
  );
}

function label(content: string, y: number, p: FigurePalette, muted: boolean): string {
  return text(LABEL - 8, y + BAR / 2 + FONT * 0.35, content, {
    'font-size': FONT,
    'text-anchor': 'end',
    fill: muted ? p.muted : p.fg,
    'font-style': muted ? 'italic' : undefined,
  });
}

/** The dashed riser where the next hop starts. */
function step(at: number, y: number, p: FigurePalette): string {
  const top = y - (ROW - BAR) / 2;
  return el('line', { x1: at, x2: at, y1: top, y2: top + ROW, stroke: p.muted, 'stroke-dasharray': '2 2' });
}

/** "+43 ms" right of the step, or left of the bar when the step is near the end; left out when neither has room. */
function share(content: string, from: number, to: number, y: number, g: Geometry, p: FigurePalette): string {
  const w = textWidth(content, SMALL_FONT);
  const baseline = y + BAR / 2 + SMALL_FONT * 0.35;
  const attrs = { 'font-size': SMALL_FONT, fill: p.muted };
  if (to + 4 + w <= g.right) return text(to + 4, baseline, content, attrs);
  if (from - 4 - w >= g.left) return text(from - 4, baseline, content, { ...attrs, 'text-anchor': 'end' });
  return '';
}

function runningTotal(ns: number, y: number, width: number, p: FigurePalette): string {
  return text(width - 4, y + BAR / 2 + FONT * 0.35, formatNs(ns), {
    'font-size': FONT,
    'font-weight': 700,
    'text-anchor': 'end',
    fill: p.fg,
    'data-role': 'running-total',
    'data-ns': ns,
  });
}

/** Time from the start of the path along the top, with faint lines down through the rows. */
function axis(pathNs: number, g: Geometry, bottom: number, p: FigurePalette): string {
  const count = Math.max(2, Math.floor((g.right - g.left) / 110));
  const stepNs = tickStep(0, pathNs, count);
  let grid = '';
  let marks = `M${g.left} ${AXIS_HEIGHT - 0.5}H${num(g.right)}`;
  const labels: string[] = [];
  for (const t of timeTicks(0, pathNs, count)) {
    const at = Math.round(g.x(t)) + 0.5;
    grid += `M${num(at)} ${AXIS_HEIGHT}V${bottom}`;
    marks += `M${num(at)} ${AXIS_HEIGHT - 5}V${AXIS_HEIGHT}`;
    const content = formatOffset(t, stepNs);
    const fits = at + 3 + textWidth(content, SMALL_FONT) <= g.right + TOTAL / 2;
    labels.push(
      text(fits ? at + 3 : at - 3, AXIS_HEIGHT - 7, content, {
        'font-size': SMALL_FONT,
        fill: p.muted,
        'text-anchor': fits ? undefined : 'end',
      }),
    );
  }
  return (
    (grid && el('path', { d: grid, stroke: p.border, 'stroke-dasharray': '1 3', fill: 'none', 'data-role': 'grid' })) +
    el('g', { 'data-role': 'axis' }, el('path', { d: marks, stroke: p.border, fill: 'none' }), ...labels)
  );
}

function keyNumbers(hops: readonly TraceHop[], pathNs: number): KeyNumber[] {
  const between = hops.reduce((sum, h) => sum + h.overheadNs + h.queueNs, 0);
  return [
    { label: 'hops', value: hops.length.toLocaleString('en-US') },
    { label: 'services', value: String(new Set(hops.map((h) => h.service)).size) },
    { label: 'path length', value: formatNs(pathNs) },
    { label: 'between services', value: `${formatNs(between)} (${percent(between / pathNs)})` },
  ];
}

function legend(rows: readonly AccumulationRow[], p: FigurePalette): LegendItem[] {
  // Services drawn in their colour (grouped short hops are grey), by their own time along the path, largest first.
  const own = new Map<string, number>();
  for (const r of rows) if (r.kind === 'hop') own.set(r.hop.service, (own.get(r.hop.service) ?? 0) + r.hop.selfNs);
  const services = [...own].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const items: LegendItem[] = services
    .slice(0, MAX_LEGEND_SERVICES)
    .map(([service]) => ({ kind: 'swatch', color: serviceColor(service, p.theme), label: service }));
  if (services.length > MAX_LEGEND_SERVICES) {
    items.push({ kind: 'outline', color: p.border, dashed: true, label: `+${services.length - MAX_LEGEND_SERVICES} more` });
  }
  items.push({ kind: 'hatch', color: p.border, label: 'between services (network, proxies, queues)' });
  if (rows.some((r) => r.kind === 'group'))
    items.push({ kind: 'swatch', color: p.muted, label: 'short hops, grouped (each under 1% of the path)' });
  return items;
}
