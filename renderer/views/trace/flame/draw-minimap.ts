/**
 * The minimap: the whole trace, every row squeezed into a strip a few dozen
 * pixels high. Drawn once per trace, size, theme and highlight mode (the
 * window rectangle on top is a DOM element), so dragging never repaints it.
 *
 * Bars narrower than a pixel mark their pixel once: a bitmap of painted
 * pixels skips the rest, which bounds a 1M-span trace to about one rectangle
 * per minimap pixel.
 */
import type { FlameModel } from './flame-model.js';
import type { FlamePalette } from './flame-palette.js';
import { batchColors, DIM, FULL, RectBatches } from './rect-batches.js';

export const MINIMAP_HEIGHT = 44;
const PAD = 2;
/** Rows are never drawn taller than this, so a shallow trace still looks like a trace. */
const MAX_ROW_PX = 4;

export function drawMinimap(
  ctx: CanvasRenderingContext2D,
  model: FlameModel,
  width: number,
  palette: FlamePalette,
  showAll: boolean,
): void {
  const height = MINIMAP_HEIGHT;
  ctx.globalAlpha = 1;
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, width, height);
  if (width <= 0 || model.layout.rows === 0) return;
  const { spans, drawEnd, layout, serviceOf, bounds } = model;
  const scale = width / (bounds.to - bounds.from);
  const rowPx = Math.min(MAX_ROW_PX, (height - 2 * PAD) / layout.rows);
  const barPx = rowPx >= 3 ? rowPx - 1 : Math.max(rowPx, 1);
  const painted = new Uint8Array(Math.ceil(width) * height);
  const batches = new RectBatches();
  const colors = batchColors(palette);

  const add = (key: number, x0: number, x1: number, row: number) => {
    const y = PAD + row * rowPx;
    if (x1 - x0 < 1) {
      const pixel = Math.floor(y) * Math.ceil(width) + Math.min(Math.ceil(width) - 1, Math.max(0, Math.floor(x0)));
      if (painted[pixel] === 1) return;
      painted[pixel] = 1;
      batches.add(key, Math.floor(x0), y, 1, barPx);
      return;
    }
    batches.add(key, x0, y, x1 - x0, barPx);
  };

  for (let s = 0; s < spans.size; s++) {
    add(
      serviceOf[s]! * 3 + (showAll ? FULL : DIM),
      (spans.start[s]! - bounds.from) * scale,
      (drawEnd[s]! - bounds.from) * scale,
      layout.row[s]!,
    );
  }
  batches.fill(ctx, colors.colorOf, colors.alphaOf);

  if (!showAll) {
    // The path at full colour over the dimmed trace, as in the chart.
    painted.fill(0);
    for (let s = 0; s < spans.size; s++) {
      for (let j = model.segOffset[s]!; j < model.segOffset[s + 1]!; j++) {
        add(serviceOf[s]! * 3 + FULL, (model.segStart[j]! - bounds.from) * scale, (model.segEnd[j]! - bounds.from) * scale, layout.row[s]!);
      }
    }
    batches.fill(ctx, colors.colorOf, colors.alphaOf);
  }
}
