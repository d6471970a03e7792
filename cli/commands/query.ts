/** `hopscope query FILE... --sql "SELECT …" [--json|--csv]`: SQL over the loaded spans. */
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { formatCsv, formatTable, toJson } from '../output.js';
import { loadWithProgress } from './load-files.js';

export async function queryCommand(
  engine: HopscopeEngine,
  files: string[],
  options: { sql: string; format: 'table' | 'json' | 'csv'; dataset: string | undefined },
): Promise<number> {
  const reports = await loadWithProgress(engine, files, options.dataset);
  for (const f of reports) {
    if (f.failure) process.stderr.write(`hopscope: ${f.path}: ${f.failure.message} (at byte ${f.failure.byteOffset})\n`);
  }
  const result = await engine.query(options.sql);
  if (options.format === 'json') process.stdout.write(toJson(result.rows) + '\n');
  else if (options.format === 'csv') process.stdout.write(formatCsv(result) + '\n');
  else process.stdout.write(formatTable(result) + '\n');
  return reports.some((f) => f.failure) ? 2 : 0;
}
