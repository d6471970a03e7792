/**
 * `hopscope report FILE... [--vs FILE...] [--trace ID,...] --out report.html|report.md`:
 * the same postmortem report the app writes (shared/export/report/): one
 * self-contained HTML file, or Markdown with PNG images in a folder beside it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { FIGURE_PALETTES } from '../../shared/export/figure.js';
import { reportHtml } from '../../shared/export/report/report-html.js';
import { reportMarkdown } from '../../shared/export/report/report-markdown.js';
import { buildReport } from '../../shared/export/report/report-model.js';
import type { ColorTheme } from '../../shared/render/service-colors.js';
import { UsageError } from '../args.js';
import { rasterizePng } from '../rasterize.js';
import { loadAsOneDataset } from './load-files.js';
import { sideName } from './render.js';

export interface ReportOptions {
  files: string[];
  vs: string[];
  traceIds: string[];
  out: string;
  theme: ColorTheme;
}

export async function reportCommand(engine: HopscopeEngine, o: ReportOptions): Promise<number> {
  const ext = path.extname(o.out).toLowerCase();
  if (ext !== '.html' && ext !== '.htm' && ext !== '.md') throw new UsageError(`--out must end in .html or .md (got "${o.out}")`);
  const a = await loadAsOneDataset(engine, o.files, sideName(o.files, 'baseline'));
  const b = o.vs.length > 0 ? await loadAsOneDataset(engine, o.vs, sideName(o.vs, 'comparison', a.dataset)) : null;
  const datasets = b ? [a.dataset, b.dataset] : [a.dataset];
  // A trace id names a trace of whichever side has it.
  const traces: { dataset: string; traceId: string }[] = [];
  for (const traceId of o.traceIds) {
    let found = false;
    for (const dataset of datasets) {
      const rows = await engine.traces(dataset, { traceIds: [traceId] });
      if (rows.length > 0) {
        traces.push({ dataset, traceId });
        found = true;
      }
    }
    if (!found) throw new Error(`trace ${traceId} is in none of the files`);
  }
  const report = await buildReport(engine, {
    datasets,
    comparison: b ? { a: a.dataset, b: b.dataset } : null,
    traces,
    palette: FIGURE_PALETTES[o.theme],
  });
  if (ext === '.md') {
    const stem = path.basename(o.out, path.extname(o.out));
    const md = await reportMarkdown(report, { stem, rasterize: async (f) => rasterizePng(f) });
    const folder = path.join(path.dirname(o.out), md.folder);
    await mkdir(folder, { recursive: true });
    for (const asset of md.assets) await writeFile(path.join(folder, asset.name), asset.data);
    await writeFile(o.out, md.markdown);
    process.stdout.write(`${o.out}: report with ${md.assets.length} images in ${folder}\n`);
  } else {
    const html = reportHtml(report);
    await writeFile(o.out, html);
    process.stdout.write(`${o.out}: self-contained report (${(html.length / 1e6).toFixed(1)} MB)\n`);
  }
  return a.failed || b?.failed ? 2 : 0;
}
