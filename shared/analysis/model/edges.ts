/**
 * Whether a caller waits for a callee: the one definition every analysis
 * uses to tell synchronous calls from asynchronous work.
 *
 *   sync    parent |==========|          the parent is still open and waiting
 *           child     |====|
 *
 *   async   producer |==|                 the producer hands a message off…
 *           consumer          |======|    …and a consumer runs it later
 *
 * A child is asynchronous when its parent reference is FOLLOWS_FROM, or when
 * it is a CONSUMER under a PRODUCER. Spans reached only through span links
 * are never children at all (see SpanTable.links).
 */
import { KIND, type SpanTable } from './span-table.js';

export function isAsyncChild(table: SpanTable, child: number, parent: number): boolean {
  if (table.followsFrom[child] === 1) return true;
  return table.kind[child] === KIND.consumer && table.kind[parent] === KIND.producer;
}

/** A span that calls out of its service: CLIENT or PRODUCER. */
export function isOutgoing(table: SpanTable, span: number): boolean {
  const k = table.kind[span];
  return k === KIND.client || k === KIND.producer;
}
