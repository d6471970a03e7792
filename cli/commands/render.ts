/**
 * `hopscope render VIEW FILE... [--vs FILE...] [--trace ID] --out PATH.svg|PATH.png`:
 * draws a view without a window, with the app's drawing code
 * (shared/export/view-figures.ts), as SVG or as PNG (resvg, 2×). A view that
 * makes several images (hotspots: one per table) writes PATH-<name>.ext for each.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { FIGURE_PALETTES } from '../../shared/export/figure.js';
import { viewFigures, type RenderView } from '../../shared/export/view-figures.js';
import type { ColorTheme } from '../../shared/render/service-colors.js';
import type { EdgeColorBy } from '../../shared/render/map-scales.js';
import { UsageError } from '../args.js';
import { rasterizePng } from '../rasterize.js';
import { loadAsOneDataset } from './load-files.js';

export interface RenderOptions {
  view: RenderView;
  files: string[];
  vs: string[];
  traceId?: string;
  out: string;
  theme: ColorTheme;
  colorBy: EdgeColorBy;
}

export async function renderCommand(engine: HopscopeEngine, o: RenderOptions): Promise<number> {
  const format = imageFormat(o.out);
  const a = await loadAsOneDataset(engine, o.files, sideName(o.files, 'baseline'));
  const b = o.vs.length > 0 ? await loadAsOneDataset(engine, o.vs, sideName(o.vs, 'comparison', a.dataset)) : null;
  const figures = await viewFigures(engine, {
    view: o.view,
    dataset: a.dataset,
    ...(b ? { vs: b.dataset } : {}),
    ...(o.traceId !== undefined ? { traceId: o.traceId } : {}),
    palette: FIGURE_PALETTES[o.theme],
    colorBy: o.colorBy,
  });
  const ext = path.extname(o.out);
  for (const figure of figures) {
    const target = figures.length === 1 ? o.out : `${o.out.slice(0, -ext.length)}-${figure.name}${ext}`;
    await writeFile(target, format === 'png' ? rasterizePng(figure) : figure.svg);
    process.stdout.write(`${target}: ${figure.title} (${figure.width}×${figure.height}${format === 'png' ? ' at 2×' : ''})\n`);
  }
  // Drawn from what could be read; the exit status still says a file was not.
  return a.failed || b?.failed ? 2 : 0;
}

export function imageFormat(out: string): 'svg' | 'png' {
  const ext = path.extname(out).toLowerCase();
  if (ext === '.svg') return 'svg';
  if (ext === '.png') return 'png';
  throw new UsageError(`--out must end in .svg or .png (got "${out}")`);
}

/** A dataset named after its file ("before.json.gz" → "before"), or `fallback` for several files; never the same as `other`. */
export function sideName(files: string[], fallback: string, other?: string): string {
  const name = files.length === 1 ? path.basename(files[0]!).replace(/(\.[a-z0-9]+)+$/i, '') || fallback : fallback;
  return name === other ? `${name} (2)` : name;
}
