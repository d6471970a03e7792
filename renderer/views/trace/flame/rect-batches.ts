/**
 * Filling many rectangles with few state changes: rectangles are grouped by
 * a key (service colour × emphasis) and each group is one path and one
 * fill(). Setting fillStyle per bar is what makes a naive 100k-bar frame slow.
 */
import type { FlamePalette } from './flame-palette.js';

/** Emphasis levels: full colour, half (on the path but not matching the search), dimmed. */
export const FULL = 0;
export const HALF = 1;
export const DIM = 2;
const LEVEL_ALPHA = [1, 0.5, 0.2];

export class RectBatches {
  private readonly lists: number[][] = [];

  add(key: number, x: number, y: number, width: number, height: number): void {
    (this.lists[key] ??= []).push(x, y, width, height);
  }

  fill(ctx: CanvasRenderingContext2D, colorOf: (key: number) => string, alphaOf: (key: number) => number): void {
    this.lists.forEach((list, key) => {
      if (list.length === 0) return;
      ctx.globalAlpha = alphaOf(key);
      ctx.fillStyle = colorOf(key);
      ctx.beginPath();
      for (let i = 0; i < list.length; i += 4) ctx.rect(list[i]!, list[i + 1]!, list[i + 2]!, list[i + 3]!);
      ctx.fill();
      list.length = 0;
    });
    ctx.globalAlpha = 1;
  }
}

/**
 * Keys are colour × 3 + level. Colours are the service indexes, and one more
 * after them, `errorIndex`, for thin marks of error spans.
 */
export function batchColors(palette: FlamePalette) {
  const errorIndex = palette.service.length;
  return {
    errorIndex,
    colorOf: (key: number) => {
      const index = Math.floor(key / 3);
      return index === errorIndex ? palette.error : palette.service[index]!;
    },
    alphaOf: (key: number) => LEVEL_ALPHA[key % 3]!,
  };
}
