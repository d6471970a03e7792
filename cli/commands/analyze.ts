/**
 * `hopscope analyze FILE... [--trace ID] [--json] [--clock raw|adjusted]
 * [--skew-tolerance F] [--follow-async]`: the service graph, hotspots
 * (fan-out, N+1, retries, error origins), latency accumulation and the
 * "distributed monolith" indicators of the files, loaded as one dataset.
 */
import type { AnalysisOptions, DatasetAnalysis, HopscopeEngine } from '../../shared/engine/engine-api.js';
import type { Indicator } from '../../shared/engine/dataset-analysis-api.js';
import { formatNs, percent } from '../analysis-flags.js';
import { indentedTable as table, plural, toJson } from '../output.js';
import { loadAsOneDataset } from './load-files.js';

export async function analyzeCommand(
  engine: HopscopeEngine,
  files: string[],
  options: AnalysisOptions & { traceId: string | undefined; json: boolean; dataset: string | undefined },
): Promise<number> {
  const { dataset, failed } = await loadAsOneDataset(engine, files, options.dataset);
  const analysis = await engine.analyze(dataset, { ...options, traceId: options.traceId });
  process.stdout.write((options.json ? toJson(analysis) : describe(analysis)) + '\n');
  return failed ? 2 : 0;
}

function indicatorText(i: Indicator): string {
  return `median ${i.p50}, p90 ${i.p90}, max ${i.max}${i.exampleTraceIds.length ? ` (e.g. trace ${i.exampleTraceIds[0]})` : ''}`;
}

function describe(a: DatasetAnalysis): string {
  const h = a.hotspots;
  const m = a.monolith;
  const out: string[] = [];
  out.push(
    `${plural(a.spans, 'span')} in ${plural(a.traces, 'trace')}; clock ${a.options.clock}${a.clock.adjustedSpans ? ` (${plural(a.clock.adjustedSpans, 'span')} moved for skew)` : ''}`,
  );
  out.push(
    `critical path: median ${formatNs(a.criticalPathNs.p50)}, p90 ${formatNs(a.criticalPathNs.p90)}, p99 ${formatNs(a.criticalPathNs.p99)}${a.options.followAsync ? ' (end to end, async work followed)' : ''}`,
  );

  out.push('', 'Distributed monolith indicators');
  out.push(`  services one request waits on: ${indicatorText(m.waitsOn)}`);
  out.push(`  longest synchronous chain:     ${indicatorText(m.syncChain)}`);
  const amp = m.retryAmplification;
  out.push(
    `  retry amplification:           ${amp.edge ? `up to ${amp.max.toFixed(1)}× on ${amp.edge.service} → ${amp.edge.callee}${amp.exampleTraceIds.length ? ` (e.g. trace ${amp.exampleTraceIds[0]})` : ''}` : 'none'}`,
  );

  out.push('', 'Service graph: calls');
  out.push(
    table(
      ['caller', 'callee', 'mode', 'calls', 'per trace', 'errors', 'p50', 'p99'],
      a.graph.edges.map((e) => [
        e.from,
        e.to,
        e.mode,
        e.calls,
        e.callsPerTrace.toFixed(1),
        percent(e.errorRate),
        formatNs(e.p50Ns),
        formatNs(e.p99Ns),
      ]),
    ),
  );
  out.push('', 'Service graph: services');
  out.push(
    table(
      ['service', 'spans', 'errors', 'sync callers', 'on critical path'],
      a.graph.nodes.map((n) => [
        n.virtual ? `${n.service} (not instrumented)` : n.service,
        n.spans,
        percent(n.errorRate),
        n.fanIn,
        n.bottleneck === null ? '' : percent(n.bottleneck),
      ]),
    ),
  );

  out.push('', 'Latency accumulation: share of the critical path per service');
  out.push(
    table(
      ['service', 'traces', 'median', 'p90', 'p99'],
      a.accumulation.byService.map((s) => [s.service, s.traces, percent(s.share.p50), percent(s.share.p90), percent(s.share.p99)]),
    ),
  );

  out.push('', 'Hotspots: N+1 (sequential identical calls under one parent)');
  out.push(
    table(
      ['service', 'operation', 'callee', 'runs', 'traces', 'longest', 'time at stake'],
      h.nPlusOne.map((n) => [n.service, n.operation, n.callee, n.occurrences, n.traces, n.maxCalls, formatNs(n.totalNs)]),
    ),
  );
  out.push('', 'Hotspots: fan-out (time full parallelism would save)');
  out.push(
    table(
      ['service', 'operation', 'spans', 'widest', 'parallelism', 'savable'],
      h.fanOut
        .slice(0, 10)
        .map((f) => [f.service, f.operation, f.occurrences, f.maxChildren, `${f.meanParallelism.toFixed(2)}×`, formatNs(f.totalSavableNs)]),
    ),
  );
  out.push('', `Hotspots: retries (${plural(h.retries.retriedCalls, 'call')} needed more than one attempt)`);
  out.push(
    table(
      ['caller', 'callee', 'calls', 'requested', 'amplification', 'compound max'],
      h.retries.edges
        .filter((e) => e.retriedCalls > 0 || e.compoundMax > 1)
        .map((e) => [e.service, e.callee, e.calls, e.logicalCalls, `${e.amplification.toFixed(2)}×`, `${e.compoundMax.toFixed(1)}×`]),
    ),
  );
  out.push('', `Hotspots: error origins (${plural(h.errors.failedTraces, 'failed trace')})`);
  out.push(
    table(
      ['service', 'originated', 'propagated'],
      h.errors.byService.map((e) => [e.service, e.originated, e.propagated]),
    ),
  );
  return out.join('\n');
}
