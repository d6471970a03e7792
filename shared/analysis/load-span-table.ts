/**
 * Pulls a dataset's (or one trace's) spans out of DuckDB as a SpanTable,
 * grouped by trace (the order SpanTable promises).
 */
import {
  DROP_SPAN_DICTIONARIES_SQL,
  SPAN_DICTIONARIES_SQL,
  SPAN_DICTIONARY_SQL,
  SPAN_LINKS_SQL,
  SPAN_PULL_BASE_SQL,
  SPAN_TABLE_SQL,
  type DictionaryName,
  type PullBase,
  type SpanScope,
} from '../db/analysis.sql.js';
import type { SqlHost } from '../engine/sql-host.js';
import { emptyLinks, type SpanLinks, type SpanTable } from './model/span-table.js';

export async function loadSpanTable(host: SqlHost, scope: SpanScope): Promise<SpanTable> {
  const row = (await host.query(SPAN_PULL_BASE_SQL(scope))).rows[0];
  const base: PullBase = {
    baseNs: typeof row?.base_ns === 'bigint' ? row.base_ns : 0n,
    minKey: typeof row?.min_key === 'bigint' ? row.min_key : 0n,
  };
  const keyRange = typeof row?.max_key === 'bigint' ? Number(row.max_key - base.minKey) + 1 : 0;
  await host.exec(SPAN_DICTIONARIES_SQL(scope));
  try {
    const dictionary = async (name: DictionaryName) => (await host.queryColumns(SPAN_DICTIONARY_SQL(name))).columns.v as string[];
    const traces = await dictionary('trace');
    const services = await dictionary('service');
    const names = await dictionary('name');
    const peers = await dictionary('peer');
    const { length, columns: c } = await host.queryColumns(SPAN_TABLE_SQL(scope, base));
    const traceCode = c.trace_code as Int32Array;
    const order = groupByTrace(traceCode, traces.length);
    const reorder = isIdentity(order) ? null : order;
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
    // Row key → position in the grouped order, for parents and links.
    const rowKey = c.row_key as Int32Array;
    const positionOfKey = new Int32Array(keyRange).fill(-1);
    for (let at = 0; at < length; at++) positionOfKey[rowKey[order[at]!]!] = at;
    const parentKey = c.parent_row_key as Int32Array;
    const parentIndex = new Int32Array(length);
    for (let at = 0; at < length; at++) {
      const key = parentKey[order[at]!]!;
      parentIndex[at] = key >= 0 ? positionOfKey[key]! : key;
    }
    const table: Omit<SpanTable, 'links'> = {
      size: length,
      baseNs: base.baseNs,
      traceId: decode(traceCode, traces, ''),
      spanId: pick(c.span_id as string[]),
      parents: { index: parentIndex },
      service: decode(c.service_code as Int32Array, services, ''),
      name: decode(c.name_code as Int32Array, names, ''),
      kind: permute(c.kind as Uint8Array, reorder),
      start: permute(c.start_rel as Float64Array, reorder),
      end: permute(c.end_rel as Float64Array, reorder),
      error: permute(c.error as Uint8Array, reorder),
      followsFrom: permute(c.follows_from as Uint8Array, reorder),
      peer: decode<string | null>(c.peer_code as Int32Array, peers, null),
      resendCount: permute(c.resend_count as Int32Array, reorder),
      httpStatus: permute(c.http_status as Int32Array, reorder),
    };
    return { ...table, links: await loadLinks(host, scope, base, positionOfKey) };
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

/**
 * A numeric column in the grouped order. One function per array type keeps
 * each loop monomorphic (a shared generic one was several times slower);
 * rows that already come grouped (the usual case: writers emit a trace's
 * spans together) are returned as they are.
 */
function isIdentity(order: Int32Array): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}

function permute<T extends Uint8Array | Int32Array | Float64Array>(column: T, order: Int32Array | null): T {
  if (order === null) return column;
  if (column instanceof Float64Array) return permuteFloat64(column, order) as T;
  if (column instanceof Int32Array) return permuteInt32(column, order) as T;
  return permuteUint8(column as Uint8Array, order) as T;
}

function permuteFloat64(column: Float64Array, order: Int32Array): Float64Array {
  const out = new Float64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]!]!;
  return out;
}

function permuteInt32(column: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]!]!;
  return out;
}

function permuteUint8(column: Uint8Array, order: Int32Array): Uint8Array {
  const out = new Uint8Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]!]!;
  return out;
}

async function loadLinks(host: SqlHost, scope: SpanScope, base: PullBase, positionOfKey: Int32Array): Promise<SpanLinks> {
  const { length, columns: c } = await host.queryColumns(SPAN_LINKS_SQL(scope, base));
  if (length === 0) return emptyLinks();
  const keys = c.row_key as Int32Array;
  const from = new Int32Array(length);
  for (let i = 0; i < length; i++) from[i] = positionOfKey[keys[i]!] ?? -1;
  return {
    size: length,
    from,
    traceId: c.linked_trace_id as string[],
    spanId: c.linked_span_id as string[],
    followsFrom: c.follows_from as Uint8Array,
  };
}
