/**
 * Pulls a dataset's (or one trace's) spans out of DuckDB as a SpanTable,
 * grouped by trace (the order SpanTable promises).
 */
import { SPAN_LINKS_SQL, SPAN_TABLE_SQL, SPAN_TIME_BASE_SQL, type SpanScope } from '../db/analysis.sql.js';
import type { SqlHost } from '../engine/sql-host.js';
import { emptyLinks, type SpanLinks, type SpanTable } from './model/span-table.js';

export async function loadSpanTable(host: SqlHost, scope: SpanScope): Promise<SpanTable> {
  const base = (await host.query(SPAN_TIME_BASE_SQL(scope))).rows[0]?.base_ns;
  const baseNs = typeof base === 'bigint' ? base : 0n;
  const { length, columns: c } = await host.queryColumns(SPAN_TABLE_SQL(scope, baseNs));
  const order = groupByTrace(c.trace_id as string[]);
  const pick = <T>(column: ArrayLike<T>): T[] => {
    const out = new Array<T>(length);
    for (let i = 0; i < length; i++) out[i] = column[order[i]!]!;
    return out;
  };
  const spanKeys = c.span_key as BigInt64Array;
  const table: Omit<SpanTable, 'links'> = {
    size: length,
    baseNs,
    traceId: pick(c.trace_id as string[]),
    spanId: pick(c.span_id as string[]),
    parentSpanId: pick(c.parent_span_id as (string | null)[]),
    service: pick(c.service as string[]),
    name: pick(c.name as string[]),
    kind: permute(c.kind as Uint8Array, order),
    start: permute(c.start_rel as Float64Array, order),
    end: permute(c.end_rel as Float64Array, order),
    error: permute(c.error as Uint8Array, order),
    followsFrom: permute(c.follows_from as Uint8Array, order),
    peer: pick(c.peer as (string | null)[]),
    resendCount: permute(c.resend_count as Int32Array, order),
    httpStatus: permute(c.http_status as Int32Array, order),
  };
  return { ...table, links: await loadLinks(host, scope, spanKeys, order) };
}

/**
 * A stable grouping of rows by trace id: a counting sort on the trace's
 * number of first appearance. Returns the row order (new position → row).
 */
function groupByTrace(traceIds: readonly string[]): Int32Array {
  const n = traceIds.length;
  const traceOf = new Int32Array(n);
  const numbers = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let t = numbers.get(traceIds[i]!);
    if (t === undefined) numbers.set(traceIds[i]!, (t = numbers.size));
    traceOf[i] = t;
  }
  const next = new Int32Array(numbers.size + 1);
  for (let i = 0; i < n; i++) next[traceOf[i]! + 1]!++;
  for (let t = 0; t < numbers.size; t++) next[t + 1]! += next[t]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[traceOf[i]!]!++] = i;
  return order;
}

function permute<T extends Uint8Array | Int32Array | Float64Array>(column: T, order: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]!]!;
  return out;
}

async function loadLinks(host: SqlHost, scope: SpanScope, spanKeys: BigInt64Array, order: Int32Array): Promise<SpanLinks> {
  const { length, columns: c } = await host.queryColumns(SPAN_LINKS_SQL(scope));
  if (length === 0) return emptyLinks();
  const positionOfKey = new Map<bigint, number>();
  for (let at = 0; at < order.length; at++) positionOfKey.set(spanKeys[order[at]!]!, at);
  const keys = c.span_key as BigInt64Array;
  return {
    size: length,
    from: Int32Array.from({ length }, (_, i) => positionOfKey.get(keys[i]!) ?? -1),
    traceId: c.linked_trace_id as string[],
    spanId: c.linked_span_id as string[],
    followsFrom: c.follows_from as Uint8Array,
  };
}
