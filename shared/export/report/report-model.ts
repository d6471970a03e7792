/**
 * What a postmortem report holds, gathered from the engine once and then
 * written as HTML (report-html.ts) or Markdown (report-markdown.ts):
 *
 *   1. each dataset: its numbers, the files and what was rejected, the top
 *      findings with their evidence (example traces and spans), the hotspot
 *      tables, the service map and the critical-path flame graph;
 *   2. the selected traces: the critical path hop by hop, the flame chart
 *      and the latency accumulation;
 *   3. with two datasets, the comparison: end to end, the biggest changes,
 *      what changed shape, and its charts.
 *
 * Text here is raw (as in the traces); the writers escape it.
 */
import type { HopscopeEngine } from '../../engine/engine-api.js';
import type { DatasetComparison, Compared } from '../../engine/compare-api.js';
import type { Finding } from '../../engine/views-api.js';
import { rejectedCount } from '../../model/load-report.js';
import { CHANGE_TABLE_COLUMNS, changeTableRow, changeText, signedPercent } from '../../text/compare-text.js';
import { formatTimeRange } from '../../text/time-range.js';
import { formatNs, percent } from '../../text/units.js';
import type { Figure, FigurePalette } from '../figure.js';
import { hotspotTables } from '../figures/hotspot-figures.js';
import { slowestTrace, viewFigures } from '../view-figures.js';

export interface ReportTable {
  title: string;
  columns: string[];
  /** Per column; 'left' when absent. */
  align?: ('left' | 'right')[];
  rows: string[][];
}

export interface ReportDataset {
  name: string;
  numbers: [label: string, value: string][];
  files: ReportTable;
  findings: (Pick<Finding, 'kind' | 'text' | 'traceIds' | 'example'> & { service?: string })[];
  tables: ReportTable[];
  figures: Figure[];
}

export interface ReportTrace {
  dataset: string;
  traceId: string;
  summary: string;
  hops: ReportTable;
  figures: Figure[];
}

export interface ReportComparison {
  a: string;
  b: string;
  headline: string[];
  tables: ReportTable[];
  figures: Figure[];
}

export interface Report {
  title: string;
  /** ISO 8601. */
  generatedAt: string;
  datasets: ReportDataset[];
  traces: ReportTrace[];
  comparison: ReportComparison | null;
}

export type ReportEngine = Pick<HopscopeEngine, 'analyze' | 'overview' | 'trace' | 'compare' | 'fileReports'>;

export interface ReportRequest {
  datasets: string[];
  /** Baseline and comparison; none when absent. */
  comparison?: { a: string; b: string } | null;
  /** The traces to show in detail; the slowest of each dataset when empty or absent. */
  traces?: { dataset: string; traceId: string }[];
  palette: FigurePalette;
  generatedAt?: Date;
  title?: string;
}

/** Findings listed per dataset (the overview's, most important first). */
const TOP_FINDINGS = 8;
/** Rows per comparison table. */
const TOP_CHANGES = 12;

export async function buildReport(engine: ReportEngine, request: ReportRequest): Promise<Report> {
  if (request.datasets.length === 0) throw new Error('a report needs at least one dataset');
  const { palette } = request;
  const datasets: ReportDataset[] = [];
  for (const name of request.datasets) datasets.push(await datasetSection(engine, name, palette));

  let selected = request.traces ?? [];
  if (selected.length === 0) {
    selected = [];
    for (const dataset of request.datasets) {
      const traceId = await slowestTrace(engine, dataset).catch(() => null);
      if (traceId !== null) selected.push({ dataset, traceId });
    }
  }
  const traces: ReportTrace[] = [];
  for (const t of selected) traces.push(await traceSection(engine, t.dataset, t.traceId, palette));

  const c = request.comparison;
  return {
    title: request.title ?? `Trace analysis: ${request.datasets.join(' vs ')}`,
    generatedAt: (request.generatedAt ?? new Date()).toISOString(),
    datasets,
    traces,
    comparison: c ? await comparisonSection(engine, c.a, c.b, palette) : null,
  };
}

async function datasetSection(engine: ReportEngine, name: string, palette: FigurePalette): Promise<ReportDataset> {
  const overview = await engine.overview(name);
  const analysis = await engine.analyze(name);
  const files = await engine.fileReports(name);
  const l = overview.latencyNs;
  const numbers: ReportDataset['numbers'] = [
    ['traces', overview.traces.toLocaleString('en-US')],
    ['spans', overview.spans.toLocaleString('en-US')],
    ['services', String(overview.services)],
    ['end-to-end p50 / p90 / p99', `${formatNs(l.p50)} / ${formatNs(l.p90)} / ${formatNs(l.p99)}`],
    ['slowest trace', formatNs(l.max)],
    ['failed requests', `${overview.failedTraces.toLocaleString('en-US')} (${percent(overview.errorRate)})`],
  ];
  if (overview.startNs !== null && overview.endNs !== null) numbers.push(['time range', formatTimeRange(overview.startNs, overview.endNs)]);
  const figures = [
    ...(await viewFigures(engine, { view: 'map', dataset: name, palette })),
    ...(await viewFigures(engine, { view: 'critical-flame', dataset: name, palette }).catch(() => [])),
  ];
  return {
    name,
    numbers,
    files: {
      title: 'Files',
      columns: ['file', 'format', 'spans read', 'loaded', 'rejected', 'problem'],
      align: ['left', 'left', 'right', 'right', 'right', 'left'],
      rows: files.map((f) => [
        f.path,
        [f.format ?? 'unknown', f.compression === 'none' ? '' : f.compression].filter(Boolean).join(' + '),
        f.spansRead.toLocaleString('en-US'),
        f.spansLoaded.toLocaleString('en-US'),
        rejectedCount(f).toLocaleString('en-US'),
        [
          f.failure ? `${f.failure.message} (at byte ${f.failure.byteOffset})` : '',
          ...f.rejected.map((p) => `${p.count} × ${p.reason}`),
          ...f.warnings,
        ]
          .filter(Boolean)
          .join('; '),
      ]),
    },
    findings: overview.findings.slice(0, TOP_FINDINGS).map((f) => ({
      kind: f.kind,
      text: f.text,
      traceIds: f.traceIds.slice(0, 3),
      ...(f.service !== undefined ? { service: f.service } : {}),
      ...(f.example ? { example: f.example } : {}),
    })),
    tables: hotspotTables(analysis),
    figures,
  };
}

async function traceSection(engine: ReportEngine, dataset: string, traceId: string, palette: FigurePalette): Promise<ReportTrace> {
  const detail = await engine.trace(dataset, traceId);
  const path = detail.criticalPath;
  const pathNs = path.end - path.start;
  const root = detail.spans.size > 0 ? path.root : -1;
  const rootName = root >= 0 ? `${detail.spans.service[root]} “${detail.spans.name[root]}”` : 'no spans';
  const figures = [...(await viewFigures(engine, { view: 'flame', dataset, traceId, palette }))];
  if (detail.hops.length > 0) figures.push(...(await viewFigures(engine, { view: 'accumulation', dataset, traceId, palette })));
  return {
    dataset,
    traceId,
    summary: `${rootName}: ${formatNs(detail.durationNs)} end to end, ${detail.spans.size.toLocaleString('en-US')} spans; critical path ${formatNs(pathNs)} through ${detail.hops.length} hops${path.queueNs > 0 ? `, ${formatNs(path.queueNs)} waiting in queues` : ''}.`,
    hops: {
      title: 'Critical path, hop by hop',
      columns: ['#', 'service', 'span', 'own time', 'between services', 'running total', 'share'],
      align: ['right', 'left', 'left', 'right', 'right', 'right', 'right'],
      rows: detail.hops.map((h, i) => [
        String(i + 1),
        h.virtual ? `${h.service} (not instrumented)` : h.service,
        detail.spans.name[h.span] ?? '',
        formatNs(h.selfNs),
        formatNs(h.overheadNs + h.queueNs),
        formatNs(h.runningNs),
        pathNs > 0 ? percent(h.totalNs / pathNs) : '',
      ]),
    },
    figures,
  };
}

async function comparisonSection(engine: ReportEngine, a: string, b: string, palette: FigurePalette): Promise<ReportComparison> {
  const c = await engine.compare({ dataset: a }, { dataset: b });
  const figures: Figure[] = [];
  for (const view of ['compare', 'diff-map', 'diff-flame'] as const)
    figures.push(...(await viewFigures(engine, { view, dataset: a, vs: b, palette })));
  return { a, b, headline: headline(c), tables: comparisonTables(c), figures };
}

function headline(c: DatasetComparison): string[] {
  const e = c.endToEnd;
  const lines = [
    `${c.a.label}: ${c.a.traces.toLocaleString('en-US')} traces; ${c.b.label}: ${c.b.traces.toLocaleString('en-US')} traces.`,
    `End-to-end p50 ${changeText(e.p50Ns, formatNs)}, p99 ${changeText(e.p99Ns, formatNs)}.`,
    `Failed requests ${changeText(e.errorRate, percent)}.`,
  ];
  if (e.queueNs.a > 0 || e.queueNs.b > 0) {
    lines.push(
      `Queue wait per trace ${changeText(e.queueNs, formatNs)}; completion including asynchronous work p99 ${changeText(e.completionNs.p99, formatNs)}.`,
    );
  }
  const u = c.retries.userFacing;
  if (u.a > 1 || u.b > 1) lines.push(`Retry amplification on the user-facing path up to ${u.a.toFixed(1)}× → ${u.b.toFixed(1)}×.`);
  return lines;
}

function comparisonTables(c: DatasetComparison): ReportTable[] {
  const e = c.endToEnd;
  const count = (n: number) => n.toFixed(1);
  const right = (n: number) => ['left', ...Array<'right'>(n).fill('right')] as ('left' | 'right')[];
  const rows: [string, Compared, (n: number) => string][] = [
    ['p50', e.p50Ns, formatNs],
    ['p90', e.p90Ns, formatNs],
    ['p99', e.p99Ns, formatNs],
    ['failed requests', e.errorRate, percent],
    ['spans per trace', e.spansPerTrace, count],
    ['longest sync chain', e.syncChain, count],
    ['queue wait per trace', e.queueNs, formatNs],
  ];
  const tables: ReportTable[] = [
    {
      title: 'End to end',
      columns: ['', c.a.label, c.b.label, 'change'],
      align: right(3),
      rows: rows.map(([label, v, f]) => [
        label,
        f(v.a),
        f(v.b),
        v.relative === null ? '' : `${signedPercent(v.relative)}${v.test && !v.test.significant ? ' (n.s.)' : ''}`,
      ]),
    },
    {
      title: 'Biggest changes',
      columns: CHANGE_TABLE_COLUMNS,
      align: ['left', 'left', 'right', 'right', 'right', 'right'],
      rows: c.changes
        .filter((r) => r.significant)
        .slice(0, TOP_CHANGES)
        .map(changeTableRow),
    },
  ];
  const s = c.structure;
  const shape = [
    ...s.syncToAsync.map((m) => [`${m.from} → ${m.to}`, `sync → async${m.via.length > 0 ? ` via ${m.via.join(', ')}` : ''}`]),
    ...s.edgesAppeared.map((x) => [`${x.from} → ${x.to}`, `appeared (${x.mode})`]),
    ...s.edgesDisappeared.map((x) => [`${x.from} → ${x.to}`, `disappeared (${x.mode})`]),
  ];
  if (shape.length > 0) tables.push({ title: 'What changed shape', columns: ['call', 'change'], rows: shape });
  return tables;
}
