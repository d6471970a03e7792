/**
 * End-to-end latency of both sides of a comparison as cumulative
 * distributions on one log axis, as the app's LatencyCdf.tsx draws them:
 * where the curves part, and by how much, at every percentile at once.
 *
 *   p99 ┤                      ___----   b (accent)
 *   p90 ┤            ____-----/  __---   a (muted)
 *   p50 ┤      __---/     __----/
 *     0 ┼─────/─────┬──────────┬──────
 *       1 ms      10 ms     100 ms       ← powers of ten only
 *
 * Point i of a side (sorted ascending) is at (value, (i + 1) / n), so each
 * line ends at 100% at its side's slowest trace. Points that land on the
 * same pixel as the last one drawn are skipped: a side has one point per
 * trace, an image needs one per pixel.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import type { FigurePalette } from '../figure.js';
import { el, num, text } from '../svg.js';
import { formatNs } from '../../text/units.js';

export const CDF_WIDTH = 440;
export const CDF_HEIGHT = 240;
const M = { top: 10, right: 12, bottom: 30, left: 40 };
const AXIS_SIZE = 11;

export interface CdfSide {
  /** Latencies in ns, sorted ascending. */
  values: readonly number[];
  color: string;
}

export function drawLatencyCdf(a: CdfSide, b: CdfSide, p: FigurePalette): { svg: string; width: number; height: number } {
  a = { ...a, values: ascending(a.values) };
  b = { ...b, values: ascending(b.values) };
  // A loop, not Math.min(...values): a side can have a million traces, more than a call's arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...a.values, ...b.values]) {
    if (v <= 0) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const parts: string[] = [];
  const plot = { x: M.left, y: M.top, width: CDF_WIDTH - M.left - M.right, height: CDF_HEIGHT - M.top - M.bottom };
  parts.push(el('rect', { ...plot, fill: 'none', stroke: p.border, 'data-role': 'cdf-plot' }));
  if (lo > hi) {
    parts.push(text(plot.x + 8, plot.y + 20, 'No latencies to draw.', { 'font-size': AXIS_SIZE, fill: p.muted }));
    return { svg: el('g', { 'data-role': 'latency-cdf' }, ...parts), width: CDF_WIDTH, height: CDF_HEIGHT };
  }
  // One distinct value: widen, so the log scale has a range to nice.
  if (lo === hi) [lo, hi] = [lo / 2, hi * 2];
  const x = scaleLog()
    .domain([lo, hi])
    .range([plot.x, plot.x + plot.width])
    .nice();
  const y = scaleLinear()
    .domain([0, 1])
    .range([plot.y + plot.height, plot.y]);

  // Powers of ten only: a log axis's default ticks crowd the labels.
  for (const t of x.ticks().filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9)) {
    const at = x(t);
    parts.push(
      el('line', { x1: at, y1: plot.y, x2: at, y2: plot.y + plot.height, stroke: p.border }),
      text(at, plot.y + plot.height + 14, formatNs(t), { 'font-size': AXIS_SIZE, fill: p.muted, 'text-anchor': 'middle' }),
    );
  }
  for (const q of [0, 0.5, 0.9, 0.99]) {
    const at = y(q);
    parts.push(
      el('line', { x1: plot.x, y1: at, x2: plot.x + plot.width, y2: at, stroke: p.border }),
      text(plot.x - 4, at + 4, q === 0 ? '0' : `p${Math.round(q * 100)}`, { 'font-size': AXIS_SIZE, fill: p.muted, 'text-anchor': 'end' }),
    );
  }
  const floor = x.domain()[0]!;
  const line = (side: CdfSide, name: 'a' | 'b') =>
    side.values.length === 0
      ? ''
      : el('path', {
          d: cdfPath(side.values, (v) => x(Math.max(v, floor)), y),
          fill: 'none',
          stroke: side.color,
          'stroke-width': 2,
          'stroke-linejoin': 'round',
          'data-role': 'cdf-line',
          'data-side': name,
          'data-traces': side.values.length,
        });
  parts.push(line(a, 'a'), line(b, 'b'));
  return { svg: el('g', { 'data-role': 'latency-cdf' }, ...parts), width: CDF_WIDTH, height: CDF_HEIGHT };
}

/** The values as given when already sorted (the engine sends them so), else a sorted copy. */
function ascending(values: readonly number[]): readonly number[] {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return [...values].sort((x, y) => x - y);
  return values;
}

/** "M x,y L x,y …" through the CDF's points, one per pixel at most; the last point is always kept. */
function cdfPath(values: readonly number[], x: (v: number) => number, y: (q: number) => number): string {
  const n = values.length;
  let d = '';
  let lastX = NaN;
  let lastY = NaN;
  for (let i = 0; i < n; i++) {
    const px = x(values[i]!);
    const py = y((i + 1) / n);
    if (i < n - 1 && i > 0 && Math.abs(px - lastX) < 0.5 && Math.abs(py - lastY) < 0.5) continue;
    d += `${d === '' ? 'M' : 'L'}${num(px)},${num(py)}`;
    lastX = px;
    lastY = py;
  }
  return d;
}
