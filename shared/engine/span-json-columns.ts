/**
 * The JSON columns of the Parquet export, one text per span of a chunk:
 * its other attributes (an object), its events and links (arrays), and its
 * resource's attributes (an object). Built as text from the stored values,
 * not through JSON.stringify of parsed objects: int64 stays exact, and a
 * million spans do not go through a parse and a stringify each.
 */
import type { ColumnResult } from './sql-host.js';
import { storedValueJson } from '../export/stored-values.js';

const EMPTY_OBJECT = '{}';
const EMPTY_ARRAY = '[]';

/**
 * For each span (keys `spanKeys`, ascending), the rows of a child table
 * (keys `rowKeys`, ascending) that belong to it: rows first[i] … last[i]-1.
 * Rows whose span is not in the list are skipped.
 */
function rowsBySpan(spanKeys: Float64Array, rowKeys: Float64Array): { first: Int32Array; last: Int32Array } {
  const first = new Int32Array(spanKeys.length);
  const last = new Int32Array(spanKeys.length);
  let j = 0;
  for (let i = 0; i < spanKeys.length; i++) {
    const k = spanKeys[i]!;
    while (j < rowKeys.length && rowKeys[j]! < k) j++;
    first[i] = j;
    while (j < rowKeys.length && rowKeys[j] === k) j++;
    last[i] = j;
  }
  return { first, last };
}

/** `{"key": value, …}` per span from span_attributes rows (k, key, type, value). */
export function attributesJsonColumn(spanKeys: Float64Array, rows: ColumnResult): string[] {
  const c = rows.columns;
  const key = c.key as string[];
  const type = c.type as string[];
  const value = c.value as (string | null)[];
  return perSpan(
    spanKeys,
    c.k as Float64Array,
    EMPTY_OBJECT,
    (r) => `${JSON.stringify(key[r])}:${storedValueJson(type[r]!, value[r] ?? null)}`,
    '{',
    '}',
  );
}

/** `[{"time_ns", "name", "attributes"}, …]` per span from span_events rows. */
export function eventsJsonColumn(spanKeys: Float64Array, rows: ColumnResult): string[] {
  const c = rows.columns;
  const time = c.time_ns as BigInt64Array;
  const name = c.name as string[];
  const attributes = c.attributes_json as (string | null)[];
  return perSpan(
    spanKeys,
    c.k as Float64Array,
    EMPTY_ARRAY,
    (r) => `{"time_ns":${time[r]},"name":${JSON.stringify(name[r])},"attributes":${attributes[r] ?? EMPTY_OBJECT}}`,
    '[',
    ']',
  );
}

/** `[{"trace_id", "span_id", "follows_from", "attributes"}, …]` per span from span_links rows. */
export function linksJsonColumn(spanKeys: Float64Array, rows: ColumnResult): string[] {
  const c = rows.columns;
  const traceId = c.linked_trace_id as string[];
  const spanId = c.linked_span_id as string[];
  const followsFrom = c.follows_from as Uint8Array;
  const attributes = c.attributes_json as (string | null)[];
  return perSpan(
    spanKeys,
    c.k as Float64Array,
    EMPTY_ARRAY,
    (r) =>
      `{"trace_id":${JSON.stringify(traceId[r])},"span_id":${JSON.stringify(spanId[r])},` +
      `"follows_from":${followsFrom[r] === 1},"attributes":${attributes[r] ?? EMPTY_OBJECT}}`,
    '[',
    ']',
  );
}

function perSpan(
  spanKeys: Float64Array,
  rowKeys: Float64Array,
  empty: string,
  item: (row: number) => string,
  open: string,
  close: string,
): string[] {
  const { first, last } = rowsBySpan(spanKeys, rowKeys);
  const out = new Array<string>(spanKeys.length);
  for (let i = 0; i < spanKeys.length; i++) {
    if (first[i] === last[i]) {
      // One shared string for "none": most spans have no events or links.
      out[i] = empty;
      continue;
    }
    const parts: string[] = [];
    for (let r = first[i]!; r < last[i]!; r++) parts.push(item(r));
    out[i] = open + parts.join(',') + close;
  }
  return out;
}

/**
 * Each resource's attributes as a JSON object, service.name first: the
 * service is stored in its own column, but outside it is a resource
 * attribute like the others.
 */
export function resourceJson(resources: ColumnResult, attributes: ColumnResult): Map<number, string> {
  const parts = new Map<number, string[]>();
  const ids = resources.columns.resource_id as Int32Array;
  const service = resources.columns.service as string[];
  for (let i = 0; i < resources.length; i++) parts.set(ids[i]!, [`"service.name":${JSON.stringify(service[i])}`]);
  const a = attributes.columns;
  const owner = a.resource_id as Int32Array;
  const key = a.key as string[];
  const type = a.type as string[];
  const value = a.value as (string | null)[];
  for (let r = 0; r < attributes.length; r++) {
    // The service column is the one the app uses; a stored service.name would only repeat the key.
    if (key[r] === 'service.name') continue;
    parts.get(owner[r]!)?.push(`${JSON.stringify(key[r])}:${storedValueJson(type[r]!, value[r] ?? null)}`);
  }
  return new Map([...parts].map(([id, p]) => [id, `{${p.join(',')}}`]));
}
