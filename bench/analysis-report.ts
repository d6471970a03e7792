/** The analysis benchmark's result (bench/run-analysis.ts) as a table and its targets. */
export interface AnalysisResult {
  spans: number;
  traces: number;
  analyzeMs: number;
  pullMs: number;
  treeMs: number;
  skewMs: number;
  allPathsMs: number;
  paths: number;
  bigSpans: number;
  bigTreeMs: number;
  bigPathMs: number;
  bigSegments: number;
  /** Exports (no targets: measured so regressions show). */
  mapSvgMs: number;
  mapPngMs: number;
  flameSvgMs: number;
  reportMs: number;
  reportBytes: number;
  parquetMs: number;
  parquetBytes: number;
  peakRssBytes: number;
}

const TARGETS = { analyzeMs: 5000, bigPathMs: 1000, spans: 1_000_000 };

const s = (ms: number) => (ms / 1000).toFixed(2);

export function analysisTable(rows: { dataset: string; a: AnalysisResult }[]): string {
  const header = [
    'dataset',
    'traces',
    'analyze s',
    'pull s',
    'tree s',
    'skew s',
    'all paths s',
    'big trace: tree s',
    'path s',
    'peak RSS MB',
  ];
  const body = rows.map(({ dataset, a }) => [
    dataset,
    a.traces.toLocaleString('en-US'),
    s(a.analyzeMs),
    s(a.pullMs),
    s(a.treeMs),
    s(a.skewMs),
    s(a.allPathsMs),
    s(a.bigTreeMs),
    s(a.bigPathMs),
    (a.peakRssBytes / 1e6).toFixed(0),
  ]);
  return [
    ...aligned(header, body),
    '',
    'analyze: engine.analyze() end to end (spans out of DuckDB, tree, clock skew, critical paths, graph, hotspots, accumulation, cache);',
    'pull/tree/skew/all paths: its main steps timed alone; big trace: one synthetic 1M-span trace, tree build and critical path.',
    '',
    exportsTable(rows),
  ].join('\n');
}

function exportsTable(rows: { dataset: string; a: AnalysisResult }[]): string {
  const header = ['dataset', 'map SVG s', 'map PNG s', 'flame SVG s', 'report s', 'report MB', 'Parquet s', 'Parquet MB'];
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  const body = rows.map(({ dataset, a }) => [
    dataset,
    s(a.mapSvgMs),
    s(a.mapPngMs),
    s(a.flameSvgMs),
    s(a.reportMs),
    mb(a.reportBytes),
    s(a.parquetMs),
    mb(a.parquetBytes),
  ]);
  return [
    ...aligned(header, body),
    '',
    'exports, after the analysis is cached: map and slowest-trace flame chart as SVG, the map as 2× PNG (resvg),',
    'the whole HTML report (analysis cached, figures, comparison none), every span as Parquet.',
  ].join('\n');
}

export function analysisVerdicts(rows: { dataset: string; a: AnalysisResult }[]): string[] {
  const full = rows.find((r) => r.a.spans === TARGETS.spans)?.a;
  if (!full) return ['Analysis targets: not measured (needs --sizes with 1m)'];
  const analyze = full.analyzeMs < TARGETS.analyzeMs;
  const path = full.bigPathMs < TARGETS.bigPathMs;
  return [
    `Target: whole-dataset analysis of 1M spans in under 5 s: ${analyze ? 'PASS' : 'FAIL'} (${s(full.analyzeMs)} s)`,
    `Target: critical path of a 1M-span trace in under 1 s: ${path ? 'PASS' : 'FAIL'} (${s(full.bigPathMs)} s, ${full.bigSegments.toLocaleString('en-US')} segments)`,
  ];
}

/** The header, a rule and the rows; the first column left-aligned, numbers right-aligned. */
function aligned(header: string[], body: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}
