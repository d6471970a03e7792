/**
 * The trees the analyses run on, per dataset, kept between calls: pulling a
 * million spans out of DuckDB and building their tree costs seconds, and the
 * UI asks about the same dataset again and again. Forgotten when the dataset
 * changes (a load into it, or its removal).
 */
import { loadSpanTable } from '../analysis/load-span-table.js';
import { buildTraceTree, type TraceTree } from '../analysis/model/trace-tree.js';
import { adjustClockSkew, type ClockSkewResult } from '../analysis/timing/clock-skew.js';
import type { ClockMode } from './analysis-api.js';
import type { SqlHost } from './sql-host.js';

export interface ClockedTree {
  /** The tree in the chosen clock. */
  tree: TraceTree;
  /** The tree as recorded. */
  raw: TraceTree;
  /** The adjustment (null for the raw clock). */
  skew: ClockSkewResult | null;
}

interface Entry {
  raw: Promise<TraceTree>;
  adjusted?: Promise<ClockedTree>;
}

/** Single traces are cheap to pull; only this many are kept. */
const TRACE_ENTRIES = 32;

export class AnalysisSession {
  private readonly datasets = new Map<string, Entry>();
  private readonly traces = new Map<string, Entry>();

  constructor(private readonly host: SqlHost) {}

  /** The whole dataset, or one trace of it. */
  tree(dataset: string, clock: ClockMode, traceId?: string): Promise<ClockedTree> {
    const key = traceId === undefined ? dataset : `${dataset}\u0000${traceId}`;
    const cache = traceId === undefined ? this.datasets : this.traces;
    let entry = cache.get(key);
    if (!entry) {
      entry = { raw: loadSpanTable(this.host, { dataset, traceId }).then(buildTraceTree) };
      if (cache === this.traces && cache.size >= TRACE_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(key, entry);
      entry.raw.catch(() => cache.delete(key));
    }
    if (clock === 'raw') return entry.raw.then((raw) => ({ tree: raw, raw, skew: null }));
    entry.adjusted ??= entry.raw.then((raw) => {
      const skew = adjustClockSkew(raw);
      return { tree: skew.adjustedSpanCount > 0 ? buildTraceTree(skew.table) : raw, raw, skew };
    });
    return entry.adjusted;
  }

  forget(dataset: string): void {
    this.datasets.delete(dataset);
    for (const key of [...this.traces.keys()]) if (key.startsWith(`${dataset}\u0000`)) this.traces.delete(key);
  }
}
