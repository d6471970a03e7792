/**
 * The differential critical-path flame graph as an image: the app's
 * DiffFlameGraph.tsx. Call paths merged across both sides, each frame as
 * wide as its larger side (mean critical-path time per trace in a or in b),
 * coloured by what happened to it in b:
 *
 *   |all traces                                     |  grey: within 5%
 *   |gateway GET /checkout                          |  blue: less time in b (faster)
 *   |order place                    |/inventory…/|     red: more time in b (slower)
 *   |payment charge |                                  full red: only in b
 *                                                      /hatched/: only in a
 *
 * The classification is diffChange's (diff-flame-slices.ts), so every
 * frame's data-change says what the app's tooltip says, and the colours are
 * the app's diverging scale (diff-colors.ts), not the palette's good/bad:
 * the image shows the frames in the colours the reader saw on screen.
 */
import type { DatasetComparison, DiffFrame } from '../../engine/compare-api.js';
import { FLAME_FRACTION_NAMES, FLAME_FRACTIONS, type FlameFraction } from '../../engine/dataset-analysis-api.js';
import { diffFrameColor, diffScaleColor } from '../../render/diff-colors.js';
import { diffChange, diffSlices, SAME_WITHIN, type DiffChange } from '../../render/diff-flame-slices.js';
import { neutralColor } from '../../render/service-colors.js';
import { frameDeltaText, signedPercent } from '../../text/compare-text.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, datasetLabel, fileStem, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { text } from '../svg.js';
import { formatCount, frameLabel } from './figure-text.js';
import { drawIcicle } from './icicle.js';

export interface DiffFlameFigureOptions {
  palette: FigurePalette;
  /** Which traces: all (1, the default), the slowest 10% or 1% of each side. */
  fraction?: FlameFraction;
  /** Width of the graph in px (the figure adds its margins). Default 960. */
  width?: number;
}

const DEFAULT_WIDTH = 960;

export function diffFlameFigure(comparison: DatasetComparison, options: DiffFlameFigureOptions): Figure {
  const p = options.palette;
  const fraction = options.fraction ?? FLAME_FRACTIONS[0]!;
  const width = Math.max(200, Math.round(options.width ?? DEFAULT_WIDTH));
  const labels = { a: comparison.a.label, b: comparison.b.label };
  const root = comparison.flames.find((f) => f.slowest === fraction)?.root;
  const name = fileStem('diff-flame', labels.a, 'vs', labels.b, fraction === 1 ? '' : FLAME_FRACTION_NAMES[fraction]);
  const figureTitle = 'Critical path: which call chains gained or lost time';
  const subtitle = `${datasetLabel([labels.a, labels.b])} · ${FLAME_FRACTION_NAMES[fraction]} · width = mean critical-path time per trace, the larger side`;

  if (!root || Math.max(root.aNs, root.bNs) <= 0) {
    return composeFigure({
      name,
      title: figureTitle,
      subtitle,
      numbers: [],
      legend: [],
      body: {
        svg: text(0, 16, 'No complete traces to compare.', { 'font-size': 13, fill: p.muted, 'data-role': 'empty' }),
        width,
        height: 24,
      },
      palette: p,
    });
  }

  const icicle = drawIcicle(
    diffSlices(root, 1 / width),
    width,
    (frame) => {
      const change = diffChange(frame);
      return {
        fill: diffFrameColor(frame, change, p.theme),
        hatch: change === 'removed' ? 'replace' : null,
        data: { 'data-change': change },
        tooltip: frameTooltip(frame, change, labels),
      };
    },
    p,
  );
  return composeFigure({
    name,
    title: figureTitle,
    subtitle,
    numbers: keyNumbers(comparison, root),
    legend: legend(p, labels),
    body: icicle,
    palette: p,
  });
}

function frameTooltip(frame: DiffFrame, change: DiffChange, labels: { a: string; b: string }): string {
  return [
    frameLabel(frame) + (frame.virtual ? ' (not instrumented)' : ''),
    `${labels.a}: ${formatNs(frame.aNs)} per trace (self ${formatNs(frame.aSelfNs)})`,
    `${labels.b}: ${formatNs(frame.bNs)} per trace (self ${formatNs(frame.bSelfNs)})`,
    `Δ ${frameDeltaText(frame, change, labels)}`,
  ].join('\n');
}

function keyNumbers(c: DatasetComparison, root: DiffFrame): KeyNumber[] {
  const numbers: KeyNumber[] = [
    { label: 'critical path per trace', value: `${formatNs(root.aNs)} → ${formatNs(root.bNs)}` },
    { label: 'change', value: root.aNs > 0 ? signedPercent(root.bNs / root.aNs - 1) : '—' },
    { label: 'traces', value: `${formatCount(c.a.traces)} → ${formatCount(c.b.traces)}` },
  ];
  // Own (exclusive) time, so the answer is the frame where the time went, not every ancestor above it.
  const { gained, lost } = largestSelfChanges(root);
  if (gained) numbers.push({ label: 'most added', value: `${frameLabel(gained.frame)} +${formatNs(gained.delta)}` });
  if (lost) numbers.push({ label: 'most saved', value: `${frameLabel(lost.frame)} −${formatNs(-lost.delta)}` });
  return numbers;
}

/** The frames whose own time per trace grew most and shrank most (null when none did). */
function largestSelfChanges(root: DiffFrame): {
  gained: { frame: DiffFrame; delta: number } | null;
  lost: { frame: DiffFrame; delta: number } | null;
} {
  let gained: { frame: DiffFrame; delta: number } | null = null;
  let lost: { frame: DiffFrame; delta: number } | null = null;
  const stack = [...root.children];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const delta = frame.bSelfNs - frame.aSelfNs;
    if (delta > 0 && (!gained || delta > gained.delta)) gained = { frame, delta };
    if (delta < 0 && (!lost || delta < lost.delta)) lost = { frame, delta };
    for (const child of frame.children) stack.push(child);
  }
  return { gained, lost };
}

/** The scale as the app's legend runs it, faster to slower, with the ends of each half. */
function legend(p: FigurePalette, labels: { a: string; b: string }): LegendItem[] {
  const within = percent(SAME_WITHIN);
  const color = (t: number) => diffScaleColor(t, p.theme);
  return [
    { kind: 'ramp', from: color(-SAME_WITHIN), to: color(-1), label: `faster: less time in ${labels.b}`, low: within, high: '100%' },
    { kind: 'ramp', from: color(SAME_WITHIN), to: color(1), label: `slower: more time in ${labels.b}`, low: within, high: '100%' },
    { kind: 'swatch', color: neutralColor(p.theme), label: `within ${within}` },
    { kind: 'swatch', color: color(1), label: `only in ${labels.b}` },
    { kind: 'hatch', color: p.muted, label: `only in ${labels.a}` },
  ];
}
