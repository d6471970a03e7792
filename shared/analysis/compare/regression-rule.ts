/**
 * `--fail-on-regression` rules: when is the comparison a regression a CI
 * gate should fail on. A rule is METRIC>THRESHOLD; several are joined with
 * commas and any one holding fails the gate.
 *
 *   p99>10%        end-to-end p99 grew by more than 10% (b ÷ a − 1 > 0.10)
 *   p50>20ms       end-to-end median grew by more than 20 ms (b − a)
 *   errors>1%      the failed-request rate grew by more than 1 percentage point
 *   sync-chain>0   the longest synchronous chain (median per trace) grew at all
 *
 * Latency metrics: p50, p90, p99, mean (end to end, what the user waits),
 * completion-p50, completion-p99 (including the asynchronous work). A
 * percentage on them is relative, a duration absolute. `errors` takes
 * percentage points; `sync-chain` and `spans` a plain number (absolute).
 * No significance test gates a rule: it compares the numbers as measured, so
 * give it samples large enough to mean something.
 */
import type { Compared, DatasetComparison } from '../../engine/compare-api.js';
import { formatNs, parseDuration, percent } from '../../text/units.js';

export type RuleMetric = 'p50' | 'p90' | 'p99' | 'mean' | 'completion-p50' | 'completion-p99' | 'errors' | 'sync-chain' | 'spans';

export interface RegressionRule {
  text: string;
  metric: RuleMetric;
  /** 'relative': fraction of the baseline; 'absolute': in the metric's unit (ns, rate, count). */
  kind: 'relative' | 'absolute';
  threshold: number;
}

export interface RuleOutcome {
  rule: RegressionRule;
  holds: boolean;
  /** "p99 7.2 s → 4.1 s (−43%)". */
  detail: string;
}

const LATENCY: readonly RuleMetric[] = ['p50', 'p90', 'p99', 'mean', 'completion-p50', 'completion-p99'];
const METRICS: readonly RuleMetric[] = [...LATENCY, 'errors', 'sync-chain', 'spans'];

/** Throws with a message naming the rule that does not parse. */
export function parseRegressionRules(text: string): RegressionRule[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) throw new Error('--fail-on-regression needs a rule, e.g. "p99>10%"');
  return parts.map(parseRule);
}

function parseRule(text: string): RegressionRule {
  const match = /^([a-z0-9-]+)\s*>\s*(.+)$/i.exec(text);
  const bad = (why: string) => new Error(`bad regression rule "${text}": ${why} (e.g. "p99>10%", "p50>20ms", "errors>1%")`);
  if (!match) throw bad('expected METRIC>THRESHOLD');
  const metric = match[1]!.toLowerCase() as RuleMetric;
  if (!METRICS.includes(metric)) throw bad(`unknown metric "${match[1]}"; one of ${METRICS.join(', ')}`);
  const value = match[2]!.trim();
  if (value.endsWith('%')) {
    const n = Number(value.slice(0, -1));
    if (!Number.isFinite(n) || n < 0) throw bad('the percentage is not a number ≥ 0');
    // Error rates are percentages already: a percentage on them is percentage points.
    return { text, metric, kind: metric === 'errors' ? 'absolute' : 'relative', threshold: n / 100 };
  }
  if (LATENCY.includes(metric)) {
    const ns = parseDuration(value);
    if (ns === null) throw bad('expected a percentage or a duration such as 20ms');
    return { text, metric, kind: 'absolute', threshold: ns };
  }
  if (metric === 'errors') throw bad('errors takes percentage points, e.g. errors>1%');
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw bad('expected a number ≥ 0');
  return { text, metric, kind: 'absolute', threshold: n };
}

export function evaluateRules(rules: readonly RegressionRule[], c: DatasetComparison): RuleOutcome[] {
  return rules.map((rule) => {
    const value = valueOf(rule.metric, c);
    const change = rule.kind === 'relative' ? (value.a === 0 ? (value.b > 0 ? Infinity : 0) : value.b / value.a - 1) : value.b - value.a;
    // A hair of tolerance: 110 ms over 100 ms is 10%, not 10.000000000000009%.
    const holds = change > rule.threshold * (1 + 1e-9) + 1e-12;
    const show = (n: number) => (LATENCY.includes(rule.metric) ? formatNs(n) : rule.metric === 'errors' ? percent(n) : n.toFixed(1));
    const relative = value.a === 0 ? '' : ` (${value.b >= value.a ? '+' : '−'}${percent(Math.abs(value.b / value.a - 1))})`;
    return { rule, holds, detail: `${rule.metric} ${show(value.a)} → ${show(value.b)}${relative}` };
  });
}

function valueOf(metric: RuleMetric, c: DatasetComparison): Compared {
  const e = c.endToEnd;
  switch (metric) {
    case 'p50':
      return e.p50Ns;
    case 'p90':
      return e.p90Ns;
    case 'p99':
      return e.p99Ns;
    case 'mean':
      return e.meanNs;
    case 'completion-p50':
      return e.completionNs.p50;
    case 'completion-p99':
      return e.completionNs.p99;
    case 'errors':
      return e.errorRate;
    case 'sync-chain':
      return e.syncChain;
    case 'spans':
      return e.spansPerTrace;
  }
}
