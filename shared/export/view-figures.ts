/**
 * Which image each view exports, built from what the engine answers. The
 * CLI's `hopscope render`, the report and the app's export buttons all come
 * through here, so "the map of dataset X" is the same picture everywhere.
 */
import type { HopscopeEngine } from '../engine/engine-api.js';
import { diffMapModel } from '../render/diff-map-model.js';
import type { EdgeColorBy } from '../render/map-scales.js';
import { serviceMapModel } from '../render/service-map-model.js';
import type { Figure, FigurePalette } from './figure.js';
import { accumulationFigure } from './figures/accumulation-figure.js';
import { compareChartsFigure } from './figures/compare-figure.js';
import { criticalFlameFigure } from './figures/critical-flame-figure.js';
import { diffFlameFigure } from './figures/diff-flame-figure.js';
import { hotspotFigures } from './figures/hotspot-figures.js';
import { diffMapFigure, serviceMapFigure } from './figures/map-figure.js';
import { traceFlameFigure } from './figures/trace-flame-figure.js';

/** What `hopscope render VIEW` can draw; the last three compare two datasets. */
export const RENDER_VIEWS = ['map', 'flame', 'accumulation', 'critical-flame', 'hotspots', 'compare', 'diff-map', 'diff-flame'] as const;
export type RenderView = (typeof RENDER_VIEWS)[number];
export const COMPARISON_VIEWS: ReadonlySet<RenderView> = new Set(['compare', 'diff-map', 'diff-flame']);

export const VIEW_DESCRIPTIONS: Record<RenderView, string> = {
  map: 'service dependency map',
  flame: "a trace's flame chart with its critical path (--trace, else the slowest trace)",
  accumulation: 'how latency accumulates hop by hop along a trace (--trace, else the slowest)',
  'critical-flame': 'the aggregate critical-path flame graph of all traces',
  hotspots: 'the hotspot tables (one image each)',
  compare: 'comparison charts: end-to-end latency distributions and the biggest changes (--vs)',
  'diff-map': 'the service map coloured by what changed (--vs)',
  'diff-flame': 'the differential critical-path flame graph (--vs)',
};

export type FigureEngine = Pick<HopscopeEngine, 'analyze' | 'overview' | 'trace' | 'compare'>;

export interface ViewFigureRequest {
  view: RenderView;
  dataset: string;
  /** The dataset compared against (comparison views). */
  vs?: string;
  /** The trace of a one-trace view; the dataset's slowest when absent. */
  traceId?: string;
  palette: FigurePalette;
  colorBy?: EdgeColorBy;
}

export async function viewFigures(engine: FigureEngine, r: ViewFigureRequest): Promise<Figure[]> {
  const { palette } = r;
  if (COMPARISON_VIEWS.has(r.view)) {
    if (r.vs === undefined) throw new Error(`the ${r.view} view compares two datasets: give the second one (--vs)`);
    if (r.view === 'diff-map') {
      const model = diffMapModel(serviceMapModel(await engine.analyze(r.dataset)), serviceMapModel(await engine.analyze(r.vs)));
      return [diffMapFigure(model, r.dataset, r.vs, { palette, subtitle: `${r.dataset} vs ${r.vs}` })];
    }
    const comparison = await engine.compare({ dataset: r.dataset }, { dataset: r.vs });
    return [r.view === 'compare' ? compareChartsFigure(comparison, { palette }) : diffFlameFigure(comparison, { palette })];
  }
  switch (r.view) {
    case 'map': {
      const analysis = await engine.analyze(r.dataset);
      return [
        serviceMapFigure(serviceMapModel(analysis), r.dataset, {
          palette,
          colorBy: r.colorBy,
          subtitle: datasetSubtitle(r.dataset, analysis.traces),
        }),
      ];
    }
    case 'critical-flame':
      return [criticalFlameFigure(await engine.analyze(r.dataset), { palette })];
    case 'hotspots':
      return hotspotFigures(await engine.analyze(r.dataset), r.dataset, palette);
    case 'flame':
    case 'accumulation': {
      const traceId = r.traceId ?? (await slowestTrace(engine, r.dataset));
      const detail = await engine.trace(r.dataset, traceId);
      return [r.view === 'flame' ? traceFlameFigure(detail, { palette }) : accumulationFigure(detail, { palette })];
    }
  }
  throw new Error(`unknown view "${String(r.view)}"`);
}

export async function slowestTrace(engine: Pick<HopscopeEngine, 'overview'>, dataset: string): Promise<string> {
  const id = (await engine.overview(dataset)).slowestTraceId;
  if (id === null) throw new Error(`dataset "${dataset}" has no traces`);
  return id;
}

export function datasetSubtitle(dataset: string, traces: number): string {
  return `${dataset} · ${traces.toLocaleString('en-US')} traces`;
}
