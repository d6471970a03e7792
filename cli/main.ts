/** The hopscope command line. */
import { createRequire } from 'node:module';
import { parseArgs, UsageError } from './args.js';
import { ANALYSIS_FLAGS, ANALYSIS_VALUED, analysisOptions } from './analysis-flags.js';
import { analyzeCommand } from './commands/analyze.js';
import { criticalPathCommand } from './commands/critical-path.js';
import { loadCommand } from './commands/load.js';
import { queryCommand } from './commands/query.js';
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
  The analysis commands load all FILEs into one dataset.
  hopscope --version | --help`;

const COMMON = ['json', 'dataset', 'help'];
const COMMANDS: Record<string, { known: string[]; valued: string[] }> = {
  load: { known: COMMON, valued: ['dataset'] },
  query: { known: [...COMMON, 'sql', 'csv'], valued: ['dataset', 'sql'] },
  'critical-path': { known: [...COMMON, ...ANALYSIS_FLAGS, 'trace'], valued: ['dataset', 'trace', ...ANALYSIS_VALUED] },
  analyze: { known: [...COMMON, ...ANALYSIS_FLAGS, 'trace'], valued: ['dataset', 'trace', ...ANALYSIS_VALUED] },
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
  const args = parseArgs(rest, new Set(spec.valued), new Set(spec.known));
  if (args.flags.has('help')) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
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
