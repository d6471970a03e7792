/**
 * `hopscope load FILE... [--json] [--dataset NAME]`: loads files and prints
 * the load report. Exit 0 when every file was read to its end (rejected spans
 * included), 2 when any file could not be read (the others still load).
 */
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { rejectedCount, type FileLoadReport } from '../../shared/model/load-report.js';
import { formatCount, plural, toJson } from '../output.js';
import { loadWithProgress } from './load-files.js';

export async function loadCommand(
  engine: HopscopeEngine,
  files: string[],
  options: { json: boolean; dataset: string | undefined },
): Promise<number> {
  const reports = await loadWithProgress(engine, files, options.dataset);
  const totals = await engine.query(
    `SELECT count(*) AS spans, count(DISTINCT trace_id) AS traces, count(DISTINCT service) AS services FROM spans`,
  );
  const t = totals.rows[0]!;
  const rejected = reports.reduce((n, f) => n + rejectedCount(f), 0);
  const summary = { spans: Number(t.spans), traces: Number(t.traces), services: Number(t.services), rejected };

  if (options.json) {
    process.stdout.write(toJson({ files: reports.map(jsonReport), totals: summary }) + '\n');
  } else {
    for (const f of reports) process.stdout.write(describeReport(f));
    process.stdout.write(
      `total: ${plural(summary.spans, 'span')} in ${plural(summary.traces, 'trace')} from ${plural(summary.services, 'service')}; ${formatCount(rejected)} rejected\n`,
    );
  }
  for (const f of reports) {
    if (f.failure) process.stderr.write(`hopscope: ${f.path}: ${f.failure.message} (at byte ${f.failure.byteOffset})\n`);
  }
  return reports.some((f) => f.failure) ? 2 : 0;
}

function jsonReport(f: FileLoadReport) {
  return {
    path: f.path,
    format: f.format,
    compression: f.compression,
    bytes: f.bytesRead,
    spans: f.spansLoaded,
    rejected: rejectedCount(f),
    problems: f.rejected,
    missingParent: f.missingParent,
    warnings: f.warnings,
    failure: f.failure,
  };
}

function describeReport(f: FileLoadReport): string {
  const format = f.format ? `${f.format}${f.compression === 'none' ? '' : ` (${f.compression})`}` : 'unreadable';
  const lines = [`${f.path}: ${format}, ${plural(f.spansLoaded, 'span')} loaded, ${formatCount(rejectedCount(f))} rejected`];
  for (const p of f.rejected) lines.push(`  rejected ${formatCount(p.count)} × ${p.reason} (first: ${p.example})`);
  if (f.missingParent > 0) lines.push(`  ${plural(f.missingParent, 'span')} kept whose parent is not in the data`);
  for (const w of f.warnings) lines.push(`  warning: ${w}`);
  if (f.failure) lines.push(`  error: reading stopped at byte ${f.failure.byteOffset}: ${f.failure.message}`);
  return lines.join('\n') + '\n';
}
