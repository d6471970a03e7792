/**
 * How the service map encodes numbers, shared by the app and the exports:
 * edge width by calls per trace, edge colour by p99 latency or error rate,
 * node box size from the label. Pure (d3-scale only).
 */
import { scaleLinear, scaleLog, scaleSqrt } from 'd3-scale';
import { formatNs, percent } from '../text/units.js';
import { layoutMap, type MapLayout } from './map-layout.js';
import type { BadgeKind, MapEdge, MapNode, ServiceMapModel } from './service-map-model.js';

export type EdgeColorBy = 'p99' | 'errors';

export interface EdgeScales {
  width(edge: MapEdge): number;
  color(edge: MapEdge): string;
  /** For the legend: the colour ramp's ends and their labels. */
  legend: { from: string; to: string; low: string; high: string; title: string };
}

/** Low → high colours; readable on both themes' backgrounds. */
const P99_RAMP = ['#5b8def', '#e0a100', '#d2372c'] as const;
const ERROR_RAMP = ['#8a93a3', '#d2372c'] as const;

export function edgeScales(edges: readonly MapEdge[], colorBy: EdgeColorBy): EdgeScales {
  const perTrace = edges.map((e) => e.callsPerTrace);
  const maxPerTrace = Math.max(1, ...perTrace);
  // sqrt: area-like perception; 1 call per trace is thin, the N+1 edge clearly thick.
  const width = scaleSqrt().domain([0, maxPerTrace]).range([1.25, 10]).clamp(true);
  if (colorBy === 'errors') {
    const maxRate = Math.max(0.05, ...edges.map((e) => e.errorRate));
    const color = scaleLinear<string>()
      .domain([0, maxRate])
      .range([...ERROR_RAMP])
      .clamp(true);
    return {
      width: (e) => width(e.callsPerTrace),
      color: (e) => color(e.errorRate),
      legend: { from: ERROR_RAMP[0], to: ERROR_RAMP[1], low: '0%', high: percent(maxRate), title: 'error rate' },
    };
  }
  const p99 = edges.map((e) => e.p99Ns).filter((v) => v > 0);
  const lo = p99.length > 0 ? Math.max(1, Math.min(...p99)) : 1;
  const hi = Math.max(lo * 10, ...p99);
  const mid = Math.sqrt(lo * hi);
  const color = scaleLog<string>()
    .domain([lo, mid, hi])
    .range([...P99_RAMP])
    .clamp(true);
  return {
    width: (e) => width(e.callsPerTrace),
    color: (e) => color(Math.max(lo, e.p99Ns)),
    legend: { from: P99_RAMP[0], to: P99_RAMP[2], low: formatNs(lo), high: formatNs(hi), title: 'p99 latency' },
  };
}

export const NODE_HEIGHT = 64;
/** Room for the badge row above the card. */
export const BADGE_ROW = 18;

/** The card's second line: what the node is, and its share of the critical path. */
export function nodeSubtitle(node: MapNode): string {
  const what = node.broker ? 'messaging destination' : node.virtual ? 'not instrumented' : `${node.traces.toLocaleString('en-US')} traces`;
  return node.criticalShare > 0.005 ? `${what} · ${percent(node.criticalShare)} of critical path` : what;
}

/**
 * A node's box: wide enough for its name (~7.6 px per character of the bold
 * 13 px UI font), its subtitle (~6.1 px per character at 11 px) and its badges.
 */
export function nodeWidth(node: MapNode): number {
  const name = 30 + 7.6 * node.service.length;
  const subtitle = 30 + 6.1 * nodeSubtitle(node).length;
  const badges = node.badges.reduce((w, b) => w + badgeWidth(b.label) + 4, 0);
  return Math.round(Math.min(360, Math.max(120, name, subtitle, badges)));
}

export function badgeWidth(label: string): number {
  return 10 + 6.6 * label.length;
}

/** Badge fills, the same on screen and in exports (white text on each). */
export const BADGE_COLORS: Record<BadgeKind, string> = {
  bottleneck: '#b45309',
  'n-plus-one': '#7c3aed',
  retries: '#c2410c',
  'fan-out': '#0f766e',
  'error-origin': '#c62828',
};

/** Where the map puts each node and edge: boxes sized from their labels, heavier calls win cycles. */
export function layoutModel(model: ServiceMapModel, options: { rankSep?: number; widthOf?: (node: MapNode) => number } = {}): MapLayout {
  const widthOf = options.widthOf ?? nodeWidth;
  return layoutMap(
    {
      nodes: model.nodes.map((n) => ({ id: n.service, width: widthOf(n), height: NODE_HEIGHT })),
      edges: model.edges.map((e) => ({ from: e.from, to: e.to, weight: Math.max(1, Math.round(e.callsPerTrace)) })),
    },
    options.rankSep === undefined ? {} : { rankSep: options.rankSep },
  );
}
