/**
 * `hopscope compare BASELINE... --vs COMPARISON... [--json]
 * [--fail-on-regression "p99>10%"]`: the two sets of files loaded as two
 * datasets, "baseline" and "comparison", and what changed between them:
 * end-to-end latency, the ranked changes per service/operation/edge with
 * their test, and the structural changes. With --fail-on-regression the exit
 * status is 1 when a rule holds (regression-rule.ts), so a migration can be
 * gated in CI; 2 when a file could not be read.
 */
import { evaluateRules, type RegressionRule } from '../../shared/analysis/compare/regression-rule.js';
import type { DatasetComparison } from '../../shared/engine/compare-api.js';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { CHANGE_TABLE_COLUMNS, changeTableRow, changeText } from '../../shared/text/compare-text.js';
import { formatNs, percent } from '../analysis-flags.js';
import { indentedTable as table, toJson } from '../output.js';
import { loadAsOneDataset } from './load-files.js';

/** Rows printed per table (the JSON has them all). */
const TOP = 15;

export async function compareCommand(
  engine: HopscopeEngine,
  baseline: string[],
  comparison: string[],
  options: { json: boolean; rules: RegressionRule[] },
): Promise<number> {
  const a = await loadAsOneDataset(engine, baseline, 'baseline');
  const b = await loadAsOneDataset(engine, comparison, 'comparison');
  const result = await engine.compare({ dataset: a.dataset }, { dataset: b.dataset });
  const outcomes = evaluateRules(options.rules, result);
  if (options.json) {
    process.stdout.write(
      toJson({ ...result, regressions: outcomes.map((o) => ({ rule: o.rule.text, holds: o.holds, detail: o.detail })) }) + '\n',
    );
  } else {
    process.stdout.write(describe(result) + '\n');
    for (const o of outcomes) process.stdout.write(`${o.holds ? 'REGRESSION' : 'ok'}: ${o.rule.text} — ${o.detail}\n`);
  }
  if (a.failed || b.failed) return 2;
  return outcomes.some((o) => o.holds) ? 1 : 0;
}

function describe(c: DatasetComparison): string {
  const e = c.endToEnd;
  const count = (n: number) => n.toFixed(1);
  const out: string[] = [];
  out.push(`baseline: ${c.a.traces} traces, ${c.a.spans} spans; comparison: ${c.b.traces} traces, ${c.b.spans} spans`);
  out.push('', 'End to end (what the user waits for)');
  out.push(`  p50            ${changeText(e.p50Ns, formatNs)}`);
  out.push(`  p90            ${changeText(e.p90Ns, formatNs)}`);
  out.push(`  p99            ${changeText(e.p99Ns, formatNs)}`);
  out.push(`  failed         ${changeText(e.errorRate, percent)}`);
  out.push(`  spans/trace    ${changeText(e.spansPerTrace, count)}`);
  out.push(`  sync chain     ${changeText(e.syncChain, count)}`);
  out.push(`  queue delay    ${changeText(e.queueNs, formatNs)} per trace`);
  out.push(`  completion p99 ${changeText(e.completionNs.p99, formatNs)} (the asynchronous work included)`);
  out.push(
    `  retries on the user-facing path: up to ${c.retries.userFacing.a.toFixed(1)}× → ${c.retries.userFacing.b.toFixed(1)}× (anywhere: ${c.retries.a.toFixed(1)}× → ${c.retries.b.toFixed(1)}×)`,
  );
  const loops = (l: DatasetComparison['nPlusOne']['a']) =>
    l.length === 0 ? 'none' : l.map((x) => `${x.service} → ${x.callee} ×${Math.round(x.meanCalls)}`).join(', ');
  out.push(`  N+1 loops: ${loops(c.nPlusOne.a)} → ${loops(c.nPlusOne.b)}`);

  const significant = c.changes.filter((r) => r.significant).slice(0, TOP);
  out.push(
    '',
    `Biggest changes (by traces affected × critical-path time changed; ${c.changes.filter((r) => r.significant).length} significant)`,
  );
  out.push(table(CHANGE_TABLE_COLUMNS, significant.map(changeTableRow)));

  const s = c.structure;
  out.push('', 'Structure');
  out.push(
    table(
      ['sync call now async', 'through', 'calls/trace'],
      s.syncToAsync.map((m) => [
        `${m.from} → ${m.to}`,
        m.via.join(', ') || '(direct)',
        `${count(m.callsPerTrace.a)} → ${count(m.callsPerTrace.b)}`,
      ]),
    ),
  );
  out.push(
    table(
      ['edge', 'mode', 'change'],
      [
        ...s.edgesAppeared.map((x) => [`${x.from} → ${x.to}`, x.mode, 'appeared']),
        ...s.edgesDisappeared.map((x) => [`${x.from} → ${x.to}`, x.mode, 'disappeared']),
      ],
    ),
  );
  return out.join('\n');
}
