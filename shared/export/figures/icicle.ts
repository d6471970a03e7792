/**
 * The aggregate flames (critical-path flame, differential flame) drawn as an
 * SVG icicle for export, the way the app's Icicle.tsx draws them: the root
 * across the top, children below, each frame as wide as its slice.
 *
 *   |all traces                                              |  depth 0: the full width
 *   |gateway GET /checkout                                   |
 *   |order place                               |auth check   |
 *   |payment charge         |/pg SELECT/|                       /…/ hatched
 *
 * The slices come from the same layout functions the app uses
 * (flame-slices.ts, diff-flame-slices.ts), so the image and the screen
 * agree frame for frame. An image cannot be zoomed, so the whole tree is
 * drawn unzoomed, every depth; frames narrower than a pixel are left out by
 * the layout (as on screen). Each frame is a <g data-role="frame"> whose
 * <title> is the tooltip an SVG viewer shows on hover.
 */
import { textColorOn } from '../../render/service-colors.js';
import { HATCH_ID, type FigurePalette } from '../figure.js';
import { el, fitText, text, title, type Attrs } from '../svg.js';
import { frameLabel } from './figure-text.js';

export interface IcicleSlice<F> {
  frame: F;
  /** 0 for the root. */
  depth: number;
  /** Edges as fractions of the full width. */
  x0: number;
  x1: number;
}

export interface IcicleFramePaint {
  fill: string;
  /**
   * 'overlay': faint hatching over the fill (a callee that is not
   * instrumented: it keeps its service colour). 'replace': the figure's
   * hatch instead of the fill (a frame only in the baseline), matching the
   * legend's hatch item. Both get a dashed outline, as in the app.
   */
  hatch: 'overlay' | 'replace' | null;
  /** Extra attributes of the frame's <g>, e.g. { 'data-change': 'slower' }. */
  data?: Attrs;
  /** The hover tooltip, lines separated by '\n'. */
  tooltip: string;
}

export const ICICLE_ROW = 18;
const LABEL_SIZE = 11;
const LABEL_PAD = 4;
/** Frames narrower than this get no label (as in the app). */
const MIN_LABEL_PX = 40;
/** The overlay hatching: lines only, so the service colour shows through. */
const OVERLAY_HATCH_ID = 'icicle-hatch';

export interface IcicleDrawing {
  svg: string;
  width: number;
  height: number;
  defs: string;
}

export function drawIcicle<F extends { service: string; operation: string }>(
  slices: readonly IcicleSlice<F>[],
  width: number,
  paint: (frame: F) => IcicleFramePaint,
  palette: FigurePalette,
): IcicleDrawing {
  const depth = slices.reduce((max, s) => Math.max(max, s.depth), 0);
  const height = (depth + 1) * ICICLE_ROW;
  const frames = slices.map((slice) => drawFrame(slice, width, paint(slice.frame), palette));
  const defs = el(
    'pattern',
    { id: OVERLAY_HATCH_ID, width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: palette.fg, 'stroke-opacity': 0.22, 'stroke-width': 2 }),
  );
  return { svg: el('g', { 'data-role': 'icicle' }, ...frames), width, height, defs };
}

function drawFrame<F extends { service: string; operation: string }>(
  slice: IcicleSlice<F>,
  width: number,
  paint: IcicleFramePaint,
  p: FigurePalette,
): string {
  const { frame } = slice;
  const x = slice.x0 * width;
  const w = (slice.x1 - slice.x0) * width;
  const y = slice.depth * ICICLE_ROW;
  // A hairline between neighbours, once a frame is wide enough to spare it.
  const drawn = w >= 3 ? w - 1 : w;
  const h = ICICLE_ROW - 1;
  const outline = paint.hatch === null ? {} : { stroke: p.muted, 'stroke-width': 1, 'stroke-dasharray': '3 2' };
  const fill = paint.hatch === 'replace' ? `url(#${HATCH_ID})` : paint.fill;
  const label = w >= MIN_LABEL_PX ? fitText(frameLabel(frame), w - 2 * LABEL_PAD, LABEL_SIZE) : '';
  return el(
    'g',
    { 'data-role': 'frame', 'data-service': frame.service, 'data-operation': frame.operation, 'data-depth': slice.depth, ...paint.data },
    title(paint.tooltip),
    el('rect', { x, y, width: drawn, height: h, fill, ...outline }),
    paint.hatch === 'overlay' && el('rect', { x, y, width: drawn, height: h, fill: `url(#${OVERLAY_HATCH_ID})` }),
    label !== '' &&
      // Baseline ~0.35em below the middle: centred without dominant-baseline, which not every rasteriser honours.
      text(x + LABEL_PAD, y + ICICLE_ROW / 2 + 4, label, {
        'font-size': LABEL_SIZE,
        fill: paint.hatch === 'replace' ? p.fg : textColorOn(paint.fill),
      }),
  );
}
