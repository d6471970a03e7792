/**
 * The hotspot tables of the app's Hotspots view (HotspotsView.tsx) as
 * images, one figure per kind that found anything: N+1 loops, fan-out,
 * retries and amplification, error origins, long synchronous chains. Same
 * columns, same rows, same order and the same number formatting as the
 * view, so a postmortem's image matches what the reader finds in the app.
 * The view's "examples" column becomes the first example trace ids (what a
 * reader types into the app to find the trace).
 *
 * Which rows, in which order, with which examples is hotspot-rows.ts's,
 * which the view lists too.
 */
import type { SpanRef } from '../../engine/analysis-api.js';
import type { DatasetAnalysis } from '../../engine/dataset-analysis-api.js';
import { chainRows, errorRows, fanOutRows, nPlusOneRows, retryRows } from '../../render/hotspot-rows.js';
import { formatNs } from '../../text/units.js';
import { fileStem, type Figure, type FigurePalette, type KeyNumber } from '../figure.js';
import { formatCount } from './figure-text.js';
import { tableFigure, type TableColumn } from './table-figure.js';

/** One hotspot table as data: what the figures draw and what the report writes as an HTML/Markdown table. */
export interface HotspotTable {
  kind: 'n-plus-one' | 'fan-out' | 'retries' | 'error-origin' | 'sync-chain';
  title: string;
  /** What the table shows and how to read it (the view's line under the title). */
  why: string;
  columns: string[];
  align: ('left' | 'right')[];
  rows: string[][];
  numbers: KeyNumber[];
}

/** One table figure per non-empty hotspot table, in the view's order. */
export function hotspotFigures(analysis: DatasetAnalysis, dataset: string, palette: FigurePalette): Figure[] {
  return hotspotTables(analysis)
    .filter((t) => t.rows.length > 0)
    .map((t) => hotspotTableFigure(t, dataset, palette));
}

/** The figure of one kind of hotspot (the view's export button on that table). */
export function hotspotFigure(analysis: DatasetAnalysis, dataset: string, kind: HotspotTable['kind'], palette: FigurePalette): Figure {
  const table = hotspotTables(analysis).find((t) => t.kind === kind);
  if (!table) throw new Error(`no hotspot table of kind ${kind}`);
  return hotspotTableFigure(table, dataset, palette);
}

function hotspotTableFigure(t: HotspotTable, dataset: string, palette: FigurePalette): Figure {
  return tableFigure({
    name: fileStem('hotspots', t.kind, dataset),
    title: t.title,
    subtitle: `${dataset} · ${formatCount(t.rows.length)} found`,
    columns: t.columns.map((label, i): TableColumn => ({ label, align: t.align[i] ?? 'left' })),
    rows: t.rows,
    numbers: t.numbers,
    note: t.why,
    palette,
  });
}

const left = (label: string): TableColumn => ({ label, align: 'left' });
const right = (label: string): TableColumn => ({ label, align: 'right' });
const EXAMPLES = left('examples');

/** A table's columns as the report wants them: labels, and their alignment alongside. */
function split(columns: TableColumn[]): Pick<HotspotTable, 'columns' | 'align'> {
  return { columns: columns.map((c) => c.label), align: columns.map((c) => c.align ?? 'left') };
}

/** Up to three example trace ids, shortened as the view shows them (its first three buttons). */
function examples(refs: readonly SpanRef[]): string {
  return refs
    .slice(0, 3)
    .map((r) => r.traceId.slice(0, 8))
    .join(' ');
}

/** Every hotspot table of the view, in its order, empty ones included (the report skips those itself). */
export function hotspotTables(a: DatasetAnalysis): HotspotTable[] {
  return [nPlusOneTable(a), fanOutTable(a), retriesTable(a), errorsTable(a), chainsTable(a)];
}

function nPlusOneTable(a: DatasetAnalysis): HotspotTable {
  const rows = nPlusOneRows(a);
  return {
    kind: 'n-plus-one',
    title: 'N+1 loops',
    why: 'Sequential identical calls from one span: one batched call would do. Time at stake is first call to last, summed.',
    ...split([
      left('service'),
      left('operation'),
      left('calls'),
      right('calls per loop'),
      right('loops'),
      right('traces'),
      right('time at stake'),
      EXAMPLES,
    ]),
    rows: rows.map((r) => [
      r.service,
      r.operation,
      r.callee,
      `${Math.round(r.meanCalls)} (max ${r.maxCalls})`,
      formatCount(r.occurrences),
      formatCount(r.traces),
      formatNs(r.totalNs),
      examples(r.examples),
    ]),
    numbers: [
      { label: 'loops', value: formatCount(rows.reduce((sum, r) => sum + r.occurrences, 0)) },
      { label: 'time at stake', value: formatNs(rows.reduce((sum, r) => sum + r.totalNs, 0)) },
    ],
  };
}

function fanOutTable(a: DatasetAnalysis): HotspotTable {
  const rows = fanOutRows(a);
  return {
    kind: 'fan-out',
    title: 'Fan-out',
    why: 'One span calling many others; “savable” is what running the calls fully in parallel would save.',
    ...split([
      left('service'),
      left('operation'),
      right('calls'),
      right('parallelism'),
      right('occurrences'),
      right('traces'),
      right('savable'),
      EXAMPLES,
    ]),
    rows: rows.map((r) => [
      r.service,
      r.operation,
      `${r.meanChildren.toFixed(1)} (max ${r.maxChildren})`,
      `${r.meanParallelism.toFixed(1)}×`,
      formatCount(r.occurrences),
      formatCount(r.traces),
      formatNs(r.totalSavableNs),
      examples(r.examples),
    ]),
    // Not a sum: a fan-out nested in another saves time the outer one may save too.
    numbers: rows[0]
      ? [{ label: 'most savable', value: `${rows[0].service} ${rows[0].operation} ${formatNs(rows[0].totalSavableNs)}` }]
      : [],
  };
}

function retriesTable(a: DatasetAnalysis): HotspotTable {
  const r = a.hotspots.retries;
  const rows = retryRows(a);
  return {
    kind: 'retries',
    title: 'Retries and amplification',
    why: 'Calls repeated after a failure. Amplification = calls made ÷ calls requested; compound = the product along a call path, what layered retries do to the callee at worst.',
    ...split([
      left('caller'),
      left('callee'),
      right('retried calls'),
      right('amplification'),
      right('compound (max)'),
      right('extra calls'),
      EXAMPLES,
    ]),
    rows: rows.map((e) => [
      e.service,
      e.callee,
      `${formatCount(e.retriedCalls)} of ${formatCount(e.logicalCalls)}`,
      `${e.amplification.toFixed(2)}×`,
      `${e.compoundMax.toFixed(2)}×`,
      formatCount(e.calls - e.logicalCalls),
      examples(e.examples),
    ]),
    numbers: [
      { label: 'retried calls', value: formatCount(r.retriedCalls) },
      { label: 'worst compound', value: `${Math.max(1, ...rows.map((e) => e.compoundMax)).toFixed(2)}×` },
    ],
  };
}

function errorsTable(a: DatasetAnalysis): HotspotTable {
  const errors = a.hotspots.errors;
  const rows = errorRows(a);
  return {
    kind: 'error-origin',
    title: 'Error origins',
    why: `Where the errors of failed requests start (${formatCount(errors.failedTraces)} failed traces): the deepest failing span under the root; “passed on” counts the failed spans above it.`,
    ...split([left('service'), right('originated'), right('passed on'), EXAMPLES]),
    rows: rows.map((e) => [e.service, formatCount(e.originated), formatCount(e.propagated), examples(e.examples)]),
    numbers: [{ label: 'failed traces', value: formatCount(errors.failedTraces) }],
  };
}

function chainsTable(a: DatasetAnalysis): HotspotTable {
  const rows = chainRows(a);
  return {
    kind: 'sync-chain',
    title: 'Long synchronous chains',
    why: 'Services called one after another while every caller waits: each hop adds its latency to the user’s. Waited = the entry service’s call down the chain.',
    ...split([left('chain'), right('length'), right('traces'), right('waited (mean)'), right('waited (max)'), EXAMPLES]),
    rows: rows.map((c) => [
      c.services.join(' → '),
      String(c.services.length),
      formatCount(c.traces),
      formatNs(c.waitedNs / c.traces),
      formatNs(c.maxWaitedNs),
      examples(c.examples),
    ]),
    numbers: [
      { label: 'longest chain', value: String(Math.max(0, ...rows.map((c) => c.services.length))) },
      { label: 'median chain', value: a.monolith.syncChain.p50.toFixed(1) },
    ],
  };
}
