/**
 * Pulls a dataset's (or one trace's) spans out of DuckDB as a SpanTable,
 * grouped by trace (the order SpanTable promises).
 */
import {
  DROP_SPAN_DICTIONARIES_SQL,
  SPAN_DICTIONARIES_SQL,
  SPAN_DICTIONARY_SQL,
  SPAN_LINKS_SQL,
  SPAN_TABLE_SQL,
  SPAN_TIME_BASE_SQL,
  type DictionaryName,
  type SpanScope,
} from '../db/analysis.sql.js';
import type { SqlHost } from '../engine/sql-host.js';
import { emptyLinks, type SpanLinks, type SpanTable } from './model/span-table.js';

export async function loadSpanTable(host: SqlHost, scope: SpanScope): Promise<SpanTable> {
  const base = (await host.query(SPAN_TIME_BASE_SQL(scope))).rows[0]?.base_ns;
  const baseNs = typeof base === 'bigint' ? base : 0n;
  await host.exec(SPAN_DICTIONARIES_SQL(scope));
  try {
    const dictionary = async (name: DictionaryName) => (await host.queryColumns(SPAN_DICTIONARY_SQL(name))).columns.v as string[];
    const traces = await dictionary('trace');
    const services = await dictionary('service');
    const names = await dictionary('name');
    const peers = await dictionary('peer');
    const { length, columns: c } = await host.queryColumns(SPAN_TABLE_SQL(scope, baseNs));
    const traceCode = c.trace_code as Int32Array;
    const order = groupByTrace(traceCode, traces.length);
    const pick = <T>(column: ArrayLike<T>): T[] => {
      const out = new Array<T>(length);
      for (let i = 0; i < length; i++) out[i] = column[order[i]!]!;
      return out;
    };
    // One shared string per distinct value, looked up by code.
    const decode = <T>(codes: Int32Array, values: readonly T[], missing: T): T[] => {
      const out = new Array<T>(length);
      for (let i = 0; i < length; i++) {
        const code = codes[order[i]!]!;
        out[i] = code >= 0 ? values[code]! : missing;
      }
      return out;
    };
    const spanKeys = c.span_key as BigInt64Array;
    const table: Omit<SpanTable, 'links'> = {
      size: length,
      baseNs,
      traceId: decode(traceCode, traces, ''),
      spanId: pick(c.span_id as string[]),
      parentSpanId: pick(c.parent_span_id as (string | null)[]),
      service: decode(c.service_code as Int32Array, services, ''),
      name: decode(c.name_code as Int32Array, names, ''),
      kind: permute(c.kind as Uint8Array, order),
      start: permute(c.start_rel as Float64Array, order),
      end: permute(c.end_rel as Float64Array, order),
      error: permute(c.error as Uint8Array, order),
      followsFrom: permute(c.follows_from as Uint8Array, order),
      peer: decode<string | null>(c.peer_code as Int32Array, peers, null),
      resendCount: permute(c.resend_count as Int32Array, order),
      httpStatus: permute(c.http_status as Int32Array, order),
    };
    return { ...table, links: await loadLinks(host, scope, spanKeys, order) };
  } finally {
    await host.exec(DROP_SPAN_DICTIONARIES_SQL);
  }
}

/** A stable grouping of rows by trace: a counting sort on the trace's code. Returns the row order (new position → row). */
function groupByTrace(traceCode: Int32Array, traces: number): Int32Array {
  const n = traceCode.length;
  const next = new Int32Array(traces + 1);
  for (let i = 0; i < n; i++) next[traceCode[i]! + 1]!++;
  for (let t = 0; t < traces; t++) next[t + 1]! += next[t]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[next[traceCode[i]!]!++] = i;
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
  // Only the linking spans need a position: index the (few) link keys, then one pass over the spans.
  const keys = c.span_key as BigInt64Array;
  const linksOfKey = new Map<bigint, number[]>();
  for (let i = 0; i < length; i++) {
    const list = linksOfKey.get(keys[i]!);
    if (list) list.push(i);
    else linksOfKey.set(keys[i]!, [i]);
  }
  const from = new Int32Array(length).fill(-1);
  for (let at = 0; at < order.length; at++) {
    const links = linksOfKey.get(spanKeys[order[at]!]!);
    if (links) for (const i of links) from[i] = at;
  }
  return {
    size: length,
    from,
    traceId: c.linked_trace_id as string[],
    spanId: c.linked_span_id as string[],
    followsFrom: c.follows_from as Uint8Array,
  };
}
