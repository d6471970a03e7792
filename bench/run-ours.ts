/**
 * Benchmark child: the app's own ingest path, end to end. createNodeEngine()
 * (duckdb-wasm, the same WebAssembly build the app runs) then engine.load()
 * of the file exactly as the CLI loads it: an ingest worker thread parses
 * while the engine's thread inserts (the renderer does the same with a Web
 * Worker).
 */
import { createNodeEngine } from '../cli/duckdb-node-host.js';
import { fileInput } from '../cli/node-files.js';
import { expectSpans, measure, report, runnerArgs } from './measure.js';

const args = runnerArgs();
let initMs = 0;
const m = await measure(async () => {
  const started = performance.now();
  const engine = await createNodeEngine();
  initMs = performance.now() - started;
  const result = await engine.load('bench', [fileInput(args.file)]);
  return { engine, file: result.files[0]! };
});

const { engine, file } = m.value;
if (file.failure) throw new Error(`the load failed at byte ${file.failure.byteOffset}: ${file.failure.message}`);
if (file.rejected.length > 0) throw new Error(`spans were rejected: ${JSON.stringify(file.rejected)}`);
expectSpans('load report', file.spansLoaded, args.spans);
const counted = await engine.query('SELECT count(*) AS n FROM spans');
expectSpans('SELECT count(*) FROM spans', Number(counted.rows[0]!.n), args.spans);
await engine.close();

report('ours', args, m, {
  what: 'createNodeEngine() + engine.load(fileInput(path)): parsed in an ingest worker, inserted on the main thread (timed together)',
  initMs: Math.round(initMs),
  loadMs: Math.round(m.wallMs - initMs),
  missingParent: file.missingParent,
});
