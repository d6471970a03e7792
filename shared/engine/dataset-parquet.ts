/**
 * A dataset as one self-describing Parquet file: one row per span, every
 * column of `spans` but the internal keys, and the span's other attributes,
 * its resource's attributes, events and links as JSON columns.
 *
 * DuckDB-wasm cannot write Parquet offline (the extension is not built in and
 * cannot be downloaded), so the rows are read with SQL and written by the
 * pure-JS hyparquet-writer. Spans are read CHUNK_SPANS at a time and each
 * chunk becomes one row group, so memory holds one chunk's columns plus the
 * file written so far, not the dataset's rows.
 */
import { ByteWriter, ParquetWriter, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import {
  EXPORT_ATTRIBUTES_SQL,
  EXPORT_CHUNKS_SQL,
  EXPORT_EVENTS_SQL,
  EXPORT_LINKS_SQL,
  EXPORT_RESOURCE_ATTRIBUTES_SQL,
  EXPORT_RESOURCES_SQL,
  EXPORT_SPANS_SQL,
  NULL_FLAG,
  type KeyRange,
} from '../db/export.sql.js';
import { PROMOTED_ATTRIBUTES } from '../db/promoted-attributes.js';
import { sqlString } from '../db/schema.sql.js';
import type { ColumnResult, SqlHost } from './sql-host.js';
import { attributesJsonColumn, eventsJsonColumn, linksJsonColumn, resourceJson } from './span-json-columns.js';

/** Spans per chunk and row group: ~100 MB of JS values at most for wide spans, and row groups of the usual size. */
export const CHUNK_SPANS = 100_000;

type Kind = 'string' | 'int64' | 'int32' | 'bool' | 'json';

interface ExportColumn {
  name: string;
  kind: Kind;
  required: boolean;
}

const column = (name: string, kind: Kind, required = true): ExportColumn => ({ name, kind, required });

/** The file's columns, in order. The JSON ones come from other tables; the rest are the `spans` columns of the same name. */
export const PARQUET_COLUMNS: readonly ExportColumn[] = [
  column('dataset', 'string'),
  column('trace_id', 'string'),
  column('span_id', 'string'),
  column('parent_span_id', 'string', false),
  column('parent_follows_from', 'bool'),
  column('service', 'string'),
  column('name', 'string'),
  column('kind', 'string'),
  column('start_ns', 'int64'),
  column('end_ns', 'int64'),
  column('duration_ns', 'int64'),
  column('status_code', 'string'),
  column('status_message', 'string', false),
  column('trace_state', 'string', false),
  column('scope_name', 'string', false),
  column('scope_version', 'string', false),
  column('event_count', 'int32'),
  column('link_count', 'int32'),
  ...PROMOTED_ATTRIBUTES.map((p) => column(p.column, p.type === 'int' ? 'int64' : 'string', false)),
  column('attributes', 'json'),
  column('resource_attributes', 'json'),
  column('events', 'json'),
  column('links', 'json'),
];

function schemaElement({ name, kind, required }: ExportColumn): SchemaElement {
  const repetition_type = required ? 'REQUIRED' : 'OPTIONAL';
  switch (kind) {
    case 'string':
      return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'int64':
      return { name, type: 'INT64', repetition_type };
    case 'int32':
      return { name, type: 'INT32', repetition_type };
    case 'bool':
      return { name, type: 'BOOLEAN', repetition_type };
    case 'json':
      // converted_type JSON is added once the rows are written (markJson): with it the writer would JSON.stringify our JSON text again.
      return { name, type: 'BYTE_ARRAY', logical_type: { type: 'JSON' }, repetition_type };
  }
}

/** What the file says about itself (Parquet key-value metadata). */
function fileMetadata(dataset: string, spans: number): { key: string; value: string }[] {
  return [
    { key: 'hopscope.format', value: 'hopscope-spans/1' },
    { key: 'hopscope.dataset', value: dataset },
    { key: 'hopscope.spans', value: String(spans) },
    {
      key: 'hopscope.description',
      value:
        'One row per span. Times are int64 nanoseconds since the Unix epoch. Common semantic-convention attributes ' +
        '(http_route, db_system_name, ...) are columns; `attributes` holds every other span attribute as a JSON object, ' +
        "`resource_attributes` the resource's (service.name included), `events` and `links` are JSON arrays " +
        '(time_ns, name, attributes; trace_id, span_id, follows_from, attributes). Integers in the JSON are exact.',
    },
  ];
}

export async function datasetParquet(host: SqlHost, dataset: string, chunkSpans = CHUNK_SPANS): Promise<Uint8Array> {
  const known = await host.query(`SELECT 1 AS known FROM datasets WHERE dataset = ${sqlString(dataset)}`);
  if (known.rows.length === 0) throw new Error(`there is no dataset "${dataset}"`);
  const chunks = (await host.query(EXPORT_CHUNKS_SQL(dataset, chunkSpans))).rows;
  const spans = chunks.reduce((sum, r) => sum + Number(r.spans), 0);
  const resources = resourceJson(
    await host.queryColumns(EXPORT_RESOURCES_SQL(dataset)),
    await host.queryColumns(EXPORT_RESOURCE_ATTRIBUTES_SQL(dataset)),
  );

  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [{ name: 'root', num_children: PARQUET_COLUMNS.length }, ...PARQUET_COLUMNS.map(schemaElement)],
    kvMetadata: fileMetadata(dataset, spans),
    createdBy: 'Hopscope',
  });
  for (const chunk of chunks) {
    const range = { lo: chunk.lo as bigint, hi: chunk.hi as bigint };
    // One row group per chunk.
    await parquet.write({ columnData: await chunkColumns(host, dataset, range, resources), rowGroupSize: chunkSpans });
  }
  markJson(parquet.schema);
  await parquet.finish();
  return writer.getBytes().slice();
}

/**
 * The JSON columns' converted type, for the footer only. Readers go by it
 * (DuckDB reads a logical-only JSON column as BLOB); the writer, given it
 * while encoding, would stringify each text as a JSON string. Statistics are
 * off for these columns, so nothing else in the footer depends on it.
 */
function markJson(schema: SchemaElement[]): void {
  for (const element of schema) if (element.logical_type?.type === 'JSON') element.converted_type = 'JSON';
}

/** One chunk of spans as the file's columns. */
async function chunkColumns(host: SqlHost, dataset: string, range: KeyRange, resources: Map<number, string>): Promise<ColumnSource[]> {
  const spans = inKeyOrder(await host.queryColumns(EXPORT_SPANS_SQL(dataset, range)));
  const keys = spans.columns.k as Float64Array;
  const json: Record<string, string[]> = {
    attributes: attributesJsonColumn(keys, await host.queryColumns(EXPORT_ATTRIBUTES_SQL(dataset, range))),
    events: eventsJsonColumn(keys, await host.queryColumns(EXPORT_EVENTS_SQL(dataset, range))),
    links: linksJsonColumn(keys, await host.queryColumns(EXPORT_LINKS_SQL(dataset, range))),
    resource_attributes: Array.from(spans.columns.resource_id as Int32Array, (id) => resources.get(id) ?? '{}'),
  };
  return PARQUET_COLUMNS.map((c) => ({
    name: c.name,
    data: c.kind === 'json' ? json[c.name]! : spanColumn(spans, c, dataset),
    // Min/max of whole JSON documents would bloat the footer and help no reader.
    statistics: c.kind !== 'json',
  }));
}

/** `rows` sorted by their key column `k` (as they are already, unless storage order differs). */
export function inKeyOrder(rows: ColumnResult): ColumnResult {
  const k = rows.columns.k as Float64Array;
  let sorted = true;
  for (let i = 1; i < rows.length && sorted; i++) sorted = k[i - 1]! <= k[i]!;
  if (sorted) return rows;
  const order = Array.from({ length: rows.length }, (_, i) => i).sort((a, b) => k[a]! - k[b]!);
  const columns: ColumnResult['columns'] = {};
  for (const [name, values] of Object.entries(rows.columns)) {
    // Typed arrays stay typed arrays of their kind.
    const Kind: new (n: number) => unknown[] = ArrayBuffer.isView(values) ? (values.constructor as new (n: number) => unknown[]) : Array;
    const out = new Kind(order.length);
    order.forEach((from, i) => (out[i] = values[from]));
    columns[name] = out;
  }
  return { length: rows.length, columns };
}

function spanColumn(spans: ColumnResult, c: ExportColumn, dataset: string): ColumnSource['data'] {
  const n = spans.length;
  if (c.name === 'dataset') return new Array<string>(n).fill(dataset);
  const values = spans.columns[c.name]!;
  if (c.kind === 'bool') return Array.from(values as Uint8Array, (v) => v === 1);
  const nulls = spans.columns[c.name + NULL_FLAG] as Uint8Array | undefined;
  if (nulls) {
    // A nullable integer column: coalesced to 0 in SQL so it arrives typed; the flag says where it was NULL.
    const ints = values as BigInt64Array;
    return Array.from(nulls, (isNull, i) => (isNull ? null : ints[i]!));
  }
  return values as ColumnSource['data'];
}
