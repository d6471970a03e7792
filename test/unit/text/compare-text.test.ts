/** The comparison's wording, shared by the app, its images, the report and the CLI. */
import { describe, expect, it } from 'vitest';
import type { Compared, DatasetComparison } from '../../../shared/engine/compare-api.js';
import {
  changeText,
  changeVerdict,
  headlineParts,
  headlineText,
  relativeChangeText,
  subjectText,
  testText,
} from '../../../shared/text/compare-text.js';
import { formatNs } from '../../../shared/text/units.js';

const MS = 1e6;

function compared(a: number, b: number, test: Partial<NonNullable<Compared['test']>> | null = null): Compared {
  return {
    a,
    b,
    delta: b - a,
    relative: a === 0 ? null : b / a - 1,
    test: test && { test: 'mann-whitney-u', pValue: 0.01, effectSize: -0.4, significant: true, sizes: [100, 100], ...test },
  };
}

/** Just the end-to-end numbers the headline reads. */
function endToEnd(p99: [number, number], completion: [number, number], queueB = 0): DatasetComparison {
  return {
    endToEnd: {
      p99Ns: compared(...p99),
      completionNs: { p99: compared(...completion) },
      queueNs: compared(0, queueB),
    },
  } as unknown as DatasetComparison;
}

describe('headline', () => {
  it('says whether the user waits less and the work completes sooner, b’s p99 set apart for emphasis', () => {
    const c = endToEnd([800 * MS, 400 * MS], [800 * MS, 1200 * MS], 30 * MS);
    const parts = headlineParts(c);
    expect(parts.emphasis).toBe(formatNs(400 * MS));
    expect(headlineText(c)).toBe(parts.lead + parts.emphasis + parts.rest);
    expect(headlineText(c)).toBe(
      'The user waits less (p99 800 ms → 400 ms, −50%); the work completes later (completion p99 800 ms → 1.200 s), with 30.0 ms per trace waiting in queues.',
    );
  });

  it('calls completion within 5% either way about as soon, and equal p99s as long', () => {
    expect(headlineText(endToEnd([500 * MS, 500 * MS], [1000 * MS, 1040 * MS]))).toMatch(
      /^The user waits as long \(.*\); the work completes about as soon \(/,
    );
    expect(headlineText(endToEnd([500 * MS, 600 * MS], [1000 * MS, 900 * MS]))).toMatch(/waits more .* the work completes sooner/);
  });
});

describe('changes', () => {
  it('writes a change with its sides, relative change and test', () => {
    expect(changeText(compared(7.2e9, 4.1e9, { pValue: 0.00001 }), formatNs)).toBe('7.200 s → 4.100 s (−43%, p=<0.0001)');
    expect(changeText(compared(0, 5 * MS, { pValue: 0.2, significant: false }), formatNs)).toBe('0 ns → 5.0 ms (p=0.2000, n.s.)');
    expect(relativeChangeText(compared(0, 5 * MS), formatNs)).toBe(formatNs(5 * MS));
    expect(relativeChangeText(compared(0, 0), formatNs)).toBe('—');
  });

  it('marks a change better or worse only when the test says it is real', () => {
    expect(changeVerdict(compared(10, 5, {}))).toBe('better');
    expect(changeVerdict(compared(5, 10, {}))).toBe('worse');
    expect(changeVerdict(compared(5, 10, { significant: false }))).toBeNull();
    expect(changeVerdict(compared(5, 10))).toBeNull();
    expect(testText(compared(5, 10, { pValue: null, sizes: [3, 5] }))).toBe('too few (3/5)');
    expect(testText(compared(5, 10, { pValue: 0.21, effectSize: 0.05, significant: false }))).toBe('0.210 · δ 0.05 (n.s.)');
  });

  it('names the subject in prose (CLI, report) and in the app’s tables', () => {
    const operation = { subject: { kind: 'operation', service: 'checkout', operation: 'POST /charge' } } as const;
    const sync = { subject: { kind: 'edge', from: 'order', to: 'payment', mode: 'sync' } } as const;
    const async = { subject: { kind: 'edge', from: 'order', to: 'payment', mode: 'async' } } as const;
    expect([operation, sync, async].map((r) => subjectText(r))).toEqual([
      'checkout “POST /charge”',
      'order → payment (sync)',
      'order → payment (async)',
    ]);
    expect([operation, sync, async].map((r) => subjectText(r, 'table'))).toEqual([
      'checkout · POST /charge',
      'order → payment',
      'order → payment (async)',
    ]);
  });
});
