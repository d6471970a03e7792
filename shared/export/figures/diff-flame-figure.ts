/**
 * The differential critical-path flame graph as an image: the app's
 * DiffFlameGraph.tsx. Call paths merged across both sides, each frame as
 * wide as its larger side (mean critical-path time per trace in a or in b),
 * coloured by what happened to it in b:
 *
 *   |all traces                                     |  grey: within 5%
 *   |gateway GET /checkout                          |  green: less time in b (faster)
 *   |order place                    |/inventory…/|     red: more time in b (slower)
 *   |payment charge |                                  full red: only in b
 *                                                      /hatched/: only in a
 *
 * The classification is diffChange's (diff-flame-slices.ts), so every
 * frame's data-change says what the app's tooltip says. The app's diverging
 * scale runs blue → red; an export uses the palette's good/bad colours, as
 * every comparison figure does, with the same strength rule (a small change
 * still shows, a large one saturates).
 */
import type { DatasetComparison, DiffFrame } from '../../engine/compare-api.js';
import { FLAME_FRACTIONS, type FlameFraction } from '../../engine/dataset-analysis-api.js';
import { diffChange, diffSlices, relativeDelta, SAME_WITHIN, type DiffChange } from '../../render/diff-flame-slices.js';
import { neutralColor, parseHex } from '../../render/service-colors.js';
import { formatNs, percent } from '../../text/units.js';
import { composeFigure, datasetLabel, fileStem, type Figure, type FigurePalette, type KeyNumber, type LegendItem } from '../figure.js';
import { text } from '../svg.js';
import { FLAME_FRACTION_NAMES } from './critical-flame-figure.js';
import { formatCount, frameLabel, signedPercent } from './figure-text.js';
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
        fill: diffColor(frame, change, p),
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
  const delta = frame.bNs - frame.aNs;
  const sign = delta < 0 ? '−' : '+';
  return [
    frameLabel(frame) + (frame.virtual ? ' (not instrumented)' : ''),
    `${labels.a}: ${formatNs(frame.aNs)} per trace (self ${formatNs(frame.aSelfNs)})`,
    `${labels.b}: ${formatNs(frame.bNs)} per trace (self ${formatNs(frame.bSelfNs)})`,
    `Δ ${sign}${formatNs(Math.abs(delta))}` +
      (frame.aNs > 0 ? ` (${sign}${percent(Math.abs(delta) / frame.aNs)})` : '') +
      (change === 'added' ? ` (only in ${labels.b})` : change === 'removed' ? ` (only in ${labels.a})` : ''),
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

function legend(p: FigurePalette, labels: { a: string; b: string }): LegendItem[] {
  const within = percent(SAME_WITHIN);
  return [
    {
      kind: 'ramp',
      from: scaleColor(-SAME_WITHIN, p),
      to: scaleColor(-1, p),
      label: `less time in ${labels.b}`,
      low: within,
      high: '100%',
    },
    { kind: 'ramp', from: scaleColor(SAME_WITHIN, p), to: scaleColor(1, p), label: `more time in ${labels.b}`, low: within, high: '100%' },
    { kind: 'swatch', color: neutralColor(p.theme), label: `within ${within}` },
    { kind: 'swatch', color: scaleColor(1, p), label: `only in ${labels.b}` },
    { kind: 'hatch', color: p.muted, label: `only in ${labels.a}` },
  ];
}

/** A frame's fill: the scale at its relative Δ; grey when about the same; a removed frame is hatched (its fill unused). */
function diffColor(frame: DiffFrame, change: DiffChange, p: FigurePalette): string {
  if (change === 'same' || change === 'removed') return neutralColor(p.theme);
  return scaleColor(relativeDelta(frame), p);
}

/** t in [-1, 1]: grey at 0, towards good below, towards bad above; a mild floor so a small change still shows (the app's rule). */
function scaleColor(t: number, p: FigurePalette): string {
  const neutral = neutralColor(p.theme);
  if (t === 0) return neutral;
  const strength = 0.25 + 0.75 * Math.min(1, Math.abs(t));
  return mix(neutral, t < 0 ? p.good : p.bad, strength);
}

function mix(from: string, to: string, k: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  if (!a || !b) return to;
  const channel = (i: number) =>
    Math.round(a[i]! + (b[i]! - a[i]!) * k)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}
