/**
 * A before/after comparison in words, written once for the app
 * (CompareView.tsx, DiffFlameGraph.tsx), its images (compare-figure.ts,
 * diff-flame-figure.ts), the report (report-model.ts) and the CLI
 * (`hopscope compare`): the same change must read the same wherever a
 * reader meets it.
 */
import type { ChangeRow, Compared, DatasetComparison } from '../engine/compare-api.js';
import type { DiffChange } from '../render/diff-flame-slices.js';
import { formatNs, percent } from './units.js';

/** A relative change with its sign: 0.12 → "+12%", −0.5 → "−50%" (a real minus, not a hyphen). */
export function signedPercent(relative: number): string {
  return `${relative >= 0 ? '+' : '−'}${percent(Math.abs(relative))}`;
}

/** "7.2 s → 4.1 s (−43%, p=0.0001)": both sides, then the relative change and the test when there are any. */
export function changeText(c: Compared, format: (n: number) => string): string {
  const rel = c.relative === null ? '' : signedPercent(c.relative);
  const p =
    c.test?.pValue == null ? '' : `p=${c.test.pValue < 0.0001 ? '<0.0001' : c.test.pValue.toFixed(4)}${c.test.significant ? '' : ', n.s.'}`;
  const note = [rel, p].filter(Boolean).join(', ');
  return `${format(c.a)} → ${format(c.b)}${note ? ` (${note})` : ''}`;
}

/** A table's change column: relative when there is a baseline, else the difference; '—' for none. */
export function relativeChangeText(c: Compared, format: (n: number) => string): string {
  if (c.relative !== null) return signedPercent(c.relative);
  return c.delta === 0 ? '—' : format(c.delta);
}

/** A table's test column: "<0.0001 · δ −0.31", "0.210 · δ 0.05 (n.s.)", "too few (3/5)"; '' when untested. */
export function testText(c: Compared): string {
  const t = c.test;
  if (!t) return '';
  if (t.pValue === null) return `too few (${t.sizes[0]}/${t.sizes[1]})`;
  const p = t.pValue < 0.0001 ? '<0.0001' : t.pValue.toFixed(3);
  return `${p} · δ ${t.effectSize.toFixed(2)}${t.significant ? '' : ' (n.s.)'}`;
}

/**
 * 'better' or 'worse' only when the test says the change is real, else
 * null: an untested or insignificant change is not marked either way.
 * Lower is better for everything compared (latency, errors, calls).
 */
export function changeVerdict(c: Compared): 'better' | 'worse' | null {
  if (!c.test?.significant) return null;
  return c.delta > 0 ? 'worse' : 'better';
}

/**
 * What a change row is about, for a service, an operation and an edge:
 *   'prose' (CLI, report):        payment    checkout “POST /charge”    order → payment (sync)
 *   'table' (the app, its image): payment    checkout · POST /charge    order → payment
 * A table marks only async edges, the exception; prose names the mode, as
 * the line stands alone.
 */
export function subjectText(row: Pick<ChangeRow, 'subject'>, style: 'prose' | 'table' = 'prose'): string {
  const s = row.subject;
  if (s.kind === 'service') return s.service;
  if (s.kind === 'operation') return style === 'prose' ? `${s.service} “${s.operation}”` : `${s.service} · ${s.operation}`;
  if (style === 'prose') return `${s.from} → ${s.to} (${s.mode})`;
  return `${s.from} → ${s.to}${s.mode === 'async' ? ' (async)' : ''}`;
}

/** The columns of the biggest changes as plain text writes them (CLI, report); changeTableRow gives a row's cells. */
export const CHANGE_TABLE_COLUMNS = ['what', 'presence', 'calls/trace', 'p50', 'p99', 'critical path/trace'];

export function changeTableRow(r: ChangeRow): string[] {
  const calls = (n: number) => n.toFixed(1);
  return [
    subjectText(r),
    r.presence,
    `${calls(r.callsPerTrace.a)} → ${calls(r.callsPerTrace.b)}`,
    `${formatNs(r.p50Ns.a)} → ${formatNs(r.p50Ns.b)}`,
    `${formatNs(r.p99Ns.a)} → ${formatNs(r.p99Ns.b)}`,
    `${formatNs(r.criticalNs.a)} → ${formatNs(r.criticalNs.b)}`,
  ];
}

type EndToEnd = DatasetComparison['endToEnd'];

/** The headline's verdicts: does the user wait less (p99), does the work, async included, complete sooner. */
export function headlineWords(e: EndToEnd): { waits: string; completes: string } {
  const waits = e.p99Ns.b < e.p99Ns.a ? 'waits less' : e.p99Ns.b > e.p99Ns.a ? 'waits more' : 'waits as long';
  // Completion within 5% either way reads "about as soon".
  const { a, b } = e.completionNs.p99;
  const completes =
    b > a * 1.05 ? 'the work completes later' : b < a * 0.95 ? 'the work completes sooner' : 'the work completes about as soon';
  return { waits, completes };
}

/**
 * The headline, "The user waits less (p99 812 ms → 401 ms, −51%); the work
 * completes later (…).", in three pieces so that the app can set b's p99,
 * `emphasis`, in bold: lead + emphasis + rest is the sentence.
 */
export function headlineParts(c: DatasetComparison): { lead: string; emphasis: string; rest: string } {
  const e = c.endToEnd;
  const { waits, completes } = headlineWords(e);
  return {
    lead: `The user ${waits} (p99 ${formatNs(e.p99Ns.a)} → `,
    emphasis: formatNs(e.p99Ns.b),
    rest:
      (e.p99Ns.relative !== null ? `, ${signedPercent(e.p99Ns.relative)}` : '') +
      `); ${completes} (completion p99 ${formatNs(e.completionNs.p99.a)} → ${formatNs(e.completionNs.p99.b)})` +
      (e.queueNs.b > 0 ? `, with ${formatNs(e.queueNs.b)} per trace waiting in queues` : '') +
      '.',
  };
}

/** The headline as plain text. */
export function headlineText(c: DatasetComparison): string {
  const { lead, emphasis, rest } = headlineParts(c);
  return lead + emphasis + rest;
}

/** A diff-flame frame's Δ: "−120 ms (−35%)", "+40 ms (only in after)"; the percentage is of a's time. */
export function frameDeltaText(frame: { aNs: number; bNs: number }, change: DiffChange, labels: { a: string; b: string }): string {
  const delta = frame.bNs - frame.aNs;
  const sign = delta < 0 ? '−' : '+';
  return (
    `${sign}${formatNs(Math.abs(delta))}` +
    (frame.aNs > 0 ? ` (${sign}${percent(Math.abs(delta) / frame.aNs)})` : '') +
    (change === 'added' ? ` (only in ${labels.b})` : change === 'removed' ? ` (only in ${labels.a})` : '')
  );
}
