/**
 * The dataset's aggregate critical-path flame graph as an image: the app's
 * "Where end-to-end latency goes" (CriticalFlameGraph.tsx) for all traces,
 * the slowest 10% or the slowest 1%. Call paths merged across traces, each
 * frame as wide as its share of their critical-path time, coloured by
 * service; callees that are not instrumented hatched.
 *
 *   Where end-to-end latency goes
 *   before · all traces
 *   [traces 1,000] [critical-path time 3.1 s] [per trace 3.1 ms] [top service payment 41%]
 *   |all traces                                                   |
 *   |gateway GET /checkout                                        |
 *   |order place                                   |auth check    |
 *   |payment charge            |/pg SELECT/|
 *   ■ payment 41%  ■ order 22%  …  ▨ not instrumented
 *
 * The figure is the whole tree, unzoomed: the frames a reader needs are the
 * widest ones, and the <title> of every frame carries its numbers.
 */
import {
  FLAME_FRACTION_NAMES,
  FLAME_FRACTIONS,
  type CriticalFlame,
  type DatasetAnalysis,
  type FlameFraction,
  type FlameFrame,
} from '../../engine/dataset-analysis-api.js';
import { flameSlices } from '../../render/flame-slices.js';
import { serviceColor } from '../../render/service-colors.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, fileStem, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { text } from '../svg.js';
import { formatCount, frameLabel } from './figure-text.js';
import { drawIcicle } from './icicle.js';

export interface CriticalFlameFigureOptions {
  palette: FigurePalette;
  /** Which traces: all (1, the default), the slowest 10% or 1%. */
  fraction?: FlameFraction;
  /** Width of the graph in px (the figure adds its margins). Default 960. */
  width?: number;
}

const DEFAULT_WIDTH = 960;
/** Services named in the legend, the largest first. */
const LEGEND_SERVICES = 8;

export function criticalFlameFigure(analysis: DatasetAnalysis, options: CriticalFlameFigureOptions): Figure {
  const p = options.palette;
  const fraction = options.fraction ?? FLAME_FRACTIONS[0]!;
  const width = Math.max(200, Math.round(options.width ?? DEFAULT_WIDTH));
  const flame = analysis.accumulation.flames.find((f) => f.slowest === fraction)?.flame;
  const name = fileStem('critical-flame', analysis.dataset, fraction === 1 ? '' : FLAME_FRACTION_NAMES[fraction]);
  const figureTitle = 'Where end-to-end latency goes';
  const subtitle = `${analysis.dataset} · ${FLAME_FRACTION_NAMES[fraction]} · width = time on the critical path`;

  if (!flame || flame.traces === 0 || flame.root.totalNs <= 0) {
    return composeFigure({
      name,
      title: figureTitle,
      subtitle,
      numbers: [{ label: 'traces', value: '0' }],
      legend: [],
      body: {
        svg: text(0, 16, 'No complete traces to merge.', { 'font-size': 13, fill: p.muted, 'data-role': 'empty' }),
        width,
        height: 24,
      },
      palette: p,
    });
  }

  const allNs = flame.root.totalNs;
  const slices = flameSlices(flame.root, 1 / width);
  const icicle = drawIcicle(
    slices,
    width,
    (frame) => ({
      fill: serviceColor(frame.service, p.theme),
      hatch: frame.virtual ? 'overlay' : null,
      tooltip: frameTooltip(frame, flame),
    }),
    p,
  );
  const services = serviceTimes(flame.root);
  // Services under 0.1% are slivers at best: naming them would only push the real ones out of the legend.
  const legend: LegendItem[] = services
    .filter(([, ns]) => ns / allNs >= 0.001)
    .slice(0, LEGEND_SERVICES)
    .map(([service, ns]) => ({ kind: 'swatch', color: serviceColor(service, p.theme), label: `${service} ${percent(ns / allNs)}` }));
  if (slices.some((s) => s.frame.virtual))
    legend.push({ kind: 'hatch', color: p.muted, label: 'not instrumented (seen from its callers)' });

  return composeFigure({
    name,
    title: figureTitle,
    subtitle,
    numbers: keyNumbers(analysis, flame, fraction, services),
    legend,
    body: icicle,
    palette: p,
  });
}

function frameTooltip(frame: FlameFrame, flame: CriticalFlame): string {
  const allNs = flame.root.totalNs;
  return [
    frameLabel(frame) + (frame.virtual ? ' (not instrumented)' : ''),
    `Total ${formatNs(frame.totalNs)} · self ${formatNs(frame.selfNs)}`,
    `Share ${percent(frame.totalNs / allNs)} of all critical-path time`,
    `Traces ${formatCount(frame.traces)} of ${formatCount(flame.traces)}`,
  ].join('\n');
}

function keyNumbers(analysis: DatasetAnalysis, flame: CriticalFlame, fraction: FlameFraction, services: [string, number][]): KeyNumber[] {
  const allNs = flame.root.totalNs;
  const numbers: KeyNumber[] = [
    {
      label: 'traces',
      value: fraction === 1 ? formatCount(flame.traces) : `${formatCount(flame.traces)} of ${formatCount(analysis.traces)}`,
    },
    { label: 'critical-path time', value: formatNs(allNs) },
    { label: 'per trace', value: formatNs(allNs / flame.traces) },
  ];
  // The median is the whole dataset's; for a slice of the slowest traces the app shows the threshold instead.
  if (fraction === 1) numbers.push({ label: 'median critical path', value: formatNs(analysis.criticalPathNs.p50) });
  else numbers.push({ label: 'critical path ≥', value: formatNs(flame.thresholdNs) });
  const top = services[0];
  if (top) numbers.push({ label: 'top service', value: `${top[0]} ${percent(top[1] / allNs)}` });
  return numbers;
}

/**
 * Each service's own (exclusive) critical-path time summed over its frames,
 * largest first: the legend's order and the "top service" share. Self time,
 * not total, so nested frames of one service are not counted twice and the
 * shares add up to at most 100%. The root and '(other)' have no service.
 */
export function serviceTimes(root: FlameFrame): [string, number][] {
  const times = new Map<string, number>();
  const stack = [root];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.service !== '' && frame.selfNs > 0) times.set(frame.service, (times.get(frame.service) ?? 0) + frame.selfNs);
    for (const child of frame.children) stack.push(child);
  }
  return [...times].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
