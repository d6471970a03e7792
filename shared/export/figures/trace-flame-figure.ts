/**
 * One trace's flame chart as an exported image, drawn like the app's canvas
 * chart (renderer/views/trace/flame/draw-flame.ts) from the same pure row
 * layout (shared/render/flame-layout.ts), but whole: every row and the full
 * time range, not the scrolled and zoomed window on screen.
 *
 *   0          250 ms         500 ms         750 ms        1 s      axis
 *   ├──────────────┼──────────────┼──────────────┼─────────────┤
 *   ████gateway: POST /orders████░░░░░░░░░░░░░░░░░░░░░░░░░████   row 0
 *      ░order: reserve░  ▒▒queue▒▒█████payment: charge█████◣      row 1
 *        ░redis░ ▌▌▌                                              row 2
 *   █ critical path: full colour    ░ off the path: dimmed
 *   ▒ queue wait (hatched)          ◣ error     ▌ bars under 1 px, merged
 *
 * Layers per bar, as in the app: the bar dimmed, the critical path's
 * segments in full colour over exactly the part of the bar they cover, the
 * error outline and corner flag, the "service: name" label.
 *
 * Why thin bars are merged: a trace can have 1M spans and an SVG element
 * costs ~150 bytes, so a bar per span would make a 150 MB file no viewer
 * opens. A bar under THIN_PX wide cannot be told from a 1 px mark anyway, so
 * (like draw-flame's THIN_PX) every thin bar starting in the same pixel
 * column of a row becomes one mark, and neighbouring marks of the same
 * colour and emphasis become one rectangle: the element count is bounded by
 * rows × width, not by spans. Merged marks still count what they hold
 * (data-spans, data-segments), so nothing on the path goes unaccounted.
 */
import type { TraceDetail, TraceSegment, TraceSpans } from '../../engine/views-api.js';
import { criticalMask, flameRows, formatOffset, spansByRow, tickStep, timeTicks } from '../../render/flame-layout.js';
import { parseHex, serviceColor, textColorOn } from '../../render/service-colors.js';
import { formatNs } from '../../text/units.js';
import { composeFigure, fileStem, HATCH_ID, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { el, fitText, num, text, textWidth, title } from '../svg.js';

export interface TraceFlameFigureOptions {
  palette: FigurePalette;
  /** Width of the chart itself in px (the figure adds its margins). */
  width?: number;
  /** Rows below this many are left out, and the figure says how many. */
  maxRows?: number;
}

const DEFAULT_WIDTH = 1200;
const DEFAULT_MAX_ROWS = 400;
const AXIS_HEIGHT = 22;
const ROW_HEIGHT = 18;
/** With this many rows or more, rows are drawn shorter and without labels, so the image stays printable. */
const DENSE_FROM_ROWS = 150;
const DENSE_ROW_HEIGHT = 10;
const BAR_INSET = 1;
const LABEL_SIZE = 11;
const LABEL_MIN_PX = 24;
/** Bars narrower than this are merged per pixel column (see the header). */
const THIN_PX = 1;
/**
 * Opacity of bars off the critical path. The app uses 0.2 on a screen; on
 * paper and projectors the pale light-theme colours vanish at 0.2.
 */
const DIM_ALPHA = 0.3;
const MAX_LEGEND_SERVICES = 8;

export function traceFlameFigure(detail: TraceDetail, options: TraceFlameFigureOptions): Figure {
  const p = options.palette;
  const width = Math.max(200, options.width ?? DEFAULT_WIDTH);
  const maxRows = Math.max(1, Math.floor(options.maxRows ?? DEFAULT_MAX_ROWS));
  const { spans } = detail;

  const layout = flameRows(spans);
  const byRow = spansByRow(spans, layout);
  const shownRows = Math.min(layout.rows, maxRows);
  const rowHeight = shownRows >= DENSE_FROM_ROWS ? DENSE_ROW_HEIGHT : ROW_HEIGHT;
  const scale = timeScale(detail, width);
  const plotBottom = AXIS_HEIGHT + shownRows * rowHeight;

  const ctx: DrawContext = {
    spans,
    scale,
    palette: p,
    colors: new ServiceColors(p),
    segments: spanSegments(detail.criticalPath.segments, spans.size),
    critical: criticalMask(detail),
    errors: errorSpans(detail),
    barHeight: rowHeight - 2 * BAR_INSET,
    labels: rowHeight - 2 * BAR_INSET >= LABEL_SIZE + 1,
  };

  const rows: string[] = [];
  for (let r = 0; r < shownRows; r++) {
    rows.push(drawRow(ctx, byRow.span.subarray(byRow.offset[r]!, byRow.offset[r + 1]!), AXIS_HEIGHT + r * rowHeight + BAR_INSET));
  }
  const queue = drawQueueWaits(ctx, detail.criticalPath.segments, layout.row, shownRows, rowHeight);

  let height = plotBottom + 4;
  let note = '';
  if (shownRows < layout.rows) {
    note = text(0, height + 12, hiddenRowsNote(detail, layout.row, shownRows, layout.rows - shownRows), {
      'font-size': 12,
      fill: p.muted,
      'data-role': 'truncated',
    });
    height += 20;
  }

  const body = [axisGrid(scale, plotBottom, p), ...rows, queue, axis(scale, p), note].join('');
  const rootLabel = spans.size > 0 ? `${spans.service[rootOf(detail)]!}: ${spans.name[rootOf(detail)]!}` : 'empty trace';
  return composeFigure({
    name: fileStem('flame', detail.dataset, detail.traceId.slice(0, 8)),
    title: `Trace flame chart: ${rootLabel}`,
    subtitle: `${detail.dataset} · trace ${detail.traceId}`,
    numbers: keyNumbers(detail),
    legend: legend(detail, ctx),
    body: { svg: body, width, height },
    palette: p,
  });
}

// ── Scale and colours ───────────────────────────────────────────────────────

interface TimeScale {
  from: number;
  to: number;
  width: number;
  x(t: number): number;
}

/** The whole trace: every span and queue wait, at least [0, duration], at least 1 µs (as the app's bounds). */
function timeScale(detail: TraceDetail, width: number): TimeScale {
  const { spans } = detail;
  let from = 0;
  let to = Math.max(0, detail.durationNs);
  for (let i = 0; i < spans.size; i++) {
    const start = spans.start[i]!;
    if (start < from) from = start;
    const end = Math.max(start, spans.end[i]!);
    if (end > to) to = end;
  }
  for (const s of detail.criticalPath.segments) {
    if (s.start < from) from = s.start;
    if (s.end > to) to = s.end;
  }
  to = Math.max(to, from + 1_000);
  const k = width / (to - from);
  return { from, to, width, x: (t) => (t - from) * k };
}

/** A service's bar colour, its dimmed form and its label colour, computed once per service. */
class ServiceColors {
  private readonly cache = new Map<string, { full: string; dim: string; text: string }>();
  constructor(private readonly palette: FigurePalette) {}

  of(service: string): { full: string; dim: string; text: string } {
    let c = this.cache.get(service);
    if (!c) {
      const full = serviceColor(service, this.palette.theme);
      c = { full, dim: blend(full, this.palette.bg, DIM_ALPHA), text: textColorOn(full) };
      this.cache.set(service, c);
    }
    return c;
  }
}

/**
 * `color` at `alpha` over `background`, as an opaque colour: the dimmed bars
 * and the legend's dimmed swatch are then exactly the same colour, and no
 * rasteriser has to agree on opacity.
 */
function blend(color: string, background: string, alpha: number): string {
  const fg = parseHex(color);
  const bg = parseHex(background);
  if (!fg || !bg) return color;
  return (
    '#' +
    fg
      .map((c, i) =>
        Math.round(c * alpha + bg[i]! * (1 - alpha))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}

// ── Critical path and errors ────────────────────────────────────────────────

/** The path's 'span' segments grouped by span (CSR, time order kept): span s owns start/end[offset[s] … offset[s+1]-1]. */
interface SpanSegments {
  offset: Int32Array;
  start: Float64Array;
  end: Float64Array;
}

function spanSegments(segments: readonly TraceSegment[], n: number): SpanSegments {
  const offset = new Int32Array(n + 1);
  const owns = (s: TraceSegment) => s.kind === 'span' && s.span >= 0 && s.span < n;
  for (const s of segments) if (owns(s)) offset[s.span + 1]!++;
  for (let i = 0; i < n; i++) offset[i + 1]! += offset[i]!;
  const fill = offset.slice(0, n);
  const start = new Float64Array(offset[n]!);
  const end = new Float64Array(offset[n]!);
  for (const s of segments) {
    if (!owns(s)) continue;
    const k = fill[s.span]!++;
    start[k] = s.start;
    end[k] = s.end;
  }
  return { offset, start, end };
}

/** Spans in error: status ERROR, or marked as an error (origin) by the analysis. */
function errorSpans(detail: TraceDetail): Uint8Array {
  const errors = Uint8Array.from(detail.spans.error);
  for (const m of detail.marks) {
    if ((m.kind === 'error' || m.kind === 'error-origin') && m.span >= 0 && m.span < errors.length) errors[m.span] = 1;
  }
  return errors;
}

function rootOf(detail: TraceDetail): number {
  const root = detail.criticalPath.root;
  return root >= 0 && root < detail.spans.size ? root : 0;
}

// ── Rows ────────────────────────────────────────────────────────────────────

interface DrawContext {
  spans: TraceSpans;
  scale: TimeScale;
  palette: FigurePalette;
  colors: ServiceColors;
  segments: SpanSegments;
  critical: Uint8Array;
  errors: Uint8Array;
  barHeight: number;
  labels: boolean;
}

/** Thin bars merged into one rectangle: pixel columns [left, right) of one colour and emphasis. */
interface ThinRun {
  left: number;
  right: number;
  service: string;
  error: boolean;
  critical: boolean;
  spans: number;
  segments: number;
  /** A few of the services inside, for the tooltip. */
  services: Set<string>;
}

/** One row, left to right (rows are sorted by start and by end, and their bars never overlap). */
function drawRow(ctx: DrawContext, rowSpans: Int32Array, y: number): string {
  const { spans, scale, segments } = ctx;
  const out: string[] = [];
  let run: ThinRun | null = null;
  let cell: ThinRun | null = null;

  const flushRun = () => {
    if (run) out.push(thinRun(ctx, run, y));
    run = null;
  };
  // A finished pixel column joins the run when it touches it and looks the same, else starts the next run.
  const flushCell = () => {
    if (!cell) return;
    const r: ThinRun | null = run;
    if (r && cell.left <= r.right && cell.error === r.error && cell.critical === r.critical && (cell.error || cell.service === r.service)) {
      r.right = Math.max(r.right, cell.right);
      r.spans += cell.spans;
      r.segments += cell.segments;
      for (const s of cell.services) if (r.services.size < 4) r.services.add(s);
    } else {
      flushRun();
      run = cell;
    }
    cell = null;
  };

  for (const s of rowSpans) {
    const start = spans.start[s]!;
    const x0 = scale.x(start);
    const x1 = scale.x(Math.max(start, spans.end[s]!));
    if (x1 - x0 >= THIN_PX) {
      flushCell();
      out.push(spanBar(ctx, s, x0, x1, y));
      continue;
    }
    // Like the app, the first thin bar of a pixel column decides its colour; the others in it are covered.
    const column = Math.floor(x0);
    if (cell === null || column !== cell.left) {
      flushCell();
      cell = {
        left: column,
        right: column + 1,
        service: spans.service[s]!,
        error: false,
        critical: false,
        spans: 0,
        segments: 0,
        services: new Set(),
      };
    }
    const c: ThinRun = cell;
    c.spans++;
    c.error ||= ctx.errors[s] === 1;
    c.critical ||= ctx.critical[s] === 1;
    c.segments += segments.offset[s + 1]! - segments.offset[s]!;
    if (c.services.size < 4) c.services.add(spans.service[s]!);
  }
  flushCell();
  flushRun();
  return out.join('');
}

function thinRun(ctx: DrawContext, run: ThinRun, y: number): string {
  const color = ctx.colors.of(run.service);
  const names = [...run.services].slice(0, 3).join(', ') + (run.services.size > 3 ? ', …' : '');
  const what = [run.critical ? 'on the critical path' : '', run.error ? 'with errors' : ''].filter(Boolean).join(', ');
  const tooltip = `${run.spans.toLocaleString('en-US')} span${run.spans === 1 ? '' : 's'} under ${THIN_PX} px at this scale${what ? ` (${what})` : ''}: ${names}`;
  return el(
    'rect',
    {
      x: run.left,
      y,
      width: run.right - run.left,
      height: ctx.barHeight,
      fill: run.error ? ctx.palette.error : run.critical ? color.full : color.dim,
      // A merged mark on the path counts as the path's marks it holds; errors off the path are error marks.
      'data-role': run.critical ? 'critical' : run.error ? 'error-mark' : 'merged',
      'data-spans': run.spans,
      'data-segments': run.critical ? run.segments : undefined,
      'data-error': run.error && run.critical ? 'true' : undefined,
    },
    title(tooltip),
  );
}

/** A bar wide enough to draw on its own: dimmed bar, the path's segments on it, error mark, label. */
function spanBar(ctx: DrawContext, s: number, x0: number, x1: number, y: number): string {
  const { spans, palette: p, barHeight: h } = ctx;
  const service = spans.service[s]!;
  const name = spans.name[s]!;
  const color = ctx.colors.of(service);
  // A 1 px gap at the right end tells back-to-back calls of one service apart (as in the app).
  const width = x1 - x0 >= 3 ? x1 - x0 - 1 : x1 - x0;
  const right = x0 + width;
  const parts = [
    title(`${service}: ${name} — ${formatNs(spans.end[s]! - spans.start[s]!)}`),
    el('rect', { x: x0, y, width, height: h, fill: color.dim }),
    ...criticalMarks(ctx, s, x0, right, y, color.full),
  ];

  const error = ctx.errors[s] === 1;
  if (error) {
    // An outline, and a corner flag that survives when the outline is hard to see on a busy row.
    const size = Math.min(7, width - 1, h);
    parts.push(
      el(
        'g',
        { 'data-role': 'error-mark' },
        el('rect', {
          x: x0 + 0.75,
          y: y + 0.75,
          width: Math.max(0.5, width - 1.5),
          height: h - 1.5,
          fill: 'none',
          stroke: p.error,
          'stroke-width': 1.5,
        }),
        size > 1 && el('path', { d: `M${num(right - size)} ${num(y)}H${num(right)}V${num(y + size)}Z`, fill: p.error }),
      ),
    );
  }

  const room = width - 8 - (error ? 7 : 0);
  if (ctx.labels && width >= LABEL_MIN_PX && room >= 8) {
    const label = fitText(`${service}: ${name}`, room, LABEL_SIZE);
    // Labels on the path read on the full colour; off the path on the pale bar.
    const onPath = ctx.critical[s] === 1;
    if (label !== '') {
      parts.push(
        text(x0 + 4, y + h / 2 + LABEL_SIZE * 0.35, label, {
          'font-size': LABEL_SIZE,
          fill: onPath ? color.text : p.fg,
          'fill-opacity': onPath ? undefined : 0.75,
        }),
      );
    }
  }
  return el('g', { 'data-role': 'span', 'data-service': service, 'data-span': s }, ...parts);
}

/** The span's path segments in full colour; segments closer than THIN_PX merge into one mark that counts them. */
function criticalMarks(ctx: DrawContext, s: number, left: number, right: number, y: number, color: string): string[] {
  const { offset, start, end } = ctx.segments;
  const marks: string[] = [];
  let a = NaN;
  let b = NaN;
  let count = 0;
  const flush = () => {
    if (count === 0) return;
    const x0 = Math.max(left, Math.min(a, right - 1));
    const x1 = Math.min(right, Math.max(b, x0 + 1));
    marks.push(
      el('rect', { x: x0, y, width: x1 - x0, height: ctx.barHeight, fill: color, 'data-role': 'critical', 'data-segments': count }),
    );
  };
  for (let j = offset[s]!; j < offset[s + 1]!; j++) {
    const x0 = ctx.scale.x(start[j]!);
    const x1 = ctx.scale.x(end[j]!);
    if (count > 0 && x0 <= b + THIN_PX) {
      b = Math.max(b, x1);
      count++;
    } else {
      flush();
      a = x0;
      b = x1;
      count = 1;
    }
  }
  flush();
  return marks;
}

/** Waits between a hand-off and its consumer: hatched, dashed outline, in the consumer's row. */
function drawQueueWaits(
  ctx: DrawContext,
  segments: readonly TraceSegment[],
  row: Int32Array,
  shownRows: number,
  rowHeight: number,
): string {
  const { spans, scale, palette: p, barHeight: h } = ctx;
  const out: string[] = [];
  // Segments come in time order; per row, waits closer than THIN_PX merge (a 1M-span trace can hold many).
  const pending = new Map<number, { a: number; b: number; ns: number; count: number; span: number }>();
  const flush = (r: number) => {
    const q = pending.get(r);
    if (!q) return;
    pending.delete(r);
    const y = AXIS_HEIGHT + r * rowHeight + BAR_INSET;
    const width = Math.max(2, q.b - q.a);
    const consumer = `${spans.service[q.span]!}: ${spans.name[q.span]!}`;
    const tooltip =
      q.count === 1 ? `waiting in a queue: ${formatNs(q.ns)} before ${consumer}` : `${q.count} queue waits, ${formatNs(q.ns)} in all`;
    out.push(
      el(
        'g',
        { 'data-role': 'queue', 'data-segments': q.count },
        title(tooltip),
        el('rect', {
          x: q.a + 0.5,
          y: y + 0.5,
          width: Math.max(1, width - 1),
          height: h - 1,
          fill: `url(#${HATCH_ID})`,
          stroke: p.fg,
          'stroke-dasharray': '3 2',
        }),
        ctx.labels &&
          width >= 44 &&
          text(q.a + width / 2, y + h / 2 + LABEL_SIZE * 0.35, 'queue', { 'font-size': LABEL_SIZE, fill: p.fg, 'text-anchor': 'middle' }),
      ),
    );
  };
  for (const s of segments) {
    if (s.kind !== 'queue' || s.span < 0 || s.span >= spans.size) continue;
    const r = row[s.span]!;
    if (r >= shownRows) continue;
    const a = scale.x(s.start);
    const b = scale.x(s.end);
    const q = pending.get(r);
    if (q && a <= q.b + THIN_PX) {
      q.b = Math.max(q.b, b);
      q.ns += s.end - s.start;
      q.count++;
    } else {
      flush(r);
      pending.set(r, { a, b, ns: s.end - s.start, count: 1, span: s.span });
    }
  }
  for (const r of [...pending.keys()]) flush(r);
  return out.join('');
}

function hiddenRowsNote(detail: TraceDetail, row: Int32Array, shownRows: number, hiddenRows: number): string {
  let hiddenSpans = 0;
  let hiddenOnPath = 0;
  const critical = criticalMask(detail);
  for (let i = 0; i < row.length; i++) {
    if (row[i]! < shownRows) continue;
    hiddenSpans++;
    hiddenOnPath += critical[i]!;
  }
  const rows = `${hiddenRows.toLocaleString('en-US')} more row${hiddenRows === 1 ? '' : 's'} not shown`;
  const path = hiddenOnPath > 0 ? `; ${hiddenOnPath.toLocaleString('en-US')} of them on the critical path` : '';
  return `${rows} (${hiddenSpans.toLocaleString('en-US')} spans${path})`;
}

// ── Axis ────────────────────────────────────────────────────────────────────

function maxTicks(width: number): number {
  return Math.max(2, Math.floor(width / 110));
}

/** Faint vertical lines at the ticks, under the bars. */
function axisGrid(scale: TimeScale, bottom: number, p: FigurePalette): string {
  const d = timeTicks(scale.from, scale.to, maxTicks(scale.width))
    .map((t) => `M${num(Math.round(scale.x(t)) + 0.5)} ${AXIS_HEIGHT}V${num(bottom)}`)
    .join('');
  return d === '' ? '' : el('path', { d, stroke: p.border, 'stroke-width': 1, fill: 'none', 'data-role': 'grid' });
}

/** Baseline, ticks and their labels ("0", "250 ms", …) above the rows. */
function axis(scale: TimeScale, p: FigurePalette): string {
  const count = maxTicks(scale.width);
  const step = tickStep(scale.from, scale.to, count);
  const ticks = timeTicks(scale.from, scale.to, count);
  let d = `M0 ${AXIS_HEIGHT - 0.5}H${num(scale.width)}`;
  const labels: string[] = [];
  for (const t of ticks) {
    const x = Math.round(scale.x(t)) + 0.5;
    d += `M${num(x)} ${AXIS_HEIGHT - 6}V${AXIS_HEIGHT}`;
    const label = formatOffset(t, step);
    // The last label would run off the chart: right-align it to its tick instead.
    const fits = x + 3 + textWidth(label, LABEL_SIZE) <= scale.width;
    labels.push(
      text(fits ? x + 3 : x - 3, AXIS_HEIGHT / 2 + 3, label, {
        'font-size': LABEL_SIZE,
        fill: p.muted,
        'text-anchor': fits ? undefined : 'end',
      }),
    );
  }
  return el('g', { 'data-role': 'axis' }, el('path', { d, stroke: p.border, 'stroke-width': 1, fill: 'none' }), ...labels);
}

// ── Key numbers and legend ──────────────────────────────────────────────────

function keyNumbers(detail: TraceDetail): KeyNumber[] {
  const { spans, criticalPath: path } = detail;
  const numbers: KeyNumber[] = [
    { label: 'duration', value: formatNs(detail.durationNs) },
    { label: 'critical path', value: formatNs(path.end - path.start) },
    { label: 'spans', value: spans.size.toLocaleString('en-US') },
    { label: 'services', value: String(new Set(spans.service).size) },
  ];
  if (path.queueNs > 0) numbers.push({ label: 'waiting in queues', value: formatNs(path.queueNs) });
  if (detail.clockAdjustedSpans > 0) {
    numbers.push({ label: 'clock-skew adjusted', value: `${detail.clockAdjustedSpans.toLocaleString('en-US')} spans` });
  }
  return numbers;
}

/** Time each service spends on the path, largest first. */
function criticalByService(detail: TraceDetail): [string, number][] {
  const byService = new Map<string, number>();
  for (const s of detail.criticalPath.segments) {
    if (s.kind !== 'span' || s.span < 0 || s.span >= detail.spans.size) continue;
    const service = detail.spans.service[s.span]!;
    byService.set(service, (byService.get(service) ?? 0) + (s.end - s.start));
  }
  return [...byService].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function legend(detail: TraceDetail, ctx: DrawContext): LegendItem[] {
  const p = ctx.palette;
  const onPath = criticalByService(detail);
  const items: LegendItem[] = onPath
    .slice(0, MAX_LEGEND_SERVICES)
    .map(([service]) => ({ kind: 'swatch', color: ctx.colors.of(service).full, label: service }));
  if (onPath.length > MAX_LEGEND_SERVICES) {
    items.push({ kind: 'outline', color: p.border, dashed: true, label: `+${onPath.length - MAX_LEGEND_SERVICES} more on the path` });
  }
  // The path and the rest in the same hue, full and dimmed, as the bars are drawn.
  const sample = ctx.colors.of(onPath[0]?.[0] ?? detail.spans.service[rootOf(detail)] ?? '');
  items.push({ kind: 'swatch', color: sample.full, label: 'critical path' });
  items.push({ kind: 'swatch', color: sample.dim, label: 'off the critical path' });
  if (detail.criticalPath.segments.some((s) => s.kind === 'queue')) items.push({ kind: 'hatch', color: p.fg, label: 'queue wait' });
  if (ctx.errors.some((e) => e === 1)) items.push({ kind: 'swatch', color: p.error, label: 'error' });
  return items;
}
