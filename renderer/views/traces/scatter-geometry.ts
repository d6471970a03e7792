/**
 * The duration-over-time scatter's geometry, free of the DOM: scales, dot
 * positions, axis ticks, the brush in pixels and back, and a coarse grid for
 * finding the dot under the pointer among 100k without scanning them all.
 */
import { scaleLinear, scaleLog, scaleUtc, type ScaleLinear, type ScaleLogarithmic } from 'd3-scale';
import type { TraceRow } from '../../../shared/engine/views-api.js';
import { formatDurationNs } from './format-duration.js';
import { brushFromCorners, startExtent, type Brush } from './trace-table-model.js';

/** Room for the duration labels on the left and the time labels below. */
export const SCATTER_MARGIN = { top: 8, right: 12, bottom: 22, left: 58 } as const;

export interface PlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface ScatterScales {
  /**
   * Start times are plotted as nanoseconds after this whole millisecond (the
   * earliest start, rounded down): epoch nanoseconds as numbers would lose
   * precision, offsets within days do not.
   */
  originNs: bigint;
  /** Nanoseconds after `originNs` → x pixel. */
  x: ScaleLinear<number, number>;
  /** Duration in nanoseconds → y pixel (longest at the top). */
  y: ScaleLogarithmic<number, number>;
  /**
   * The bottom of the duration axis. A log scale has no 0: zero-length traces
   * are drawn on the floor, rather than stretching the axis down to 1 ns and
   * squashing every real duration into its top.
   */
  floorNs: number;
  plot: PlotArea;
}

/** Scales that fit the rows into a `width` × `height` canvas (CSS pixels); null without rows or room. */
export function scatterScales(rows: readonly TraceRow[], width: number, height: number): ScatterScales | null {
  const starts = startExtent(rows);
  const durations = positiveDurationExtent(rows);
  const plot: PlotArea = {
    left: SCATTER_MARGIN.left,
    top: SCATTER_MARGIN.top,
    right: width - SCATTER_MARGIN.right,
    bottom: height - SCATTER_MARGIN.bottom,
  };
  if (!starts || plot.right <= plot.left || plot.bottom <= plot.top) return null;

  const originNs = (starts.min / 1_000_000n) * 1_000_000n - (starts.min < 0n && starts.min % 1_000_000n !== 0n ? 1_000_000n : 0n);
  const first = Number(starts.min - originNs);
  const last = Number(starts.max - originNs);
  // A few percent of padding keeps edge dots off the axes; a single instant gets a millisecond around it.
  const span = last - first;
  const pad = span > 0 ? span * 0.03 : 500_000;
  const x = scaleLinear()
    .domain([first - pad, last + pad])
    .range([plot.left, plot.right]);

  // Only zero-length traces: an axis around 1 µs, they sit on its floor.
  const shortest = durations?.min ?? 1_000;
  const longest = durations?.max ?? 1_000;
  // Padding as a factor, since the axis is logarithmic: at least ×1.3, more when the range is wide.
  const factor = Math.max(1.3, (longest / shortest) ** 0.04);
  const floorNs = shortest / factor;
  const y = scaleLog()
    .domain([floorNs, longest * factor])
    .range([plot.bottom, plot.top]);

  return { originNs, x, y, floorNs, plot };
}

/** Shortest and longest duration above zero (what a log axis can show), or null when there is none. */
function positiveDurationExtent(rows: readonly TraceRow[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = 0;
  for (const { durationNs } of rows) {
    if (durationNs <= 0) continue;
    if (durationNs < min) min = durationNs;
    if (durationNs > max) max = durationNs;
  }
  return max > 0 ? { min, max } : null;
}

/** Every row's dot in CSS pixels, in row order. */
export function dotPositions(rows: readonly TraceRow[], scales: ScatterScales): { xs: Float32Array; ys: Float32Array } {
  const xs = new Float32Array(rows.length);
  const ys = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    xs[i] = scales.x(Number(row.startNs - scales.originNs));
    ys[i] = scales.y(Math.max(scales.floorNs, row.durationNs));
  });
  return { xs, ys };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** A point kept inside the plot area (a drag may leave it; the brush stops at its edges). */
export function clampToPlot(plot: PlotArea, px: number, py: number): { px: number; py: number } {
  return { px: clamp(px, plot.left, plot.right), py: clamp(py, plot.top, plot.bottom) };
}

/** A rectangle dragged on the plot (two corners, any order) as a brush in data coordinates. */
export function pixelRectToBrush(scales: ScatterScales, x0: number, y0: number, x1: number, y1: number): Brush {
  const a = clampToPlot(scales.plot, x0, y0);
  const b = clampToPlot(scales.plot, x1, y1);
  // Rounded outwards, so a dot on the drawn edge is inside.
  const fromOffset = Math.floor(scales.x.invert(Math.min(a.px, b.px)));
  const toOffset = Math.ceil(scales.x.invert(Math.max(a.px, b.px)));
  const shorter = scales.y.invert(Math.max(a.py, b.py));
  const longer = scales.y.invert(Math.min(a.py, b.py));
  return brushFromCorners(
    scales.originNs + BigInt(fromOffset),
    scales.originNs + BigInt(toOffset),
    // Zero-length traces are drawn on the floor: a brush reaching down to it takes them too.
    Math.max(a.py, b.py) >= scales.plot.bottom ? 0 : Math.floor(shorter),
    Math.ceil(longer),
  );
}

/** Where a brush lies on the plot, cut to the plot area (it may reach beyond the data now shown). */
export function brushToPixelRect(scales: ScatterScales, brush: Brush): PlotArea {
  const { plot } = scales;
  const x0 = scales.x(Number(brush.fromNs - scales.originNs));
  const x1 = scales.x(Number(brush.toNs - scales.originNs));
  const yShort = scales.y(Math.max(scales.floorNs, brush.minDurationNs));
  const yLong = scales.y(Math.max(scales.floorNs, brush.maxDurationNs));
  return {
    left: clamp(Math.min(x0, x1), plot.left, plot.right),
    right: clamp(Math.max(x0, x1), plot.left, plot.right),
    top: clamp(Math.min(yShort, yLong), plot.top, plot.bottom),
    bottom: clamp(Math.max(yShort, yLong), plot.top, plot.bottom),
  };
}

// ── Axis ticks ──────────────────────────────────────────────────────────────

export interface Tick {
  /** Pixel along the axis. */
  at: number;
  label: string;
}

/** A few UTC times along the x axis, labelled to the precision their spacing needs. */
export function timeTicks(scales: ScatterScales, count: number): Tick[] {
  const originMs = Number(scales.originNs / 1_000_000n);
  const [from, to] = scales.x.domain() as [number, number];
  const utc = scaleUtc().domain([new Date(originMs + from / 1e6), new Date(originMs + to / 1e6)]);
  const ticks = utc.ticks(count);
  const stepMs = ticks.length > 1 ? ticks[1]!.getTime() - ticks[0]!.getTime() : 1;
  const spansDays = to - from > 86_400e9;
  return ticks.map((tick) => ({
    at: scales.x((tick.getTime() - originMs) * 1e6),
    label: timeLabel(tick, stepMs, spansDays),
  }));
}

function timeLabel(tick: Date, stepMs: number, spansDays: boolean): string {
  const iso = tick.toISOString(); // 2024-05-01T14:03:27.123Z
  const time = stepMs < 1000 ? iso.slice(11, 23) : stepMs < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
  return spansDays ? `${iso.slice(5, 10)} ${time}` : time;
}

/** Durations up the y axis: powers of ten when the range holds two or more, else a few of d3's ticks. */
export function durationTicks(scales: ScatterScales, maxTicks = 5): Tick[] {
  const all = scales.y.ticks();
  const powers = all.filter((value) => Number.isInteger(Math.log10(value)));
  let chosen = powers.length >= 2 ? powers : all;
  if (chosen.length > maxTicks) {
    const step = Math.ceil(chosen.length / maxTicks);
    chosen = chosen.filter((_, i) => i % step === 0);
  }
  return chosen.map((value) => ({ at: scales.y(value), label: compactDuration(value) }));
}

/** "1 ms" rather than "1.00 ms" on an axis, where the round values need no trailing zeros. */
function compactDuration(ns: number): string {
  return formatDurationNs(ns)
    .replace(/(\.\d*?)0+ /, '$1 ')
    .replace('. ', ' ');
}

// ── Hit testing ─────────────────────────────────────────────────────────────

/** Dots bucketed by grid cell (a compressed layout: one array of dot indices, cell by cell). */
export interface HitGrid {
  cellSize: number;
  columns: number;
  rows: number;
  /** Dots of cell c are items[cellStart[c] .. cellStart[c + 1]). */
  cellStart: Int32Array;
  items: Int32Array;
}

export function buildHitGrid(xs: Float32Array, ys: Float32Array, width: number, height: number, cellSize = 8): HitGrid {
  const columns = Math.max(1, Math.ceil(width / cellSize));
  const rows = Math.max(1, Math.ceil(height / cellSize));
  const cellOf = new Int32Array(xs.length);
  const cellStart = new Int32Array(columns * rows + 1);
  for (let i = 0; i < xs.length; i++) {
    const column = clamp(Math.floor(xs[i]! / cellSize), 0, columns - 1);
    const row = clamp(Math.floor(ys[i]! / cellSize), 0, rows - 1);
    const cell = row * columns + column;
    cellOf[i] = cell;
    cellStart[cell + 1]!++;
  }
  for (let c = 0; c < columns * rows; c++) cellStart[c + 1]! += cellStart[c]!;
  const fill = cellStart.slice(0, -1);
  const items = new Int32Array(xs.length);
  for (let i = 0; i < xs.length; i++) items[fill[cellOf[i]!]!++] = i;
  return { cellSize, columns, rows, cellStart, items };
}

/** The dot nearest to (px, py) within `radius` pixels (the later one on a tie: it is drawn on top), or -1. */
export function nearestDot(grid: HitGrid, xs: Float32Array, ys: Float32Array, px: number, py: number, radius: number): number {
  const reach = Math.ceil(radius / grid.cellSize);
  const column = Math.floor(px / grid.cellSize);
  const row = Math.floor(py / grid.cellSize);
  let best = -1;
  let bestDistance = radius * radius;
  for (let r = Math.max(0, row - reach); r <= Math.min(grid.rows - 1, row + reach); r++) {
    for (let c = Math.max(0, column - reach); c <= Math.min(grid.columns - 1, column + reach); c++) {
      const cell = r * grid.columns + c;
      for (let k = grid.cellStart[cell]!; k < grid.cellStart[cell + 1]!; k++) {
        const i = grid.items[k]!;
        const distance = (xs[i]! - px) ** 2 + (ys[i]! - py) ** 2;
        if (distance < bestDistance || (distance === bestDistance && i > best)) {
          best = i;
          bestDistance = distance;
        }
      }
    }
  }
  return best;
}
