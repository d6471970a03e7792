/**
 * Loading files for a command. Each file becomes its own dataset, named
 * after the file, unless --dataset puts them all into one (e.g. the parts of
 * one capture). Progress goes to stderr, never stdout: stdout may be JSON.
 */
import path from 'node:path';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import type { FileLoadReport } from '../../shared/model/load-report.js';
import { fileInput } from '../node-files.js';

export async function loadWithProgress(engine: HopscopeEngine, paths: string[], dataset: string | undefined): Promise<FileLoadReport[]> {
  const interactive = process.stderr.isTTY === true;
  let last = 0;
  const onProgress = (p: { path: string; bytesRead: number; totalBytes: number | undefined; spansLoaded: number }) => {
    const now = Date.now();
    if (!interactive || now - last < 250) return;
    last = now;
    const total = p.totalBytes ? ` of ${(p.totalBytes / 1e6).toFixed(1)} MB` : '';
    process.stderr.write(
      `\rloading ${p.path}: ${(p.bytesRead / 1e6).toFixed(1)} MB${total}, ${p.spansLoaded.toLocaleString('en-US')} spans\x1b[K`,
    );
  };
  const reports: FileLoadReport[] = [];
  for (const [name, group] of datasetsFor(paths, dataset)) {
    const result = await engine.load(name, group.map(fileInput), { onProgress });
    reports.push(...result.files);
  }
  if (interactive) process.stderr.write('\r\x1b[K');
  return reports;
}

/** Dataset name → its files, in command-line order; same-named files get "name (2)". */
export function datasetsFor(paths: string[], dataset: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (dataset !== undefined) return out.set(dataset, paths);
  for (const p of paths) {
    const base = path.basename(p);
    let name = base;
    for (let n = 2; out.has(name); n++) name = `${base} (${n})`;
    out.set(name, [p]);
  }
  return out;
}

/** Loads every file into one dataset (named by --dataset, else "traces"): an analysis looks at them together. */
export async function loadAsOneDataset(
  engine: HopscopeEngine,
  paths: string[],
  dataset: string | undefined,
): Promise<{ dataset: string; failed: boolean }> {
  const name = dataset ?? 'traces';
  const reports = await loadWithProgress(engine, paths, name);
  for (const f of reports) {
    if (f.failure) process.stderr.write(`hopscope: ${f.path}: ${f.failure.message} (at byte ${f.failure.byteOffset})\n`);
  }
  return { dataset: name, failed: reports.some((f) => f.failure) };
}
