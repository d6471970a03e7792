/**
 * Benchmarks. Ingest: how fast the app loads OTLP JSON lines, against two
 * references on the same file: the JSON.parse limit of JavaScript, and
 * native DuckDB's own JSON reader. Analysis (bench/run-analysis.ts): the
 * whole-dataset analysis and the critical paths on the same data, and the
 * critical path of one 1M-span trace.
 *
 *   npm run bench -- [--sizes 100k,1m] [--only ours|parse|native|analysis[,...]]
 *
 * Datasets are generated once into bench/data/ (gitignored). Each
 * measurement runs in a fresh child process (bench/run-<measure>.ts), so its
 * peak memory is its own and the runs do not warm or pollute each other.
 * Prints a table; the numbers also go to bench/data/latest-results.json.
 * Exits non-zero only when a measurement failed, never for a missed target.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { MeasureKind, RunnerResult } from './measure.js';
import { analysisTable, analysisVerdicts, type AnalysisResult } from './analysis-report.js';
import { ensureDataset, type Dataset } from './synthetic-otlp.js';

const KINDS: readonly MeasureKind[] = ['ours', 'parse', 'native'];
const ANALYSIS = 'analysis';
const TARGET = { spans: 1_000_000, spansPerSecond: 60_000, peakRssBytes: 4e9 };
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const DATA_DIR = path.join(BENCH_DIR, 'data');

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`--sizes: "${text}" is not a span count like 100k or 1m`);
  return Math.round(Number(match[1]) * ({ k: 1e3, m: 1e6 }[match[2]!.toLowerCase()] ?? 1));
}

function label(spans: number): string {
  return spans % 1e6 === 0 ? `${spans / 1e6}M` : spans % 1e3 === 0 ? `${spans / 1e3}k` : String(spans);
}

function options(): { sizes: number[]; kinds: MeasureKind[]; analysis: boolean } {
  // Positionals are tolerated: a launcher may pass the script path through.
  const { values } = parseArgs({
    allowPositionals: true,
    options: { sizes: { type: 'string', default: '100k,1m' }, only: { type: 'string' } },
  });
  const sizes = values.sizes.split(',').map(parseSize);
  const only = values.only ? values.only.split(',').map((k) => k.trim()) : [...KINDS, ANALYSIS];
  for (const k of only)
    if (k !== ANALYSIS && !KINDS.includes(k as MeasureKind))
      throw new Error(`--only: "${k}" is not one of ${[...KINDS, ANALYSIS].join(', ')}`);
  return { sizes, kinds: only.filter((k): k is MeasureKind => k !== ANALYSIS), analysis: only.includes(ANALYSIS) };
}

/** Runs one measurement in its own Node process; its last stdout line is the result. */
function runChild<T = RunnerResult>(kind: MeasureKind | typeof ANALYSIS, dataset: Dataset): Promise<T> {
  const args = [
    '--max-old-space-size=8192',
    '--import',
    'tsx',
    path.join(BENCH_DIR, `run-${kind}.ts`),
    dataset.path,
    String(dataset.spans),
  ];
  const child = spawn(process.execPath, args, { cwd: path.dirname(BENCH_DIR), stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`run-${kind}.ts exited with ${signal ?? `code ${code}`}`));
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`run-${kind}.ts printed no result line (stdout: ${stdout.slice(-500)})`));
      }
    });
  });
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

function table(rows: { dataset: string; r: RunnerResult }[]): string {
  const header = ['dataset', 'measure', 'file MB', 'wall s', 'spans/s', 'MB/s', 'peak RSS MB', 'peak heap MB', 'base RSS MB'];
  const body = rows.map(({ dataset, r }) => [
    dataset,
    r.measure,
    mb(r.bytes),
    (r.wallMs / 1000).toFixed(2),
    thousands(r.spansPerSecond),
    r.mbPerSecond.toFixed(1),
    mb(r.peakRssBytes),
    mb(r.peakHeapUsedBytes),
    mb(r.baselineRssBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function ratios(dataset: string, results: RunnerResult[]): string | null {
  const by = new Map(results.map((r) => [r.measure, r]));
  const ours = by.get('ours');
  if (!ours) return null;
  const parts = (['parse', 'native'] as const).flatMap((ref) => {
    const r = by.get(ref);
    return r ? [`${(ours.spansPerSecond / r.spansPerSecond).toFixed(2)}x of ${ref}`] : [];
  });
  return parts.length > 0 ? `${dataset}: ours runs at ${parts.join(', ')} (spans/s)` : null;
}

function verdict(results: RunnerResult[]): { pass: boolean | null; text: string } {
  const goal = `Target: ${label(TARGET.spans)} spans load at >= ${thousands(TARGET.spansPerSecond)} spans/s end to end with peak memory under ${TARGET.peakRssBytes / 1e9} GB`;
  const ours = results.find((r) => r.measure === 'ours' && r.spans === TARGET.spans);
  if (!ours) return { pass: null, text: `${goal}: not measured (needs --sizes with 1m and the "ours" measure)` };
  const pass = ours.spansPerSecond >= TARGET.spansPerSecond && ours.peakRssBytes < TARGET.peakRssBytes;
  const got = `${thousands(ours.spansPerSecond)} spans/s, peak RSS ${(ours.peakRssBytes / 1e9).toFixed(2)} GB`;
  return { pass, text: `${goal}: ${pass ? 'PASS' : 'FAIL'} (${got})` };
}

async function main(): Promise<number> {
  const { sizes, kinds, analysis } = options();
  const rows: { dataset: string; r: RunnerResult }[] = [];
  const analyses: { dataset: string; a: AnalysisResult }[] = [];
  const errors: string[] = [];
  for (const size of sizes) {
    const dataset = await ensureDataset(DATA_DIR, size);
    const how = dataset.generatedSeconds === null ? 'reused' : `generated in ${dataset.generatedSeconds.toFixed(1)} s`;
    console.error(`${label(size)}: ${dataset.path} (${mb(dataset.bytes)} MB, ${dataset.lines} lines, ${dataset.traces} traces; ${how})`);
    for (const kind of kinds) {
      console.error(`${label(size)}: measuring ${kind}...`);
      try {
        rows.push({ dataset: label(size), r: await runChild(kind, dataset) });
      } catch (e) {
        errors.push(`${label(size)} ${kind}: ${(e as Error).message}`);
        console.error(`${label(size)} ${kind} FAILED: ${(e as Error).message}`);
      }
    }
    if (analysis) {
      console.error(`${label(size)}: measuring analysis...`);
      try {
        analyses.push({ dataset: label(size), a: await runChild<AnalysisResult>(ANALYSIS, dataset) });
      } catch (e) {
        errors.push(`${label(size)} analysis: ${(e as Error).message}`);
        console.error(`${label(size)} analysis FAILED: ${(e as Error).message}`);
      }
    }
  }

  const results = rows.map((row) => row.r);
  const ratioLines = sizes.flatMap(
    (size) =>
      ratios(
        label(size),
        results.filter((r) => r.spans === size),
      ) ?? [],
  );
  const target = verdict(results);
  console.log(
    [
      '',
      `Ingest benchmark: synthetic OTLP JSON lines; Node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
      '',
      table(rows),
      '',
      ...ratioLines,
      ...rows.map(
        ({ dataset, r }) =>
          `${dataset} ${r.measure}: ${Object.entries(r.details)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}`,
      ),
      '',
      target.text,
      ...(analyses.length > 0
        ? [
            '',
            'Analysis benchmark (same datasets, loaded first, not timed)',
            '',
            analysisTable(analyses),
            '',
            ...analysisVerdicts(analyses),
          ]
        : []),
      ...errors.map((e) => `ERROR ${e}`),
    ].join('\n'),
  );

  await writeFile(
    path.join(DATA_DIR, 'latest-results.json'),
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        cpus: os.cpus().length,
        totalMemoryBytes: os.totalmem(),
        results,
        ratios: ratioLines,
        target: { ...TARGET, pass: target.pass, text: target.text },
        analysis: analyses,
        analysisTargets: analysisVerdicts(analyses),
        errors,
      },
      null,
      2,
    ) + '\n',
  );
  return errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();
