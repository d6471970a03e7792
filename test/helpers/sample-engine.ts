/**
 * The engine as the CLI builds it (createNodeEngine), with the bundled
 * samples loaded as 'before' and 'after': what most tests of analyses,
 * comparisons and exports run on.
 */
import { createNodeEngine } from '../../cli/duckdb-node-host.js';
import { fileInput } from '../../cli/node-files.js';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';

export const SAMPLE_FILES = {
  before: 'sample-traces/before-migration.otlp.jsonl.gz',
  after: 'sample-traces/after-migration.otlp.jsonl.gz',
} as const;

/** Loads the two samples into `engine` as the datasets 'before' and 'after'. */
export async function loadSamples(engine: HopscopeEngine): Promise<void> {
  await engine.load('before', [fileInput(SAMPLE_FILES.before)]);
  await engine.load('after', [fileInput(SAMPLE_FILES.after)]);
}

/** A new Node engine with both samples loaded; the caller closes it. */
export async function createSampleEngine(): Promise<HopscopeEngine> {
  const engine = await createNodeEngine();
  try {
    await loadSamples(engine);
  } catch (e) {
    // The caller never gets the engine to close, so its workers would keep the test process alive.
    await engine.close();
    throw e;
  }
  return engine;
}
