/**
 * SVG → PNG for the CLI, with resvg (a maintained Rust renderer, prebuilt
 * for each platform): the same SVG the app exports, at 2× pixel density so
 * it stays crisp in a document. Fonts come from the system; the exports
 * name common sans-serif families, so any desktop or CI box has one.
 */
import { Resvg } from '@resvg/resvg-js';
import { PNG_SCALE, type Figure } from '../shared/export/figure.js';

export function rasterizePng(figure: Pick<Figure, 'svg'>): Uint8Array {
  const resvg = new Resvg(figure.svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
