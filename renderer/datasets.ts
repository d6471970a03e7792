/** What the page shows per dataset, read from the engine in one go after each load. */
import type { DatasetSummary, HopscopeEngine, ServiceSummary } from '../shared/engine/engine-api.js';
import type { FileLoadReport } from '../shared/model/load-report.js';
import { formatCount } from './format.js';

export interface DatasetView {
  summary: DatasetSummary;
  services: ServiceSummary[];
  files: FileLoadReport[];
}

export async function readDatasets(engine: HopscopeEngine): Promise<DatasetView[]> {
  const summaries = await engine.datasets();
  return Promise.all(
    summaries.map(async (summary) => ({
      summary,
      services: await engine.services(summary.dataset),
      files: await engine.fileReports(summary.dataset),
    })),
  );
}

/** `name`, or `name (2)`, `name (3)`, … so that opening files never adds to an existing dataset. */
export function uniqueDatasetName(name: string, taken: readonly string[]): string {
  if (!taken.includes(name)) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** One line per file that could not be read to its end, naming the file and where reading stopped. */
export function readFailures(files: readonly FileLoadReport[]): string[] {
  return files.flatMap(({ path, failure, spansLoaded }) => {
    if (!failure) return [];
    const kept = spansLoaded > 0 ? ` (the ${formatCount(spansLoaded)} spans before it were loaded)` : '';
    return [`${path}: reading stopped at byte ${formatCount(failure.byteOffset)}: ${failure.message}${kept}`];
  });
}
