/**
 * An exported image: a view's drawing framed with what makes it stand on its
 * own in a postmortem document: a title, the dataset name(s), the key
 * numbers and a legend. Every view's export goes through `composeFigure`, so
 * all images look alike and none is missing its context.
 *
 *   ┌───────────────────────────────────────────────────────────┐
 *   │ Service map                                    (title)    │
 *   │ before · 1,204 traces                          (datasets) │
 *   │ [p99 812 ms] [errors 2.1%] [services 9]        (numbers)  │
 *   │ ┌───────────────────────────────────────────────────────┐ │
 *   │ │                    the view's body                    │ │
 *   │ └───────────────────────────────────────────────────────┘ │
 *   │ ■ payment  ─── sync  - - async  ▭ p99 1 ms … 2 s (legend) │
 *   │                                          Hopscope (footer)│
 *   └───────────────────────────────────────────────────────────┘
 */
import type { ColorTheme } from '../render/service-colors.js';
import { el, escapeXml, fitText, num, svgDocument, text, textWidth } from './svg.js';

/** Pixel density of every PNG export, app and CLI alike: crisp on high-density screens and in documents. */
export const PNG_SCALE = 2;

export interface Figure {
  /** File-name stem, e.g. "service-map-before". */
  name: string;
  title: string;
  /** The standalone SVG document. */
  svg: string;
  width: number;
  height: number;
}

/** Export colours per theme (the app's CSS variables, fixed so the CLI draws the same). */
export interface FigurePalette {
  theme: ColorTheme;
  bg: string;
  fg: string;
  muted: string;
  border: string;
  /** Card and panel fill. */
  panel: string;
  accent: string;
  error: string;
  /** Faster / better (comparisons). */
  good: string;
  /** Slower / worse (comparisons). */
  bad: string;
}

export const FIGURE_PALETTES: Record<ColorTheme, FigurePalette> = {
  light: {
    theme: 'light',
    bg: '#ffffff',
    fg: '#1c1d21',
    muted: '#656a76',
    border: '#dcdee3',
    panel: '#f6f7f9',
    accent: '#2f6fdb',
    error: '#c0392b',
    good: '#1e8e3e',
    bad: '#d2372c',
  },
  dark: {
    theme: 'dark',
    bg: '#1f2126',
    fg: '#e6e7ea',
    muted: '#9ba0ab',
    border: '#34373f',
    panel: '#272a30',
    accent: '#6b9cf0',
    error: '#f3a5a5',
    good: '#5cc27a',
    bad: '#f0776b',
  },
};

export type LegendItem =
  | { kind: 'swatch'; color: string; label: string }
  | { kind: 'line'; color: string; label: string; dashed?: boolean; width?: number }
  | { kind: 'ramp'; from: string; to: string; label: string; low: string; high: string }
  | { kind: 'hatch'; color: string; label: string }
  | { kind: 'outline'; color: string; label: string; dashed?: boolean };

export interface KeyNumber {
  label: string;
  value: string;
}

export interface FigureSpec {
  name: string;
  title: string;
  /** Which data this is: dataset names, and the trace for a one-trace view. */
  subtitle: string;
  numbers: KeyNumber[];
  legend: LegendItem[];
  /** The view itself, drawn from (0,0); `defs` go into the document's <defs>. */
  body: { svg: string; width: number; height: number; defs?: string };
  palette: FigurePalette;
}

const PAD = 24;
const TITLE_SIZE = 18;
const SUB_SIZE = 12;
const CHIP_SIZE = 12;
const CHIP_HEIGHT = 24;
const LEGEND_SIZE = 12;
const LEGEND_ROW = 20;
const MIN_WIDTH = 640;

export function composeFigure(spec: FigureSpec): Figure {
  const p = spec.palette;
  const width = Math.ceil(Math.max(MIN_WIDTH, spec.body.width + 2 * PAD));
  const inner = width - 2 * PAD;
  let y = PAD;
  const parts: string[] = [];

  y += TITLE_SIZE;
  parts.push(
    text(PAD, y, fitText(spec.title, inner, TITLE_SIZE, true), {
      'font-size': TITLE_SIZE,
      'font-weight': 700,
      fill: p.fg,
      'data-role': 'title',
    }),
  );
  y += 8 + SUB_SIZE;
  parts.push(text(PAD, y, fitText(spec.subtitle, inner, SUB_SIZE), { 'font-size': SUB_SIZE, fill: p.muted, 'data-role': 'subtitle' }));
  y += 12;

  if (spec.numbers.length > 0) {
    const chips = layoutChips(spec.numbers, inner);
    for (const chip of chips.placed) parts.push(keyNumberChip(PAD + chip.x, y + chip.y, chip.width, chip.number, p));
    y += chips.height + 12;
  }

  const bodyTop = y;
  parts.push(
    el('g', { transform: `translate(${num(PAD + (inner - spec.body.width) / 2)},${num(bodyTop)})`, 'data-role': 'body' }, spec.body.svg),
  );
  y += spec.body.height + 14;

  if (spec.legend.length > 0) {
    const legend = layoutLegend(spec.legend, inner);
    parts.push(
      el(
        'g',
        { transform: `translate(${PAD},${num(y)})`, 'data-role': 'legend' },
        ...legend.placed.map((item) => legendItem(item.x, item.y, item.item, p)),
      ),
    );
    y += legend.height + 6;
  }
  y += 4;
  parts.push(text(width - PAD, y + 10, 'Hopscope', { 'font-size': 10, fill: p.muted, 'text-anchor': 'end' }));
  const height = Math.ceil(y + 10 + PAD / 2);

  const defs = el('defs', {}, hatchPattern(p), spec.body.defs);
  const background = el('rect', { width, height, fill: p.bg });
  return {
    name: spec.name,
    title: spec.title,
    svg: svgDocument(width, height, defs + background + parts.join(''), spec.title),
    width,
    height,
  };
}

/** Id of the diagonal hatching every figure defines (queue waits, "not on this side"). */
export const HATCH_ID = 'hatch';

function hatchPattern(p: FigurePalette): string {
  return el(
    'pattern',
    { id: HATCH_ID, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    el('rect', { width: 6, height: 6, fill: p.panel }),
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: p.muted, 'stroke-width': 2 }),
  );
}

// ── Key numbers ─────────────────────────────────────────────────────────────

interface PlacedChip {
  x: number;
  y: number;
  width: number;
  number: KeyNumber;
}

function chipWidth(n: KeyNumber): number {
  // 4 px to spare: the value must not lose its last character to rounding.
  return 24 + textWidth(n.label, CHIP_SIZE) + 6 + textWidth(n.value, CHIP_SIZE, true);
}

function layoutChips(numbers: KeyNumber[], width: number): { placed: PlacedChip[]; height: number } {
  const placed: PlacedChip[] = [];
  let x = 0;
  let y = 0;
  for (const n of numbers) {
    const w = Math.min(width, chipWidth(n));
    if (x > 0 && x + w > width) {
      x = 0;
      y += CHIP_HEIGHT + 6;
    }
    placed.push({ x, y, width: w, number: n });
    x += w + 8;
  }
  return { placed, height: y + CHIP_HEIGHT };
}

function keyNumberChip(x: number, y: number, width: number, n: KeyNumber, p: FigurePalette): string {
  const labelWidth = textWidth(n.label, CHIP_SIZE);
  return el(
    'g',
    { transform: `translate(${num(x)},${num(y)})`, 'data-role': 'key-number' },
    el('rect', { width, height: CHIP_HEIGHT, rx: 5, fill: p.panel, stroke: p.border }),
    text(10, 16, n.label, { 'font-size': CHIP_SIZE, fill: p.muted }),
    text(10 + labelWidth + 6, 16, fitText(n.value, width - labelWidth - 24, CHIP_SIZE, true), {
      'font-size': CHIP_SIZE,
      'font-weight': 700,
      fill: p.fg,
    }),
  );
}

// ── Legend ──────────────────────────────────────────────────────────────────

const SYMBOL = 26;

function legendItemWidth(item: LegendItem): number {
  const label = textWidth(item.label, LEGEND_SIZE);
  if (item.kind === 'ramp') return label + 8 + textWidth(item.low, LEGEND_SIZE) + 6 + 60 + 6 + textWidth(item.high, LEGEND_SIZE);
  return SYMBOL + 6 + label;
}

function layoutLegend(items: LegendItem[], width: number): { placed: { x: number; y: number; item: LegendItem }[]; height: number } {
  const placed: { x: number; y: number; item: LegendItem }[] = [];
  let x = 0;
  let y = 0;
  for (const item of items) {
    const w = legendItemWidth(item);
    if (x > 0 && x + w > width) {
      x = 0;
      y += LEGEND_ROW;
    }
    placed.push({ x, y, item });
    x += w + 18;
  }
  return { placed, height: y + LEGEND_ROW };
}

function legendItem(x: number, y: number, item: LegendItem, p: FigurePalette): string {
  const mid = y + 10;
  const label = (at: number) => text(at, mid + 4, item.label, { 'font-size': LEGEND_SIZE, fill: p.fg });
  const after = x + SYMBOL + 6;
  let symbol: string;
  switch (item.kind) {
    case 'swatch':
      symbol = el('rect', { x, y: mid - 6, width: SYMBOL, height: 12, rx: 2, fill: item.color });
      break;
    case 'line':
      symbol = el('line', {
        x1: x,
        y1: mid,
        x2: x + SYMBOL,
        y2: mid,
        stroke: item.color,
        'stroke-width': item.width ?? 2,
        'stroke-dasharray': item.dashed ? '6 4' : undefined,
      });
      break;
    case 'hatch':
      symbol = el('rect', { x, y: mid - 6, width: SYMBOL, height: 12, fill: `url(#${HATCH_ID})`, stroke: item.color });
      break;
    case 'outline':
      symbol = el('rect', {
        x: x + 1,
        y: mid - 6,
        width: SYMBOL - 2,
        height: 12,
        rx: 2,
        fill: 'none',
        stroke: item.color,
        'stroke-width': 1.5,
        'stroke-dasharray': item.dashed ? '4 3' : undefined,
      });
      break;
    case 'ramp': {
      const gradient = `ramp-${escapeXml(item.from.replace('#', ''))}-${escapeXml(item.to.replace('#', ''))}`;
      let at = x;
      const parts = [text(at, mid + 4, item.label, { 'font-size': LEGEND_SIZE, fill: p.fg })];
      at += textWidth(item.label, LEGEND_SIZE) + 8;
      parts.push(text(at, mid + 4, item.low, { 'font-size': LEGEND_SIZE, fill: p.muted }));
      at += textWidth(item.low, LEGEND_SIZE) + 6;
      parts.push(
        el(
          'linearGradient',
          { id: gradient },
          el('stop', { offset: 0, 'stop-color': item.from }),
          el('stop', { offset: 1, 'stop-color': item.to }),
        ),
        el('rect', { x: at, y: mid - 5, width: 60, height: 10, rx: 2, fill: `url(#${gradient})` }),
      );
      at += 66;
      parts.push(text(at, mid + 4, item.high, { 'font-size': LEGEND_SIZE, fill: p.muted }));
      return el('g', { 'data-role': 'legend-item', 'data-kind': item.kind }, ...parts);
    }
  }
  return el('g', { 'data-role': 'legend-item', 'data-kind': item.kind }, symbol, label(after));
}

/** "before" / "before vs after", for subtitles and file names. */
export function datasetLabel(datasets: readonly string[]): string {
  return datasets.join(' vs ');
}

/** A file-name-safe stem: "Service map — before" → "service-map-before". */
export function fileStem(...parts: string[]): string {
  const stem = parts
    .join('-')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem.slice(0, 80) || 'hopscope';
}
