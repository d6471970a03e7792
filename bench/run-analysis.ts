/**
 * Benchmark child: the analyses on a 1M-span dataset, as the app runs them.
 *   analyze   engine.analyze() end to end: spans out of DuckDB, the trace
 *             tree, clock-skew adjustment, every analysis, results cached
 *   pieces    the same steps timed one by one, incl. the critical path of
 *             every trace
 *   big trace the critical path of one synthetic 1M-span trace
 *   exports   what an export costs on the same data: the service map and
 *             the slowest trace's flame chart as SVG, the map as PNG
 *             (resvg, 2×), the HTML report, the dataset as Parquet
 * Loading the file first is not timed (the ingest benchmark measures it).
 */
import { createNodeSqlHost, spawnIngestWorker } from '../cli/duckdb-node-host.js';
import { fileInput } from '../cli/node-files.js';
import { criticalPath, criticalPaths } from '../shared/analysis/critical-path/critical-path.js';
import { loadSpanTable } from '../shared/analysis/load-span-table.js';
import { buildTraceTree } from '../shared/analysis/model/trace-tree.js';
import { adjustClockSkew } from '../shared/analysis/timing/clock-skew.js';
import { createTraceEngine } from '../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../shared/engine/worker-batch-producer.js';
import { rasterizePng } from '../cli/rasterize.js';
import { FIGURE_PALETTES } from '../shared/export/figure.js';
import { reportHtml } from '../shared/export/report/report-html.js';
import { buildReport } from '../shared/export/report/report-model.js';
import { slowestTrace, viewFigures } from '../shared/export/view-figures.js';
import { runnerArgs } from './measure.js';
import { syntheticBigTrace } from './synthetic-big-trace.js';

const args = runnerArgs();
const host = await createNodeSqlHost();
const engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
const loaded = await engine.load('bench', [fileInput(args.file)]);
if (loaded.files[0]!.spansLoaded !== args.spans) throw new Error(`loaded ${loaded.files[0]!.spansLoaded} spans, expected ${args.spans}`);

const time = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};

const [analysis, analyzeMs] = await time(() => engine.analyze('bench'));
const [table, pullMs] = await time(() => loadSpanTable(host, { dataset: 'bench' }));
const [tree, treeMs] = await time(() => buildTraceTree(table));
const [, skewMs] = await time(() => adjustClockSkew(tree));
const [paths, allPathsMs] = await time(() => criticalPaths(tree));

const big = syntheticBigTrace(1_000_000);
const [bigTree, bigTreeMs] = await time(() => buildTraceTree(big));
const [bigPath, bigPathMs] = await time(() => criticalPath(bigTree, bigTree.tops(0)[0]!));

const palette = FIGURE_PALETTES.light;
const [[map], mapSvgMs] = await time(() => viewFigures(engine, { view: 'map', dataset: 'bench', palette }));
const [, mapPngMs] = await time(() => rasterizePng(map!));
const slowest = await slowestTrace(engine, 'bench');
const [, flameSvgMs] = await time(() => viewFigures(engine, { view: 'flame', dataset: 'bench', traceId: slowest, palette }));
const [html, reportMs] = await time(async () => reportHtml(await buildReport(engine, { datasets: ['bench'], palette })));
const [parquet, parquetMs] = await time(() => engine.exportParquet('bench'));
await engine.close();

console.log(
  JSON.stringify({
    spans: analysis.spans,
    traces: analysis.traces,
    analyzeMs,
    pullMs,
    treeMs,
    skewMs,
    allPathsMs,
    paths: paths.length,
    bigSpans: big.size,
    bigTreeMs,
    bigPathMs,
    bigSegments: bigPath.segments.length,
    mapSvgMs,
    mapPngMs,
    flameSvgMs,
    reportMs,
    reportBytes: html.length,
    parquetMs,
    parquetBytes: parquet.length,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
