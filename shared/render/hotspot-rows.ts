/**
 * The rows of each hotspot table, as the app's Hotspots view
 * (HotspotsView.tsx) lists them and its images (hotspot-figures.ts) draw
 * them: which hotspots get a row, in which order, and which spans are each
 * row's examples (the clearest first). One selection, so an exported table
 * lists what the reader finds in the app.
 *
 * Data only: the view adds its React keys and trace-list filters, the
 * figures their formatted cells.
 */
import type { SpanRef } from '../engine/analysis-api.js';
import type { DatasetAnalysis } from '../engine/dataset-analysis-api.js';
import { MIN_AMPLIFICATION } from '../engine/findings.js';

type Hotspots = DatasetAnalysis['hotspots'];

/** A hotspot with the spans a reader can open to see it. */
export type WithExamples<T> = Omit<T, 'examples'> & { examples: SpanRef[] };

/** Just the span's reference: an example may carry more (attempts, chains) that no row shows. */
const refs = (examples: readonly SpanRef[]): SpanRef[] =>
  examples.map(({ traceId, spanId, service, operation }) => ({ traceId, spanId, service, operation }));

/** N+1 loops, the most time at stake first. */
export function nPlusOneRows(a: DatasetAnalysis): WithExamples<Hotspots['nPlusOne'][number]>[] {
  return [...a.hotspots.nPlusOne].sort((x, y) => y.totalNs - x.totalNs).map((h) => ({ ...h, examples: refs([h.example]) }));
}

/** Fan-outs that parallel calls would speed up, the most savable first. */
export function fanOutRows(a: DatasetAnalysis): WithExamples<Hotspots['fanOut'][number]>[] {
  return a.hotspots.fanOut
    .filter((h) => h.totalSavableNs > 0)
    .sort((x, y) => y.totalSavableNs - x.totalSavableNs)
    .map((h) => ({ ...h, examples: refs([h.example]) }));
}

/** Edges that retried enough to count as amplification (the findings' threshold), the worst compound first. */
export function retryRows(a: DatasetAnalysis): WithExamples<Hotspots['retries']['edges'][number]>[] {
  const r = a.hotspots.retries;
  return r.edges
    .filter((e) => e.retriedCalls > 0 && e.amplification >= MIN_AMPLIFICATION)
    .sort((x, y) => y.compoundMax - x.compoundMax)
    .map((e) => ({ ...e, examples: refs(r.examples.filter((x) => x.service === e.service)) }));
}

/** Services where errors start, the most first; the examples are the failing spans at the origin. */
export function errorRows(a: DatasetAnalysis): WithExamples<Hotspots['errors']['byService'][number]>[] {
  const errors = a.hotspots.errors;
  return errors.byService
    .filter((e) => e.originated > 0)
    .sort((x, y) => y.originated - x.originated)
    .map((e) => ({ ...e, examples: refs(errors.examples.filter((x) => x.origin.service === e.service).map((x) => x.origin)) }));
}

/** The longest synchronous chains, in the analysis's order: longest first, then most traces (sync-chains.ts). */
export function chainRows(a: DatasetAnalysis): WithExamples<DatasetAnalysis['monolith']['longestChains'][number]>[] {
  return a.monolith.longestChains.map((c) => ({ ...c, examples: refs(c.examples) }));
}
