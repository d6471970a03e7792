import { describe, expect, it } from 'vitest';
import { evaluateRules, parseRegressionRules } from '../../../shared/analysis/compare/regression-rule.js';
import type { Compared, DatasetComparison } from '../../../shared/engine/compare-api.js';

const c = (a: number, b: number): Compared => ({ a, b, delta: b - a, relative: a === 0 ? null : b / a - 1, test: null });

/** Only the end-to-end numbers the rules read. */
function comparison(values: Partial<Record<'p50' | 'p99' | 'errors' | 'chain', [number, number]>>): DatasetComparison {
  const v = (k: keyof typeof values) => c(...(values[k] ?? [1, 1]));
  return {
    endToEnd: {
      p50Ns: v('p50'),
      p90Ns: c(1, 1),
      p99Ns: v('p99'),
      meanNs: c(1, 1),
      errorRate: v('errors'),
      spansPerTrace: c(1, 1),
      servicesPerTrace: c(1, 1),
      syncChain: v('chain'),
      queueNs: c(0, 0),
      completionNs: { p50: c(1, 1), p99: c(1, 1) },
      latenciesNs: { a: [], b: [] },
    },
  } as unknown as DatasetComparison;
}

describe('regression rules', () => {
  it.each([
    { rules: 'p99>10%', values: { p99: [100e6, 111e6] as [number, number] }, holds: [true] },
    { rules: 'p99>10%', values: { p99: [100e6, 110e6] as [number, number] }, holds: [false] },
    { rules: 'p99>10%', values: { p99: [7e9, 4e9] as [number, number] }, holds: [false] },
    { rules: 'p50>20ms', values: { p50: [100e6, 121e6] as [number, number] }, holds: [true] },
    { rules: 'p50 > 20 ms', values: { p50: [100e6, 119e6] as [number, number] }, holds: [false] },
    { rules: 'errors>1%', values: { errors: [0.01, 0.025] as [number, number] }, holds: [true] },
    { rules: 'errors>1%', values: { errors: [0.01, 0.015] as [number, number] }, holds: [false] },
    { rules: 'sync-chain>0', values: { chain: [2, 3] as [number, number] }, holds: [true] },
    { rules: 'p99>10%, errors>1%', values: { p99: [1, 1.5] as [number, number] }, holds: [true, false] },
  ])('$rules on $values → $holds', ({ rules, values, holds }) => {
    expect(evaluateRules(parseRegressionRules(rules), comparison(values)).map((o) => o.holds)).toEqual(holds);
  });

  it('says what it compared', () => {
    const [outcome] = evaluateRules(parseRegressionRules('p99>10%'), comparison({ p99: [7.2e9, 4.1e9] }));
    expect(outcome!.detail).toBe('p99 7.200 s → 4.100 s (−43%)');
  });

  it.each(['', 'p99', 'p99<10%', 'latency>10%', 'p99>fast', 'errors>0.01', 'sync-chain>-1'])(
    'refuses "%s" with a message naming it',
    (text) => {
      expect(() => parseRegressionRules(text)).toThrow(/rule|needs a rule/);
    },
  );
});
