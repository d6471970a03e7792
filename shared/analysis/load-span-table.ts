/** Pulls a dataset's (or one trace's) spans out of DuckDB as a SpanTable. */
import { SPAN_LINKS_SQL, SPAN_TABLE_SQL, SPAN_TIME_BASE_SQL, type SpanScope } from '../db/analysis.sql.js';
import type { SqlHost } from '../engine/sql-host.js';
import { emptyLinks, type SpanLinks, type SpanTable } from './model/span-table.js';

export async function loadSpanTable(host: SqlHost, scope: SpanScope): Promise<SpanTable> {
  const base = (await host.query(SPAN_TIME_BASE_SQL(scope))).rows[0]?.base_ns;
  const baseNs = typeof base === 'bigint' ? base : 0n;
  const { length, columns: c } = await host.queryColumns(SPAN_TABLE_SQL(scope, baseNs));
  const spanKeys = c.span_key as BigInt64Array;
  const table: Omit<SpanTable, 'links'> = {
    size: length,
    baseNs,
    traceId: c.trace_id as string[],
    spanId: c.span_id as string[],
    parentSpanId: c.parent_span_id as (string | null)[],
    service: c.service as string[],
    name: c.name as string[],
    kind: c.kind as Uint8Array,
    start: c.start_rel as Float64Array,
    end: c.end_rel as Float64Array,
    error: c.error as Uint8Array,
    followsFrom: c.follows_from as Uint8Array,
    peer: c.peer as (string | null)[],
    resendCount: c.resend_count as Int32Array,
    httpStatus: c.http_status as Int32Array,
  };
  return { ...table, links: await loadLinks(host, scope, spanKeys) };
}

async function loadLinks(host: SqlHost, scope: SpanScope, spanKeys: BigInt64Array): Promise<SpanLinks> {
  const { length, columns: c } = await host.queryColumns(SPAN_LINKS_SQL(scope));
  if (length === 0) return emptyLinks();
  const indexOfKey = new Map<bigint, number>();
  for (let i = 0; i < spanKeys.length; i++) indexOfKey.set(spanKeys[i]!, i);
  const keys = c.span_key as BigInt64Array;
  return {
    size: length,
    from: Int32Array.from({ length }, (_, i) => indexOfKey.get(keys[i]!) ?? -1),
    traceId: c.linked_trace_id as string[],
    spanId: c.linked_span_id as string[],
    followsFrom: c.follows_from as Uint8Array,
  };
}
