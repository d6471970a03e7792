/**
 * Drawing the flame chart on a canvas, in CSS pixels (the caller has scaled
 * the context for the device pixel ratio). Only rows in view are visited, and
 * in each row only the bars in the time window (binary search: rows are
 * sorted by start and end). Bars are batched by colour and emphasis, one
 * fill() per batch, so a frame with 100k bars sets fillStyle tens of times,
 * not 100k times.
 *
 * Layers, bottom to top: background and tick grid; bars (dimmed where the
 * critical path or the search says so); the critical path's segments in full
 * colour over the part of each bar they cover; queue waits (hatched); badges,
 * labels and error marks; search, hover and selection outlines; the time axis.
 */
import type { SpanMark } from '../../../../shared/engine/views-api.js';
import { fitLabel, formatOffset, tickStep, timeTicks } from '../../../../shared/render/flame-layout.js';
import {
  AXIS_HEIGHT,
  BAR_INSET,
  firstEndingAtOrAfter,
  rowTop,
  ROW_HEIGHT,
  spanRect,
  timeAt,
  visibleRows,
  xOf,
  type FlameGeometry,
  type FlameModel,
} from './flame-model.js';
import type { FlamePalette } from './flame-palette.js';
import { batchColors, DIM, FULL, HALF, RectBatches } from './rect-batches.js';

export interface FlameDrawState {
  showAll: boolean;
  /** Search matches (null: no search). */
  match: Uint8Array | null;
  selected: number | null;
  hovered: number | null;
}

export const FLAME_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const BADGE_FONT = 'bold 9px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
/** Narrower bars are drawn as a 1 px mark and the bars ending in the same pixel column are skipped. */
const THIN_PX = 0.5;
const LABEL_MIN_PX = 24;
const BADGE_MIN_PX = 16;
const BAR_HEIGHT = ROW_HEIGHT - 2 * BAR_INSET;

const BADGES: Partial<Record<SpanMark['kind'], string>> = { 'fan-out': '⇉', 'n-plus-one': 'N+1', retry: '↻' };

/** Widths of full label texts, kept between frames (binary search on prefixes measures the rest). */
export type MeasureCache = Map<string, number>;

export function drawFlame(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  g: FlameGeometry,
  state: FlameDrawState,
  palette: FlamePalette,
  widths: MeasureCache,
): void {
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, g.width, g.height);
  if (g.width <= 0 || g.height <= AXIS_HEIGHT || !(g.view.to > g.view.from)) return;
  const maxTicks = Math.max(2, Math.floor(g.width / 110));
  const step = tickStep(g.view.from, g.view.to, maxTicks);
  const ticks = timeTicks(g.view.from, g.view.to, maxTicks);

  drawGrid(ctx, g, ticks, palette);
  const visible = drawBars(ctx, model, g, state, palette);
  if (!state.showAll) {
    drawCriticalSegments(ctx, model, g, state, palette, visible);
    drawQueueWaits(ctx, model, g, palette);
  }
  drawDecorations(ctx, model, g, state, palette, visible, widths);
  drawOutlines(ctx, model, g, state, palette, visible);
  drawAxis(ctx, g, ticks, step, palette);
}

// ── Bars ────────────────────────────────────────────────────────────────────

function baseLevel(model: FlameModel, state: FlameDrawState, span: number): number {
  if (state.match) return state.match[span] ? FULL : DIM;
  return state.showAll ? FULL : DIM;
}

/** Thin marks get no overlay, so they carry the path's emphasis themselves. */
function thinLevel(model: FlameModel, state: FlameDrawState, span: number): number {
  if (state.match) return state.match[span] ? FULL : DIM;
  return state.showAll || model.critical[span] ? FULL : DIM;
}

/** Draws the bars in view; returns the spans drawn as full bars (not thin marks), for the layers above. */
function drawBars(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  g: FlameGeometry,
  state: FlameDrawState,
  palette: FlamePalette,
): number[] {
  const { spans, byRow, drawEnd, serviceOf } = model;
  const batches = new RectBatches();
  const colors = batchColors(palette);
  const visible: number[] = [];
  const [firstRow, lastRow] = visibleRows(g, model.layout.rows);
  for (let r = firstRow; r <= lastRow; r++) {
    const y = rowTop(g, r) + BAR_INSET;
    const rowEnd = byRow.offset[r + 1]!;
    let k = firstEndingAtOrAfter(model, byRow.offset[r]!, rowEnd, g.view.from);
    while (k < rowEnd) {
      const s = byRow.span[k]!;
      const start = spans.start[s]!;
      if (start > g.view.to) break;
      const x0 = xOf(g, start);
      const x1 = xOf(g, drawEnd[s]!);
      if (x1 - x0 < THIN_PX) {
        const column = Math.floor(x0);
        const color = spans.error[s] ? colors.errorIndex : serviceOf[s]!;
        batches.add(color * 3 + thinLevel(model, state, s), column, y, 1, BAR_HEIGHT);
        // Everything else in this row that ends inside the same pixel column is covered by this mark.
        k = firstEndingAtOrAfter(model, k + 1, rowEnd, timeAt(g, column + 1));
        continue;
      }
      const left = Math.max(x0, -2);
      const width = Math.min(x1, g.width + 2) - left;
      // A 1 px gap at the right end tells back-to-back calls of one service apart.
      batches.add(serviceOf[s]! * 3 + baseLevel(model, state, s), left, y, width >= 3 ? width - 1 : width, BAR_HEIGHT);
      visible.push(s);
      k++;
    }
  }
  batches.fill(ctx, colors.colorOf, colors.alphaOf);
  return visible;
}

/** The path's segments at full colour over exactly the part of each bar they cover. */
function drawCriticalSegments(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  g: FlameGeometry,
  state: FlameDrawState,
  palette: FlamePalette,
  visible: number[],
): void {
  const { segOffset, segStart, segEnd } = model;
  const batches = new RectBatches();
  const colors = batchColors(palette);
  for (const s of visible) {
    if (!model.critical[s]) continue;
    const key = model.serviceOf[s]! * 3 + (state.match && !state.match[s] ? HALF : FULL);
    const y = rowTop(g, model.layout.row[s]!) + BAR_INSET;
    // Segments come in time order; neighbours closer than half a pixel merge into one rectangle.
    let pendingLeft = NaN;
    let pendingRight = NaN;
    const flush = () => {
      if (Number.isNaN(pendingLeft)) return;
      const left = Math.max(pendingLeft, -2);
      const right = Math.min(Math.max(pendingRight, pendingLeft + 1), g.width + 2);
      if (right > left) batches.add(key, left, y, right - left, BAR_HEIGHT);
    };
    for (let j = segOffset[s]!; j < segOffset[s + 1]!; j++) {
      if (segEnd[j]! < g.view.from || segStart[j]! > g.view.to) continue;
      const a = xOf(g, segStart[j]!);
      const b = xOf(g, segEnd[j]!);
      if (!Number.isNaN(pendingRight) && a <= pendingRight + THIN_PX) {
        pendingRight = Math.max(pendingRight, b);
      } else {
        flush();
        pendingLeft = a;
        pendingRight = b;
      }
    }
    flush();
  }
  batches.fill(ctx, colors.colorOf, colors.alphaOf);
}

/** Waits between a hand-off and its consumer: a hatched band in the consumer's row, labelled "queue". */
function drawQueueWaits(ctx: CanvasRenderingContext2D, model: FlameModel, g: FlameGeometry, palette: FlamePalette): void {
  if (model.queue.length === 0) return;
  const [firstRow, lastRow] = visibleRows(g, model.layout.rows);
  ctx.save();
  ctx.font = FLAME_FONT;
  ctx.textBaseline = 'middle';
  for (const q of model.queue) {
    const row = model.layout.row[q.span]!;
    if (row < firstRow || row > lastRow || q.end < g.view.from || q.start > g.view.to) continue;
    const left = Math.max(xOf(g, q.start), -2);
    const right = Math.min(Math.max(xOf(g, q.end), left + 2), g.width + 2);
    const y = rowTop(g, row) + BAR_INSET;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, y, right - left, BAR_HEIGHT);
    ctx.clip();
    ctx.globalAlpha = 0.85;
    ctx.fillStyle = palette.bg;
    ctx.fillRect(left, y, right - left, BAR_HEIGHT);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = palette.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    // Diagonal hatching, anchored to the canvas so it does not crawl while panning a band.
    for (let x = Math.floor((left - BAR_HEIGHT) / 6) * 6; x < right; x += 6) {
      ctx.moveTo(x, y + BAR_HEIGHT);
      ctx.lineTo(x + BAR_HEIGHT, y);
    }
    ctx.stroke();
    ctx.restore();
    ctx.setLineDash([3, 2]);
    ctx.strokeStyle = palette.fg;
    ctx.strokeRect(left + 0.5, y + 0.5, right - left - 1, BAR_HEIGHT - 1);
    ctx.setLineDash([]);
    if (right - left >= 44) {
      const text = 'queue';
      const width = ctx.measureText(text).width;
      const tx = Math.max(left, 0) + (Math.min(right, g.width) - Math.max(left, 0) - width) / 2;
      ctx.fillStyle = palette.bg;
      ctx.fillRect(tx - 2, y + 3, width + 4, BAR_HEIGHT - 6);
      ctx.fillStyle = palette.fg;
      ctx.fillText(text, tx, y + BAR_HEIGHT / 2 + 0.5);
    }
  }
  ctx.restore();
}

// ── Badges, labels, errors ──────────────────────────────────────────────────

function isError(model: FlameModel, span: number, marks: SpanMark[] | undefined): boolean {
  return model.spans.error[span] === 1 || (marks?.some((m) => m.kind === 'error' || m.kind === 'error-origin') ?? false);
}

function drawDecorations(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  g: FlameGeometry,
  state: FlameDrawState,
  palette: FlamePalette,
  visible: number[],
  widths: MeasureCache,
): void {
  const { spans } = model;
  ctx.textBaseline = 'middle';
  for (const s of visible) {
    const left = Math.max(0, xOf(g, spans.start[s]!));
    const right = Math.min(g.width, xOf(g, model.drawEnd[s]!));
    const width = right - left;
    if (width <= 0) continue;
    const y = rowTop(g, model.layout.row[s]!) + BAR_INSET;
    const midY = y + BAR_HEIGHT / 2 + 0.5;
    const marks = model.marks.get(s);
    let textLeft = left + 4;

    if (marks && width >= BADGE_MIN_PX) textLeft = drawBadges(ctx, marks, textLeft - 2, right, y, palette);

    const error = isError(model, s, marks);
    if (error) {
      ctx.strokeStyle = palette.error;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(left + 0.75, y + 0.75, Math.max(0.5, width - 2.5), BAR_HEIGHT - 1.5);
      // A corner flag that survives when the outline is hard to see on a busy row.
      const size = Math.min(7, width - 1);
      ctx.fillStyle = palette.error;
      ctx.beginPath();
      ctx.moveTo(right - 1 - size, y);
      ctx.lineTo(right - 1, y);
      ctx.lineTo(right - 1, y + size);
      ctx.closePath();
      ctx.fill();
    }

    if (width < LABEL_MIN_PX) continue;
    const room = right - 4 - (error ? 7 : 0) - textLeft;
    if (room < 8) continue;
    const text = `${spans.service[s]}: ${spans.name[s]}`;
    ctx.font = FLAME_FONT;
    let full = widths.get(text);
    if (full === undefined) {
      full = ctx.measureText(text).width;
      if (widths.size > 50_000) widths.clear();
      widths.set(text, full);
    }
    const fullWidth = full;
    const label = fitLabel(text, room, (t) => (t === text ? fullWidth : ctx.measureText(t).width));
    if (label === '') continue;
    const emphasised =
      baseLevel(model, state, s) === FULL || (!state.showAll && model.critical[s] === 1 && (!state.match || state.match[s] === 1));
    ctx.globalAlpha = emphasised ? 1 : 0.6;
    ctx.fillStyle = emphasised ? palette.serviceText[model.serviceOf[s]!]! : palette.fg;
    ctx.fillText(label, textLeft, midY);
    ctx.globalAlpha = 1;
  }
}

/** Error-origin icon, then the fan-out / N+1 / retry glyphs, from the bar's left; returns where the label may start. */
function drawBadges(ctx: CanvasRenderingContext2D, marks: SpanMark[], x: number, right: number, y: number, palette: FlamePalette): number {
  const midY = y + BAR_HEIGHT / 2;
  if (marks.some((m) => m.kind === 'error-origin') && x + 12 <= right) {
    ctx.fillStyle = palette.error;
    ctx.beginPath();
    ctx.arc(x + 6, midY, 5.5, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = palette.onError;
    ctx.font = BADGE_FONT;
    ctx.textAlign = 'center';
    ctx.fillText('!', x + 6, midY + 0.5);
    ctx.textAlign = 'left';
    x += 14;
  }
  const seen = new Set<string>();
  for (const m of marks) {
    const glyph = BADGES[m.kind];
    if (!glyph || seen.has(glyph)) continue;
    seen.add(glyph);
    ctx.font = BADGE_FONT;
    const width = ctx.measureText(glyph).width + 6;
    if (x + width > right - 2) break;
    ctx.globalAlpha = 0.9;
    ctx.fillStyle = palette.bg;
    ctx.fillRect(x, y + 2, width, BAR_HEIGHT - 4);
    ctx.globalAlpha = 1;
    ctx.fillStyle = palette.fg;
    ctx.fillText(glyph, x + 3, midY + 0.5);
    x += width + 2;
  }
  return x + 2;
}

// ── Outlines ────────────────────────────────────────────────────────────────

function drawOutlines(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  g: FlameGeometry,
  state: FlameDrawState,
  palette: FlamePalette,
  visible: number[],
): void {
  if (state.match) {
    ctx.strokeStyle = palette.fg;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const s of visible) {
      if (!state.match[s]) continue;
      const r = spanRect(model, g, s);
      if (r) ctx.rect(r.x + 0.5, r.y + 0.5, Math.max(1, r.width - 1), r.height - 1);
    }
    ctx.stroke();
  }
  if (state.hovered !== null && state.hovered !== state.selected) {
    const r = spanRect(model, g, state.hovered);
    if (r) {
      ctx.strokeStyle = palette.fg;
      ctx.lineWidth = 1;
      ctx.strokeRect(r.x - 0.5, r.y - 0.5, r.width + 1, r.height + 1);
    }
  }
  if (state.selected !== null) {
    const r = spanRect(model, g, state.selected);
    if (r) {
      // A ring of background colour first, so the accent outline stands out on any neighbour.
      ctx.strokeStyle = palette.bg;
      ctx.lineWidth = 4;
      ctx.strokeRect(r.x - 2, r.y - 2, r.width + 4, r.height + 4);
      ctx.strokeStyle = palette.accent;
      ctx.lineWidth = 2;
      ctx.strokeRect(r.x - 1.5, r.y - 1.5, r.width + 3, r.height + 3);
    }
  }
}

// ── Axis ────────────────────────────────────────────────────────────────────

function drawGrid(ctx: CanvasRenderingContext2D, g: FlameGeometry, ticks: number[], palette: FlamePalette): void {
  ctx.strokeStyle = palette.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of ticks) {
    const x = Math.round(xOf(g, t)) + 0.5;
    ctx.moveTo(x, AXIS_HEIGHT);
    ctx.lineTo(x, g.height);
  }
  ctx.stroke();
}

function drawAxis(ctx: CanvasRenderingContext2D, g: FlameGeometry, ticks: number[], step: number, palette: FlamePalette): void {
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, g.width, AXIS_HEIGHT);
  ctx.strokeStyle = palette.border;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, AXIS_HEIGHT - 0.5);
  ctx.lineTo(g.width, AXIS_HEIGHT - 0.5);
  for (const t of ticks) {
    const x = Math.round(xOf(g, t)) + 0.5;
    ctx.moveTo(x, AXIS_HEIGHT - 6);
    ctx.lineTo(x, AXIS_HEIGHT);
  }
  ctx.stroke();
  ctx.font = FLAME_FONT;
  ctx.textBaseline = 'middle';
  ctx.fillStyle = palette.muted;
  for (const t of ticks) {
    const label = formatOffset(t, step);
    const x = Math.round(xOf(g, t)) + 3;
    // The last label would run off the canvas: right-align it to its tick instead.
    const width = ctx.measureText(label).width;
    ctx.fillText(label, x + width > g.width ? x - width - 6 : x, AXIS_HEIGHT / 2 - 1);
  }
}
