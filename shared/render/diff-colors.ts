/**
 * The colours of a before/after change: the app's differential flame graph
 * (DiffFlameGraph.tsx) and its export (diff-flame-figure.ts) both paint with
 * these, so a frame in a postmortem image has the colour the reader saw on
 * screen.
 *
 * A diverging scale around the bars' grey: towards FASTER where b spends
 * less time, towards SLOWER where it spends more.
 *
 *   t = -1          0          +1
 *       FASTER ··· grey ··· SLOWER
 */
import type { DiffFrame } from '../engine/compare-api.js';
import { relativeDelta, type DiffChange } from './diff-flame-slices.js';
import { neutralColor, parseHex, type ColorTheme } from './service-colors.js';

/** The ends of the scale, per theme. */
export const FASTER: Record<ColorTheme, string> = { light: '#4f86d9', dark: '#3f78c9' };
export const SLOWER: Record<ColorTheme, string> = { light: '#e0584c', dark: '#c9483d' };

/**
 * The share of a change's colour at the smallest change that is not 'same':
 * without it a 6% change would be indistinguishable from the grey of 'same'.
 */
const FLOOR = 0.25;

/** "#rrggbb" `k` of the way from `from` to `to` (0 → from, 1 → to); `to` when either is not a hex colour. */
export function mixHex(from: string, to: string, k: number): string {
  const a = parseHex(from);
  const b = parseHex(to);
  if (!a || !b) return to;
  const channel = (i: number) =>
    Math.round(a[i]! + (b[i]! - a[i]!) * k)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

/** t in [-1, 1] (beyond is clamped): grey at 0, towards FASTER below, towards SLOWER above. */
export function diffScaleColor(t: number, theme: ColorTheme): string {
  const neutral = neutralColor(theme);
  if (t === 0) return neutral;
  const strength = FLOOR + (1 - FLOOR) * Math.min(1, Math.abs(t));
  return mixHex(neutral, t < 0 ? FASTER[theme] : SLOWER[theme], strength);
}

/**
 * A frame's fill: the scale at its relative Δ; grey when about the same and
 * for a removed frame (which is hatched over, so its fill only shows
 * through the hatching).
 */
export function diffFrameColor(frame: DiffFrame, change: DiffChange, theme: ColorTheme): string {
  if (change === 'same' || change === 'removed') return neutralColor(theme);
  return diffScaleColor(relativeDelta(frame), theme);
}
