/**
 * What the flame chart computes once per trace (rows, per-row span lists,
 * critical segments per span, marks per span) and the geometry shared by
 * drawing, hit testing and the test hook, so a bar is found exactly where it
 * was drawn.
 */
import type { SpanMark, TraceDetail, TraceSegment, TraceSpans } from '../../../../shared/engine/views-api.js';
import {
  childrenByStart,
  criticalMask,
  flameRows,
  spansByRow,
  type ChildIndex,
  type FlameRows,
  type RowIndex,
  type TimeWindow,
} from '../../../../shared/render/flame-layout.js';

export const ROW_HEIGHT = 18;
export const AXIS_HEIGHT = 22;
/** Vertical gap inside a row, above and below the bar. */
export const BAR_INSET = 1;
/** Hit testing forgives this many pixels on either side of a bar (thin bars are hard to hit). */
const HIT_SLOP_PX = 3;

export interface FlameModel {
  detail: TraceDetail;
  spans: TraceSpans;
  children: ChildIndex;
  layout: FlameRows;
  byRow: RowIndex;
  /** End used for drawing: never before the start (bad data draws as zero length). */
  drawEnd: Float64Array;
  /** Index into `services` for each span, so colours are looked up, not hashed, per frame. */
  serviceOf: Int32Array;
  services: string[];
  critical: Uint8Array;
  criticalCount: number;
  /** The path's 'span' segments grouped by span: span s owns segStart/segEnd[segOffset[s] … segOffset[s+1]-1]. */
  segOffset: Int32Array;
  segStart: Float64Array;
  segEnd: Float64Array;
  queue: TraceSegment[];
  marks: Map<number, SpanMark[]>;
  /** The time the chart can show: the trace plus anything drawn outside it, at least 1 µs. */
  bounds: TimeWindow;
}

/** timeSpanNs: show at least [0, timeSpanNs] as the whole trace (e.g. two traces on one time scale); the trace's own duration when absent. */
export function buildFlameModel(detail: TraceDetail, timeSpanNs?: number): FlameModel {
  const { spans } = detail;
  const n = spans.size;
  const children = childrenByStart(spans);
  const layout = flameRows(spans, children);
  const byRow = spansByRow(spans, layout);

  const drawEnd = new Float64Array(n);
  let min = 0;
  let max = Math.max(detail.durationNs, timeSpanNs ?? 0);
  for (let i = 0; i < n; i++) {
    const s = spans.start[i]!;
    drawEnd[i] = Math.max(s, spans.end[i]!);
    if (s < min) min = s;
    if (drawEnd[i]! > max) max = drawEnd[i]!;
  }

  const serviceIndex = new Map<string, number>();
  const serviceOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const name = spans.service[i]!;
    let k = serviceIndex.get(name);
    if (k === undefined) serviceIndex.set(name, (k = serviceIndex.size));
    serviceOf[i] = k;
  }

  const critical = criticalMask(detail);
  let criticalCount = 0;
  for (let i = 0; i < n; i++) criticalCount += critical[i]!;

  const { segOffset, segStart, segEnd, queue } = groupSegments(detail.criticalPath.segments, n);
  for (const q of queue) {
    if (q.start < min) min = q.start;
    if (q.end > max) max = q.end;
  }

  const marks = new Map<number, SpanMark[]>();
  for (const m of detail.marks) {
    const list = marks.get(m.span);
    if (list) list.push(m);
    else marks.set(m.span, [m]);
  }

  return {
    detail,
    spans,
    children,
    layout,
    byRow,
    drawEnd,
    serviceOf,
    services: [...serviceIndex.keys()],
    critical,
    criticalCount,
    segOffset,
    segStart,
    segEnd,
    queue,
    marks,
    bounds: { from: min, to: Math.max(max, min + 1_000) },
  };
}

function groupSegments(segments: TraceSegment[], n: number) {
  const segOffset = new Int32Array(n + 1);
  const queue: TraceSegment[] = [];
  for (const s of segments) {
    if (s.span < 0 || s.span >= n) continue;
    if (s.kind === 'queue') queue.push(s);
    else segOffset[s.span + 1]!++;
  }
  for (let i = 0; i < n; i++) segOffset[i + 1]! += segOffset[i]!;
  const fill = segOffset.slice(0, n);
  const total = segOffset[n]!;
  const segStart = new Float64Array(total);
  const segEnd = new Float64Array(total);
  for (const s of segments) {
    if (s.kind !== 'span' || s.span < 0 || s.span >= n) continue;
    const k = fill[s.span]!++;
    segStart[k] = s.start;
    segEnd[k] = s.end;
  }
  return { segOffset, segStart, segEnd, queue };
}

/**
 * 1 for spans whose service, operation or span id contains the query
 * (case-insensitive), null for an empty query. Services and operations
 * repeat across spans, so each distinct one is tested once.
 */
export function searchMatches(spans: TraceSpans, query: string): Uint8Array | null {
  const needle = query.trim().toLowerCase();
  if (needle === '') return null;
  const known = new Map<string, boolean>();
  const contains = (text: string) => {
    let hit = known.get(text);
    if (hit === undefined) known.set(text, (hit = text.toLowerCase().includes(needle)));
    return hit;
  };
  const match = new Uint8Array(spans.size);
  for (let i = 0; i < spans.size; i++) {
    const hit = contains(spans.service[i]!) || contains(spans.name[i]!) || spans.spanId[i]!.toLowerCase().includes(needle);
    match[i] = hit ? 1 : 0;
  }
  return match;
}

// ── Geometry ────────────────────────────────────────────────────────────────

/** Where the chart is looking: canvas size in CSS pixels, the time window, the vertical scroll. */
export interface FlameGeometry {
  width: number;
  height: number;
  view: TimeWindow;
  scrollTop: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function xOf(g: FlameGeometry, t: number): number {
  return ((t - g.view.from) * g.width) / (g.view.to - g.view.from);
}

export function timeAt(g: FlameGeometry, x: number): number {
  return g.view.from + (x * (g.view.to - g.view.from)) / g.width;
}

export function nsPerPx(g: FlameGeometry): number {
  return (g.view.to - g.view.from) / Math.max(1, g.width);
}

export function rowTop(g: FlameGeometry, row: number): number {
  return AXIS_HEIGHT + row * ROW_HEIGHT - g.scrollTop;
}

/** Rows with any part below the axis and above the canvas's bottom: [first, last], empty when first > last. */
export function visibleRows(g: FlameGeometry, rows: number): [number, number] {
  const first = Math.max(0, Math.floor(g.scrollTop / ROW_HEIGHT));
  const last = Math.min(rows - 1, Math.floor((g.scrollTop + g.height - AXIS_HEIGHT - 1) / ROW_HEIGHT));
  return [first, last];
}

/** Height of everything the chart can scroll through. */
export function contentHeight(model: FlameModel): number {
  return AXIS_HEIGHT + model.layout.rows * ROW_HEIGHT + 4;
}

/**
 * The span's bar as far as it is visible on the canvas (CSS pixels from its
 * top-left; at least 1 px wide, as thin bars are drawn), or null when no part
 * of it is in view.
 */
export function spanRect(model: FlameModel, g: FlameGeometry, span: number): Rect | null {
  if (span < 0 || span >= model.spans.size || g.width <= 0) return null;
  const top = rowTop(g, model.layout.row[span]!) + BAR_INSET;
  const bottom = top + ROW_HEIGHT - 2 * BAR_INSET;
  const y0 = Math.max(top, AXIS_HEIGHT);
  const y1 = Math.min(bottom, g.height);
  if (y1 <= y0) return null;
  let x0 = xOf(g, model.spans.start[span]!);
  let x1 = xOf(g, model.drawEnd[span]!);
  if (x1 - x0 < 1) {
    const mid = (x0 + x1) / 2;
    x0 = mid - 0.5;
    x1 = mid + 0.5;
  }
  x0 = Math.max(0, x0);
  x1 = Math.min(g.width, x1);
  if (x1 <= x0) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** Position in row list [from, to) of the first span whose (drawn) end is at or after t; rows are sorted by start and by end. */
export function firstEndingAtOrAfter(model: FlameModel, from: number, to: number, t: number): number {
  const { span } = model.byRow;
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (model.drawEnd[span[mid]!]! >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The span under (x, y) in canvas CSS pixels, or -1: the bar containing the point, else the nearest within a few pixels. */
export function hitSpan(model: FlameModel, g: FlameGeometry, x: number, y: number): number {
  if (y < AXIS_HEIGHT || y >= g.height || x < 0 || x >= g.width) return -1;
  const row = Math.floor((y - AXIS_HEIGHT + g.scrollTop) / ROW_HEIGHT);
  if (row < 0 || row >= model.layout.rows) return -1;
  const within = y - rowTop(g, row);
  if (within < BAR_INSET || within >= ROW_HEIGHT - BAR_INSET) return -1;
  const t = timeAt(g, x);
  const slop = HIT_SLOP_PX * nsPerPx(g);
  const rowStart = model.byRow.offset[row]!;
  const rowEnd = model.byRow.offset[row + 1]!;
  let best = -1;
  let bestDistance = Infinity;
  for (let k = firstEndingAtOrAfter(model, rowStart, rowEnd, t - slop); k < rowEnd; k++) {
    const s = model.byRow.span[k]!;
    const start = model.spans.start[s]!;
    if (start > t + slop) break;
    const end = model.drawEnd[s]!;
    const distance = t < start ? start - t : t > end ? t - end : 0;
    if (distance < bestDistance) {
      best = s;
      bestDistance = distance;
    }
  }
  return best;
}

/** The canvas element as tests and accessibility tools see it. */
export interface FlameCanvasElement extends HTMLCanvasElement {
  hopscopeSpanRect?: (span: number) => Rect | null;
}
