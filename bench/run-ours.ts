/**
 * Benchmark child: the app's own ingest path, end to end. createNodeEngine()
 * (duckdb-wasm, the same WebAssembly build the app runs) then engine.load()
 * of the file as a stream, exactly as the UI and the CLI load files.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../cli/duckdb-node-host.js';
import { expectSpans, measure, report, runnerArgs } from './measure.js';

const args = runnerArgs();
let initMs = 0;
const m = await measure(async () => {
  const started = performance.now();
  const engine = await createNodeEngine();
  initMs = performance.now() - started;
  const result = await engine.load('bench', [
    { name: path.basename(args.file), size: args.bytes, stream: () => createReadStream(args.file, { highWaterMark: 1 << 20 }) },
  ]);
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
  what: 'createNodeEngine() + engine.load() of a file stream in 1 MiB chunks (timed together)',
  initMs: Math.round(initMs),
  loadMs: Math.round(m.wallMs - initMs),
  missingParent: file.missingParent,
});
