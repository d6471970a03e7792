/**
 * The analysis in plain words: the few findings an SRE would put at the top
 * of a postmortem, each with the trace-list filter that shows the traces
 * behind it. Pure: a DatasetAnalysis in, findings out, most important first.
 *
 * What counts as worth saying (and why those thresholds):
 *   bottleneck    among called services (not entry points, which are
 *                 trivially on every path) on at least half the traces'
 *                 critical paths, the one with the largest share of the
 *                 median trace's path
 *   sync chain    the longest chain of services waited on one after another,
 *                 when it reaches 4 (three hops of network on top of the entry)
 *   n-plus-one    the N+1 loop with the most time at stake
 *   retries       the edge whose retries multiply calls the most (> 1.05×, so
 *                 a single stray retry is not news); compound amplification
 *                 when layers multiply beyond that edge
 *   error origin  the service that originates the most failed traces' errors
 *   fan-out       the fan-out with the most time that parallelism would save
 */
import { formatNs, percent } from '../text/units.js';
import type { DatasetAnalysis } from './dataset-analysis-api.js';
import type { Finding } from './views-api.js';

const MIN_BOTTLENECK = 0.5;
const MIN_SYNC_CHAIN = 4;
/** Retries below this amplification are not worth a finding (or a badge on the map). */
export const MIN_AMPLIFICATION = 1.05;
const TRACES = 20;

export function findingsOf(a: DatasetAnalysis): Finding[] {
  return [bottleneck(a), syncChain(a), nPlusOne(a), retries(a), errorOrigin(a), fanOut(a)].filter((f): f is Finding => f !== null);
}

/** Among called services on most traces' critical paths, the one holding the largest share of the median path. */
export function bottleneckNode(a: DatasetAnalysis): DatasetAnalysis['graph']['nodes'][number] | null {
  const shareOf = (service: string) => a.accumulation.byService.find((s) => s.service === service)?.share.p50 ?? 0;
  const called = a.graph.nodes.filter((n) => n.fanIn > 0 && n.bottleneck !== null && n.bottleneck >= MIN_BOTTLENECK);
  return (
    called.sort(
      (x, y) => shareOf(y.service) - shareOf(x.service) || y.bottleneck! - x.bottleneck! || x.service.localeCompare(y.service),
    )[0] ?? null
  );
}

function bottleneck(a: DatasetAnalysis): Finding | null {
  const top = bottleneckNode(a);
  if (!top) return null;
  const share = a.accumulation.byService.find((s) => s.service === top.service)?.share.p50 ?? 0;
  const median = share > 0 ? ` and accounts for ${percent(share)} of the median trace’s critical path` : '';
  return {
    kind: 'bottleneck',
    text: `${top.service} is on the critical path of ${percent(top.bottleneck!)} of traces${median}`,
    service: top.service,
    traces: { service: top.service },
    traceIds: [],
  };
}

function syncChain(a: DatasetAnalysis): Finding | null {
  const chain = a.monolith.syncChain;
  if (chain.max < MIN_SYNC_CHAIN) return null;
  return {
    kind: 'sync-chain',
    text: `requests wait on a chain of up to ${chain.max} services called one after another (median ${chain.p50}); each hop adds its latency to the user’s`,
    traces: { traceIds: chain.exampleTraceIds },
    traceIds: chain.exampleTraceIds.slice(0, TRACES),
  };
}

function nPlusOne(a: DatasetAnalysis): Finding | null {
  const top = [...a.hotspots.nPlusOne].sort((x, y) => y.totalNs - x.totalNs)[0];
  if (!top) return null;
  const calls = Math.round(top.meanCalls);
  return {
    kind: 'n-plus-one',
    text: `${top.service} makes ${calls} sequential calls to ${top.callee} per request (N+1, in ${top.traces} ${top.traces === 1 ? 'trace' : 'traces'}; ${formatNs(top.totalNs)} in total)`,
    service: top.service,
    traces: { service: top.service, operation: top.operation },
    traceIds: [top.example.traceId],
    example: top.example,
  };
}

function retries(a: DatasetAnalysis): Finding | null {
  const edges = a.hotspots.retries.edges.filter((e) => e.retriedCalls > 0 && e.amplification >= MIN_AMPLIFICATION);
  const top = edges.sort((x, y) => y.amplification - x.amplification || y.calls - x.calls)[0];
  if (!top) return null;
  const worst = a.monolith.retryAmplification;
  const compound =
    worst.edge && worst.max > top.amplification + 0.05
      ? `; across layers they compound to ${worst.max.toFixed(1)}× on ${worst.edge.service} → ${worst.edge.callee}`
      : '';
  const examples = a.hotspots.retries.examples.filter((e) => e.service === top.service).map((e) => e.traceId);
  const traceIds = [...new Set([...examples, ...worst.exampleTraceIds])].slice(0, TRACES);
  return {
    kind: 'retries',
    text: `retries amplify calls from ${top.service} to ${top.callee} ${top.amplification.toFixed(1)}× (${top.retriedCalls} of ${top.logicalCalls} calls retried)${compound}`,
    service: top.callee,
    traces: traceIds.length > 0 ? { traceIds } : { service: top.service },
    traceIds,
  };
}

function errorOrigin(a: DatasetAnalysis): Finding | null {
  const errors = a.hotspots.errors;
  const top = [...errors.byService].sort((x, y) => y.originated - x.originated || x.service.localeCompare(y.service))[0];
  if (!top || top.originated === 0) return null;
  const examples = errors.examples.filter((e) => e.origin.service === top.service);
  return {
    kind: 'error-origin',
    text: `${top.service} originates the errors of ${top.originated} of ${errors.failedTraces} failed traces`,
    service: top.service,
    traces: { service: top.service, hasError: true },
    traceIds: examples.map((e) => e.traceId),
    ...(examples[0] ? { example: examples[0].origin } : {}),
  };
}

function fanOut(a: DatasetAnalysis): Finding | null {
  const top = [...a.hotspots.fanOut].sort((x, y) => y.totalSavableNs - x.totalSavableNs)[0];
  if (!top || top.totalSavableNs <= 0) return null;
  return {
    kind: 'fan-out',
    text: `${top.service} “${top.operation}” fans out to up to ${top.maxChildren} calls; running them fully in parallel would save ${formatNs(top.totalSavableNs / top.occurrences)} per request`,
    service: top.service,
    traces: { service: top.service, operation: top.operation },
    traceIds: [top.example.traceId],
    example: top.example,
  };
}
