/**
 * `hopscope critical-path FILE... [--trace ID] [--skew-tolerance F]
 * [--clock raw|adjusted] [--follow-async] [--json]`: the critical path of
 * every trace (one entry per root and per orphan subtree) of the files,
 * loaded together as one dataset.
 */
import type { AnalysisOptions, HopscopeEngine } from '../../shared/engine/engine-api.js';
import { formatNs, percent } from '../analysis-flags.js';
import { plural, toJson } from '../output.js';
import { loadAsOneDataset } from './load-files.js';

export async function criticalPathCommand(
  engine: HopscopeEngine,
  files: string[],
  options: AnalysisOptions & { traceId: string | undefined; json: boolean; dataset: string | undefined },
): Promise<number> {
  const { dataset, failed } = await loadAsOneDataset(engine, files, options.dataset);
  const report = await engine.criticalPaths(dataset, { ...options, traceId: options.traceId });
  if (options.traceId !== undefined && report.paths.length === 0) throw new Error(`trace ${options.traceId} is not in ${files.join(', ')}`);
  if (options.json) {
    const traces = report.paths.map((p) => ({
      traceId: p.traceId,
      rootSpanId: p.rootSpanId,
      orphan: p.orphan,
      durationNs: p.durationNs,
      startNs: p.startNs,
      endNs: p.endNs,
      segments: p.segments.map((s) => ({
        spanId: s.spanId,
        service: s.service,
        operation: s.operation,
        startNs: s.startNs,
        endNs: s.endNs,
        kind: s.kind,
      })),
      byOperation: p.byOperation,
      queueNs: p.queueNs,
      skewAdjustments: p.skewAdjustments,
      outsideParent: p.outsideParent,
    }));
    process.stdout.write(toJson({ options: report.options, clockAdjustedSpans: report.clockAdjustedSpans, traces }) + '\n');
    return failed ? 2 : 0;
  }
  for (const p of report.paths) {
    const what = p.orphan ? 'orphan subtree at span' : 'root span';
    process.stdout.write(
      `trace ${p.traceId} (${what} ${p.rootSpanId}): ${formatNs(p.durationNs)} on the critical path, ${plural(p.segments.length, 'segment')}\n`,
    );
    for (const o of p.byOperation.slice(0, 5)) {
      process.stdout.write(
        `  ${formatNs(o.exclusiveNs).padStart(9)}  ${percent(o.exclusiveNs / Math.max(1, p.durationNs)).padStart(5)}  ${o.service}: ${o.operation}\n`,
      );
    }
    if (p.queueNs > 0) process.stdout.write(`  ${formatNs(p.queueNs).padStart(9)}  waiting in queues\n`);
    if (p.outsideParent.length > 0)
      process.stdout.write(`  ${plural(p.outsideParent.length, 'span')} outside their parent (left off the path)\n`);
  }
  if (options.traceId !== undefined) {
    // One trace: how its latency builds up, hop by hop.
    const hops = await engine.latencyHops(dataset, options.traceId, options);
    process.stdout.write('hops along the critical path (running total, then the hop: own time + call overhead + time queued):\n');
    for (const h of hops) {
      const parts = [
        formatNs(h.selfNs),
        h.overheadNs > 0 ? `+ ${formatNs(h.overheadNs)} call overhead` : '',
        h.queueNs > 0 ? `+ ${formatNs(h.queueNs)} queued` : '',
      ]
        .filter(Boolean)
        .join(' ');
      process.stdout.write(`  ${formatNs(h.runningNs).padStart(9)}  ${h.service}${h.virtual ? ' (not instrumented)' : ''}: ${parts}\n`);
    }
  }
  process.stdout.write(
    `${plural(report.paths.length, 'path')}; clock ${report.options.clock}${report.clockAdjustedSpans ? ` (${plural(report.clockAdjustedSpans, 'span')} moved for skew)` : ''}\n`,
  );
  return failed ? 2 : 0;
}
