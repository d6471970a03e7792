/**
 * Drawing the scatter on canvas. Two layers: the base (axes and every dot,
 * redrawn when the data, size or brush change) and the overlay (brush
 * rectangle, rectangle being dragged, hovered dot), redrawn on every pointer
 * move, so dragging never repaints 100k dots.
 */
import type { TraceRow } from '../../../shared/engine/views-api.js';
import { brushToPixelRect, durationTicks, timeTicks, type PlotArea, type ScatterScales } from './scatter-geometry.js';
import { inBrush, type Brush } from './trace-table-model.js';

export interface ScatterColors {
  fg: string;
  muted: string;
  border: string;
  accent: string;
  error: string;
}

/** The theme's colours, from the CSS variables in renderer/styles.css as they apply to `element`. */
export function readScatterColors(element: Element): ScatterColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    fg: read('--fg', '#1c1d21'),
    muted: read('--muted', '#656a76'),
    border: read('--border', '#dcdee3'),
    accent: read('--accent', '#2f6fdb'),
    error: read('--error-fg', '#a11d1d'),
  };
}

const DOT_SIZE = 3;
const LABEL_FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

export interface BaseLayer {
  rows: readonly TraceRow[];
  scales: ScatterScales | null;
  xs: Float32Array;
  ys: Float32Array;
  brush: Brush | null;
  colors: ScatterColors;
  width: number;
  height: number;
}

export function drawBase(context: CanvasRenderingContext2D, layer: BaseLayer): void {
  const { scales, colors } = layer;
  context.font = LABEL_FONT;
  if (!scales) {
    context.fillStyle = colors.muted;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.fillText('No traces to plot', layer.width / 2, layer.height / 2);
    return;
  }
  drawAxes(context, scales, colors, layer.width);
  drawDots(context, layer);
}

function drawAxes(context: CanvasRenderingContext2D, scales: ScatterScales, colors: ScatterColors, width: number): void {
  const { plot } = scales;
  context.lineWidth = 1;
  context.strokeStyle = colors.border;
  context.fillStyle = colors.muted;

  // Duration gridlines across the plot, labels to the left. Half-pixel offsets keep 1 px lines crisp.
  context.textAlign = 'right';
  context.textBaseline = 'middle';
  context.beginPath();
  for (const tick of durationTicks(scales)) {
    const y = Math.round(tick.at) + 0.5;
    context.moveTo(plot.left, y);
    context.lineTo(plot.right, y);
    context.fillText(tick.label, plot.left - 6, y);
  }
  context.stroke();

  // Time ticks below the plot: about one label per 110 px, so they never collide.
  context.textAlign = 'center';
  context.textBaseline = 'top';
  context.beginPath();
  for (const tick of timeTicks(scales, Math.max(2, Math.floor((plot.right - plot.left) / 110)))) {
    const x = Math.round(tick.at) + 0.5;
    context.moveTo(x, plot.bottom);
    context.lineTo(x, plot.bottom + 4);
    const half = context.measureText(tick.label).width / 2;
    context.fillText(tick.label, Math.min(Math.max(x, half), width - half), plot.bottom + 6);
  }
  context.moveTo(plot.left, plot.bottom + 0.5);
  context.lineTo(plot.right, plot.bottom + 0.5);
  context.stroke();
}

/**
 * Every dot, in four passes that each fill one path: outside the brush first
 * (dimmed), then inside; errors after the others so they are never buried.
 */
function drawDots(context: CanvasRenderingContext2D, layer: BaseLayer): void {
  const { rows, xs, ys, brush, colors } = layer;
  // 0 = plain, 1 = error, +2 when dimmed (outside the brush).
  const group = new Uint8Array(rows.length);
  rows.forEach((row, i) => {
    group[i] = (row.errors > 0 ? 1 : 0) + (brush && !inBrush(row, brush) ? 2 : 0);
  });
  const passes: { group: number; color: string; alpha: number }[] = [
    { group: 2, color: colors.accent, alpha: 0.12 },
    { group: 3, color: colors.error, alpha: 0.18 },
    { group: 0, color: colors.accent, alpha: 0.55 },
    { group: 1, color: colors.error, alpha: 0.85 },
  ];
  const half = DOT_SIZE / 2;
  for (const pass of passes) {
    context.globalAlpha = pass.alpha;
    context.fillStyle = pass.color;
    context.beginPath();
    for (let i = 0; i < group.length; i++) {
      if (group[i] === pass.group) context.rect(xs[i]! - half, ys[i]! - half, DOT_SIZE, DOT_SIZE);
    }
    context.fill();
  }
  context.globalAlpha = 1;
}

export interface OverlayLayer {
  scales: ScatterScales | null;
  brush: Brush | null;
  /** The rectangle being dragged, in pixels. */
  dragging: PlotArea | null;
  /** The hovered dot's position, in pixels. */
  hovered: { x: number; y: number } | null;
  colors: ScatterColors;
}

export function drawOverlay(context: CanvasRenderingContext2D, layer: OverlayLayer): void {
  const { colors } = layer;
  // While a new rectangle is dragged, the old brush is hidden: it is about to be replaced.
  const rectangle = layer.dragging ?? (layer.brush && layer.scales ? brushToPixelRect(layer.scales, layer.brush) : null);
  if (rectangle) {
    const { left, top, right, bottom } = rectangle;
    context.fillStyle = colors.accent;
    context.globalAlpha = 0.08;
    context.fillRect(left, top, right - left, bottom - top);
    context.globalAlpha = 1;
    context.strokeStyle = colors.accent;
    context.lineWidth = 1;
    context.setLineDash(layer.dragging ? [4, 3] : []);
    context.strokeRect(Math.round(left) + 0.5, Math.round(top) + 0.5, Math.round(right - left), Math.round(bottom - top));
    context.setLineDash([]);
  }
  if (layer.hovered) {
    context.strokeStyle = colors.fg;
    context.lineWidth = 1.5;
    context.beginPath();
    context.arc(layer.hovered.x, layer.hovered.y, 5, 0, 2 * Math.PI);
    context.stroke();
  }
}
