/** Loads as the page runs them: each into a new dataset, and reported as lines the user can act on. */
import type { HopscopeEngine, LoadProgress, TraceFileInput } from '../shared/engine/engine-api.js';
import { readFailures } from './datasets.js';
import { errorMessage } from './format.js';

export interface LoadJob {
  /** A dataset that does not exist yet. */
  dataset: string;
  /** Names the load in error messages: its file names. */
  label: string;
  /** A function so that fetching a sample is part of (and can fail) its load. */
  files(signal: AbortSignal): Promise<TraceFileInput[]>;
}

export const CANCELLED = 'Loading was cancelled; files not read to the end were not kept.';

/** Runs one job; resolves to the problems to show (none when every file was read completely). */
export async function runLoadJob(
  engine: HopscopeEngine,
  job: LoadJob,
  signal: AbortSignal,
  onProgress: (progress: LoadProgress) => void,
): Promise<string[]> {
  let loaded = false;
  try {
    const files = await job.files(signal);
    const result = await engine.load(job.dataset, files, { signal, onProgress });
    loaded = result.files.some((f) => f.spansLoaded > 0);
    return readFailures(result.files);
  } catch (e) {
    return [signal.aborted ? CANCELLED : `${job.label}: ${errorMessage(e)}`];
  } finally {
    // The dataset is new, so one that got no spans (a wrong, broken or cancelled file) is removed rather than left empty.
    if (!loaded) await engine.removeDataset(job.dataset);
  }
}
