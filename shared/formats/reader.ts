/**
 * What every format reader is given: a place to put spans, and a place to
 * say why a span could not be used. Readers are pure: they never touch files.
 */
import type { RejectReason } from '../model/load-report.js';
import type { Span } from '../model/span.js';

export interface SpanOutput {
  span(span: Span): void;
  reject(reason: RejectReason, example: string): void;
  warn(message: string): void;
}

/** A reader of JSON records (see io/json-record-splitter.ts for the paths). */
export interface JsonTraceReader {
  /** `document` numbers the top-level JSON values (one per line in JSON lines). */
  accept(path: string, value: unknown, document: number): void;
  /** Called once after the last record: readers that must see everything (Zipkin, Jaeger processes) emit here. */
  finish(): void;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short, single-line excerpt of a value for error examples. */
export function excerpt(value: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
