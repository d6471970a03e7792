/** The hopscope command line. */
import { createRequire } from 'node:module';
import { parseArgs, UsageError } from './args.js';
import { ANALYSIS_FLAGS, ANALYSIS_VALUED, analysisOptions } from './analysis-flags.js';
import { parseRegressionRules } from '../shared/analysis/compare/regression-rule.js';
import { analyzeCommand } from './commands/analyze.js';
import { compareCommand } from './commands/compare.js';
import { criticalPathCommand } from './commands/critical-path.js';
import { loadCommand } from './commands/load.js';
import { queryCommand } from './commands/query.js';
import { renderCommand } from './commands/render.js';
import { reportCommand } from './commands/report.js';
import { RENDER_VIEWS, VIEW_DESCRIPTIONS, type RenderView } from '../shared/export/view-figures.js';
import { createNodeEngine } from './duckdb-node-host.js';

const USAGE = `usage:
  hopscope load FILE... [--json] [--dataset NAME]
      Load trace files (OTLP JSON/JSONL/protobuf, Jaeger JSON, Zipkin v2 JSON; gzip/zstd)
      and print what was loaded and rejected. Exit 2 if a file could not be read.
      Each file is its own dataset (named after the file) unless --dataset names one for all.
  hopscope query FILE... --sql "SELECT ..." [--json | --csv] [--dataset NAME]
      Load the files, run SQL on them (tables: spans, span_attributes, span_events,
      span_links, resources, resource_attributes, files, datasets) and print the result.
  hopscope critical-path FILE... [--trace ID] [--skew-tolerance F] [--clock raw|adjusted]
                         [--follow-async] [--json] [--dataset NAME]
      The critical path of every trace (one per root and per orphan subtree), or of one.
      --skew-tolerance: how much a child may overlap the next one and still precede it,
      as a fraction of the parent's duration (default 0.01; 0 turns it off).
      --clock: skew-adjusted times (default) or the times as recorded.
      --follow-async: follow hand-offs to consumers to measure end-to-end completion.
  hopscope analyze FILE... [--trace ID] [--json] [--clock raw|adjusted] [--skew-tolerance F]
                   [--follow-async] [--dataset NAME]
      Service graph, hotspots (fan-out, N+1, retries, error origins), latency
      accumulation and "distributed monolith" indicators.
  hopscope compare BASELINE... --vs COMPARISON... [--json] [--fail-on-regression RULES]
      Before/after: end-to-end latency, the biggest changes per service, operation and
      call (Mann-Whitney U test), calls that became asynchronous, edges that appeared or
      disappeared. RULES, e.g. "p99>10%" or "p50>20ms,errors>1%": exit 1 when one holds.
  hopscope render VIEW FILE... [--vs FILE...] [--trace ID] --out PATH.svg|PATH.png
                  [--theme light|dark] [--color p99|errors]
      Draw a view as the app exports it, without a window (PNG at 2× pixel density).
      VIEW: ${RENDER_VIEWS.map((v) => `\n        ${v.padEnd(15)}${VIEW_DESCRIPTIONS[v]}`).join('')}
  hopscope report FILE... [--vs FILE...] [--trace ID,...] --out report.html|report.md
                  [--theme light|dark]
      The postmortem report: each dataset's numbers, top findings with evidence, hotspot
      tables and charts, the critical path of the chosen traces (else the slowest), and
      the comparison with --vs. HTML is one self-contained file; Markdown gets its PNG
      images in a folder beside it.
  The analysis commands load all FILEs into one dataset.
  hopscope --version | --help`;

const COMMON = ['json', 'dataset', 'help'];
/** compare's separator as parseArgs sees it (not a flag, not a file name anyone has). */
const VS = '\u0000vs';
const COMMANDS: Record<string, { known: string[]; valued: string[] }> = {
  load: { known: COMMON, valued: ['dataset'] },
  query: { known: [...COMMON, 'sql', 'csv'], valued: ['dataset', 'sql'] },
  'critical-path': { known: [...COMMON, ...ANALYSIS_FLAGS, 'trace'], valued: ['dataset', 'trace', ...ANALYSIS_VALUED] },
  analyze: { known: [...COMMON, ...ANALYSIS_FLAGS, 'trace'], valued: ['dataset', 'trace', ...ANALYSIS_VALUED] },
  compare: { known: ['json', 'help', 'fail-on-regression'], valued: ['fail-on-regression'] },
  render: { known: ['help', 'trace', 'out', 'theme', 'color'], valued: ['trace', 'out', 'theme', 'color'] },
  report: { known: ['help', 'trace', 'out', 'theme'], valued: ['trace', 'out', 'theme'] },
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return command ? 0 : 64;
  }
  if (command === '--version') {
    const pkg = createRequire(import.meta.url)('../package.json') as { version: string };
    process.stdout.write(`hopscope ${pkg.version}\n`);
    return 0;
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  // "--vs" separates compare's two sets of files: kept as a positional marker.
  const args = parseArgs(
    rest.map((a) => (a === '--vs' ? VS : a)),
    new Set(spec.valued),
    new Set(spec.known),
  );
  if (args.flags.has('help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (command === 'compare') return runCompare(args);
  if (command === 'render' || command === 'report') return runExport(command, args);
  if (args.positional.length === 0) throw new UsageError(`${command} needs at least one FILE`);
  const dataset = args.flags.get('dataset') as string | undefined;

  const engine = await createNodeEngine();
  try {
    const json = args.flags.has('json');
    if (command === 'load') return await loadCommand(engine, args.positional, { json, dataset });
    const traceId = args.flags.get('trace') as string | undefined;
    if (command === 'critical-path')
      return await criticalPathCommand(engine, args.positional, { ...analysisOptions(args), traceId, json, dataset });
    if (command === 'analyze') return await analyzeCommand(engine, args.positional, { ...analysisOptions(args), traceId, json, dataset });
    const sql = args.flags.get('sql');
    if (typeof sql !== 'string') throw new UsageError('query needs --sql "SELECT ..."');
    if (args.flags.has('json') && args.flags.has('csv')) throw new UsageError('choose one of --json and --csv');
    const format = args.flags.has('json') ? 'json' : args.flags.has('csv') ? 'csv' : 'table';
    return await queryCommand(engine, args.positional, { sql, format, dataset });
  } finally {
    await engine.close();
  }
}

/** The files before --vs and after it (parseArgs keeps "--vs" as a positional marker: split by hand). */
function splitVs(positional: string[]): { files: string[]; vs: string[] | null } {
  const split = positional.indexOf(VS);
  if (split < 0) return { files: positional, vs: null };
  return { files: positional.slice(0, split), vs: positional.slice(split + 1) };
}

async function runCompare(args: ReturnType<typeof parseArgs>): Promise<number> {
  const { files: baseline, vs: comparison } = splitVs(args.positional);
  if (comparison === null) throw new UsageError('compare needs BASELINE files, then --vs, then COMPARISON files');
  if (baseline.length === 0 || comparison.length === 0) throw new UsageError('compare needs files on both sides of --vs');
  const rulesText = args.flags.get('fail-on-regression');
  let rules: ReturnType<typeof parseRegressionRules> = [];
  try {
    if (typeof rulesText === 'string') rules = parseRegressionRules(rulesText);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const engine = await createNodeEngine();
  try {
    return await compareCommand(engine, baseline, comparison, { json: args.flags.has('json'), rules });
  } finally {
    await engine.close();
  }
}

async function runExport(command: 'render' | 'report', args: ReturnType<typeof parseArgs>): Promise<number> {
  let positional = args.positional;
  let view: RenderView | undefined;
  if (command === 'render') {
    const name = positional[0];
    if (name === undefined || !(RENDER_VIEWS as readonly string[]).includes(name)) {
      throw new UsageError(`render needs a VIEW first, one of: ${RENDER_VIEWS.join(', ')}${name ? ` (got "${name}")` : ''}`);
    }
    view = name as RenderView;
    positional = positional.slice(1);
  }
  const { files, vs } = splitVs(positional);
  if (files.length === 0) throw new UsageError(`${command} needs at least one FILE`);
  if (vs !== null && vs.length === 0) throw new UsageError('--vs needs at least one FILE after it');
  const out = args.flags.get('out');
  if (typeof out !== 'string')
    throw new UsageError(`${command} needs --out ${command === 'render' ? 'PATH.svg or PATH.png' : 'report.html or report.md'}`);
  const theme = args.flags.get('theme') ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError('--theme is light or dark');
  const color = args.flags.get('color') ?? 'p99';
  if (color !== 'p99' && color !== 'errors') throw new UsageError('--color is p99 or errors');
  const trace = args.flags.get('trace');
  const engine = await createNodeEngine();
  try {
    if (view !== undefined) {
      if (trace !== undefined && view !== 'flame' && view !== 'accumulation')
        throw new UsageError('--trace applies to the flame and accumulation views');
      return await renderCommand(engine, {
        view,
        files,
        vs: vs ?? [],
        ...(typeof trace === 'string' ? { traceId: trace } : {}),
        out,
        theme,
        colorBy: color,
      });
    }
    const traceIds =
      typeof trace === 'string'
        ? trace
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : [];
    return await reportCommand(engine, { files, vs: vs ?? [], traceIds, out, theme });
  } finally {
    await engine.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`hopscope: ${e.message}\n\n${USAGE}\n`);
      process.exitCode = 64;
    } else {
      process.stderr.write(`hopscope: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  },
);
