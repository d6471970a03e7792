/** Formatting results for the terminal, JSON and CSV. */
import type { QueryResult } from '../shared/engine/sql-host.js';

/** JSON-safe values: bigints become numbers where exact, decimal strings otherwise. */
export function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) return v.toISOString();
  return v;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => jsonValue(v));
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && !(v instanceof Date)) return toJson(v);
  return String(jsonValue(v));
}

export function formatTable(result: QueryResult): string {
  const header = result.columns;
  const body = result.rows.map((r) => header.map((c) => cellText(r[c])));
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...body.map((row) => row[i]!.length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const lines = [header.map((h, i) => fit(h, widths[i]!)).join('  '), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of body)
    lines.push(
      row
        .map((cell, i) => fit(cell, widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  lines.push(`(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`);
  return lines.join('\n');
}

export function formatCsv(result: QueryResult): string {
  const quote = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [result.columns.map(quote).join(',')];
  for (const r of result.rows) lines.push(result.columns.map((c) => quote(cellText(r[c]))).join(','));
  return lines.join('\n');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A table for a section of a report: indented, without the "(N rows)" footer; "(none)" when empty. */
export function indentedTable(columns: string[], rows: unknown[][]): string {
  if (rows.length === 0) return '  (none)';
  const text = formatTable({ columns, rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))) });
  return text
    .split('\n')
    .slice(0, -1)
    .map((l) => `  ${l}`)
    .join('\n');
}
