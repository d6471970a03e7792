/**
 * The service dependency map as an exported image: the same layout, edge
 * widths, colours, dashes, badges and service stripes as the app's map
 * (map-layout.ts, map-scales.ts), drawn in full (not the zoomed viewport),
 * with each edge's numbers written on it, since a picture in a postmortem
 * has no tooltips:
 *
 *                 p99 812 ms · 3.0/trace
 *   [gateway] ────────────────────────────▶ [order] ─ ─ ─ ▶ (orders.placed)
 *
 * The comparison's diff map is the same drawing with the edge colours and
 * legend of the change (added, removed, slower, faster, same).
 */
import type { DiffMapModel, EdgeChange } from '../../render/diff-map-model.js';
import { EDGE_CHANGE_COLORS } from '../../render/diff-map-model.js';
import { edgeMidpoint, edgePath } from '../../render/map-layout.js';
import {
  BADGE_COLORS,
  BADGE_ROW,
  badgeWidth,
  edgeScales,
  layoutModel,
  NODE_HEIGHT,
  nodeSubtitle,
  nodeWidth,
  type EdgeColorBy,
} from '../../render/map-scales.js';
import type { MapEdge, MapNode, ServiceMapModel } from '../../render/service-map-model.js';
import { serviceColor } from '../../render/service-colors.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, fileStem, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { el, fitText, num, text, textWidth, title } from '../svg.js';

/** Above this many edges the per-edge labels would pile up; the widths and colours still tell. */
const MAX_LABELLED_EDGES = 60;
/** Room between columns for an edge label ("p99 4.090 s · 1.0/trace · 6.7% err"). */
const EXPORT_RANK_SEP = 200;
const QUEUE: Record<FigurePalette['theme'], string> = { light: '#7b61c9', dark: '#b39dff' };

export interface MapFigureOptions {
  palette: FigurePalette;
  colorBy?: EdgeColorBy;
  /** What the image is of, e.g. the dataset name. */
  subtitle: string;
  numbers?: KeyNumber[];
}

export function serviceMapFigure(model: ServiceMapModel, dataset: string, options: MapFigureOptions): Figure {
  const colorBy = options.colorBy ?? 'p99';
  const scales = edgeScales(model.edges, colorBy);
  const l = scales.legend;
  return mapFigure(model, {
    ...options,
    name: fileStem('service-map', dataset),
    title: 'Service dependency map',
    color: scales.color,
    legend: [{ kind: 'ramp', from: l.from, to: l.to, label: `edge colour: ${l.title}`, low: l.low, high: l.high }],
    numbers: options.numbers ?? mapNumbers(model),
  });
}

/** The comparison's map: b's edges and the ones only a had, coloured by what changed. */
export function diffMapFigure(model: DiffMapModel, a: string, b: string, options: Omit<MapFigureOptions, 'colorBy'>): Figure {
  const changeOf = new Map(model.edges.map((e, i) => [e, model.changes[i]!.change]));
  const counts = new Map<EdgeChange, number>();
  for (const c of model.changes) counts.set(c.change, (counts.get(c.change) ?? 0) + 1);
  const order: EdgeChange[] = ['slower', 'faster', 'added', 'removed', 'same'];
  return mapFigure(model, {
    ...options,
    name: fileStem('diff-map', a, 'vs', b),
    title: `Service map: what changed from ${a} to ${b}`,
    color: (e) => EDGE_CHANGE_COLORS[changeOf.get(e) ?? 'same'],
    legend: order.map((c) => ({ kind: 'line', color: EDGE_CHANGE_COLORS[c], width: 4, label: `${c} (${counts.get(c) ?? 0})` })),
    numbers: options.numbers ?? order.filter((c) => c !== 'same').map((c) => ({ label: `${c} calls`, value: String(counts.get(c) ?? 0) })),
    changeOf,
  });
}

function mapNumbers(model: ServiceMapModel): KeyNumber[] {
  const services = model.nodes.filter((n) => !n.broker && !n.virtual).length;
  const uninstrumented = model.nodes.filter((n) => n.virtual && !n.broker).length;
  const async = model.edges.filter((e) => e.mode === 'async' && e.leg !== 'publish').length;
  const slowest = [...model.edges].sort((x, y) => y.p99Ns - x.p99Ns)[0];
  const numbers: KeyNumber[] = [
    { label: 'services', value: String(services) },
    { label: 'calls (edges)', value: String(model.edges.filter((e) => e.leg !== 'publish').length) },
    { label: 'async', value: String(async) },
  ];
  if (uninstrumented > 0) numbers.push({ label: 'not instrumented', value: String(uninstrumented) });
  if (slowest) numbers.push({ label: 'slowest call p99', value: `${slowest.from} → ${slowest.to} ${formatNs(slowest.p99Ns)}` });
  return numbers;
}

interface DrawOptions extends MapFigureOptions {
  name: string;
  title: string;
  color(edge: MapEdge): string;
  legend: LegendItem[];
  numbers: KeyNumber[];
  changeOf?: Map<MapEdge, EdgeChange>;
}

function mapFigure(model: ServiceMapModel, o: DrawOptions): Figure {
  const p = o.palette;
  // Wider gaps than on screen: each edge's numbers are written between the columns.
  const layout = layoutModel(model, { rankSep: EXPORT_RANK_SEP, widthOf: exportNodeWidth });
  const scales = edgeScales(model.edges, o.colorBy ?? 'p99');
  const nodeOf = new Map(model.nodes.map((n) => [n.service, n]));
  const labelled = layout.edges.length <= MAX_LABELLED_EDGES;

  const markers = layout.edges.map((placed) => {
    const e = model.edges[placed.index]!;
    const size = 7 + 0.8 * scales.width(e);
    return el(
      'marker',
      {
        id: `arrow-${placed.index}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerUnits: 'userSpaceOnUse',
        markerWidth: size,
        markerHeight: size,
        orient: 'auto-start-reverse',
      },
      el('path', { d: 'M0,0 L10,5 L0,10 z', fill: o.color(e) }),
    );
  });

  const edges = layout.edges.map((placed) => {
    const e = model.edges[placed.index]!;
    const mid = edgeMidpoint(placed.points);
    return el(
      'g',
      { 'data-role': 'edge', 'data-from': e.from, 'data-to': e.to, 'data-mode': e.mode, 'data-change': o.changeOf?.get(e) },
      title(edgeTooltip(e)),
      el('path', {
        d: edgePath(placed.points),
        fill: 'none',
        stroke: o.color(e),
        'stroke-width': scales.width(e),
        'stroke-linecap': 'round',
        'stroke-dasharray': e.mode === 'async' ? '7 5' : undefined,
        'stroke-opacity': 0.9,
        'marker-end': `url(#arrow-${placed.index})`,
      }),
      labelled && e.leg !== 'publish' && edgeLabel(mid.x, mid.y - 7, e, p),
    );
  });

  const nodes = layout.nodes.map((placed) => nodeCard(nodeOf.get(placed.id)!, placed.x, placed.y, placed.width, p));
  const legend: LegendItem[] = [
    ...o.legend,
    { kind: 'line', color: p.muted, label: 'sync call', width: 2 },
    { kind: 'line', color: p.muted, label: 'async (messaging)', dashed: true, width: 2 },
    { kind: 'line', color: p.muted, label: 'width: calls per trace', width: 6 },
    { kind: 'outline', color: p.muted, label: 'not instrumented', dashed: true },
    { kind: 'outline', color: QUEUE[p.theme], label: 'messaging destination', dashed: true },
    ...usedBadges(model).map((kind): LegendItem => ({ kind: 'swatch', color: BADGE_COLORS[kind], label: BADGE_NAMES[kind] })),
  ];
  return composeFigure({
    name: o.name,
    title: o.title,
    subtitle: o.subtitle,
    numbers: o.numbers,
    legend,
    body: {
      svg: el('g', { 'data-role': 'edges' }, ...edges) + el('g', { 'data-role': 'nodes' }, ...nodes),
      width: layout.width,
      height: layout.height,
      defs: markers.join(''),
    },
    palette: p,
  });
}

const BADGE_NAMES: Record<keyof typeof BADGE_COLORS, string> = {
  bottleneck: 'bottleneck',
  'n-plus-one': 'N+1 loop',
  retries: 'retries',
  'fan-out': 'fan-out',
  'error-origin': 'error origin',
};

function usedBadges(model: ServiceMapModel): (keyof typeof BADGE_COLORS)[] {
  const used = new Set(model.nodes.flatMap((n) => n.badges.map((b) => b.kind)));
  return (Object.keys(BADGE_COLORS) as (keyof typeof BADGE_COLORS)[]).filter((k) => used.has(k));
}

function edgeLabel(x: number, y: number, e: MapEdge, p: FigurePalette): string {
  const parts = [`p99 ${formatNs(e.p99Ns)}`, `${e.callsPerTrace.toFixed(1)}/trace`];
  if (e.errorRate > 0) parts.push(`${percent(e.errorRate)} err`);
  if (e.retryAmplification !== null) parts.push(`↻${e.retryAmplification.toFixed(1)}×`);
  return text(x, y, parts.join(' · '), {
    'text-anchor': 'middle',
    'font-size': 10,
    fill: p.fg,
    stroke: p.bg,
    'stroke-width': 3,
    'paint-order': 'stroke',
    'data-role': 'edge-label',
  });
}

function edgeTooltip(e: MapEdge): string {
  return `${e.from} → ${e.to} (${e.mode}): ${e.calls} calls in ${e.traces} traces, p50 ${formatNs(e.p50Ns)}, p99 ${formatNs(e.p99Ns)}, errors ${percent(e.errorRate)}`;
}

/** The app's box width, or more when the export's font metrics need it for the name or subtitle. */
function exportNodeWidth(n: MapNode): number {
  const textX = n.broker ? 18 : 13;
  return Math.ceil(Math.max(nodeWidth(n), textX + 10 + textWidth(n.service, 13, true), textX + 10 + textWidth(nodeSubtitle(n), 11)));
}

function nodeCard(n: MapNode, x: number, y: number, width: number, p: FigurePalette): string {
  const card = NODE_HEIGHT - BADGE_ROW;
  const kind = n.broker ? 'broker' : n.virtual ? 'virtual' : 'service';
  const textX = n.broker ? 18 : 13;
  let bx = 0;
  const badges = n.badges.map((b) => {
    const w = badgeWidth(b.label);
    const at = bx;
    bx += w + 4;
    return el(
      'g',
      { transform: `translate(${num(at)},0)`, 'data-role': 'badge', 'data-kind': b.kind },
      title(b.detail),
      el('rect', { width: w, height: 15, rx: 7.5, fill: BADGE_COLORS[b.kind] }),
      text(w / 2, 11, b.label, { 'text-anchor': 'middle', 'font-size': 10.5, 'font-weight': 600, fill: '#ffffff' }),
    );
  });
  const stroke = n.broker ? QUEUE[p.theme] : p.fg;
  return el(
    'g',
    { transform: `translate(${num(x)},${num(y)})`, 'data-role': 'node', 'data-service': n.service, 'data-kind': kind },
    title(`${n.service}: ${nodeSubtitle(n)}`),
    ...badges,
    el(
      'g',
      { transform: `translate(0,${BADGE_ROW})` },
      el('rect', {
        width,
        height: card,
        rx: n.broker ? card / 2 : 7,
        fill: n.virtual && !n.broker ? p.panel : p.bg,
        stroke,
        'stroke-opacity': n.broker ? 0.9 : 0.45,
        'stroke-width': 1.2,
        'stroke-dasharray': n.virtual ? '5 3' : undefined,
      }),
      !n.virtual && el('rect', { width: 5, height: card, rx: 2, fill: serviceColor(n.service, p.theme) }),
      text(textX, 19, fitText(n.service, width - textX - 8, 13, true), {
        'font-size': 13,
        'font-weight': n.virtual ? 500 : 600,
        'font-style': n.virtual && !n.broker ? 'italic' : undefined,
        fill: p.fg,
      }),
      text(textX, 34, fitText(nodeSubtitle(n), width - textX - 8, 11), { 'font-size': 11, fill: p.muted }),
      n.criticalShare > 0 &&
        el('rect', {
          x: n.broker ? card / 2 : 5,
          y: card - 4,
          height: 3,
          width: Math.max(1, (width - (n.broker ? card : 10)) * Math.min(1, n.criticalShare)),
          fill: serviceColor(n.service, p.theme),
          'data-role': 'critical-share',
        }),
    ),
  );
}
