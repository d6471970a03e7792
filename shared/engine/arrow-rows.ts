/**
 * Arrow results → plain rows. Typed structurally (not with instanceof):
 * in Node the duckdb-wasm bundle brings its own copy of apache-arrow.
 */
import type { ColumnResult, QueryResult } from './sql-host.js';

export interface ArrowLikeTable {
  numRows: number;
  schema: { fields: { name: string }[] };
  toArray(): { toJSON(): Record<string, unknown> }[];
  getChild(name: string): ArrowLikeVector | null;
}

interface ArrowLikeVector {
  type: { typeId: number };
  length: number;
  data: { offset: number; length: number; nullCount: number; nullBitmap?: Uint8Array; valueOffsets?: Int32Array; values?: unknown }[];
  toArray(): ArrayLike<unknown>;
}

/** Arrow's type ids for integers, floating point and UTF-8 strings. */
const INT_TYPE_ID = 2;
const FLOAT_TYPE_ID = 3;
const UTF8_TYPE_ID = 5;

/** Typed arrays for numeric columns, arrays of strings (or null) for text. */
export function arrowToColumns(table: ArrowLikeTable): ColumnResult {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const { name } of table.schema.fields) {
    const vector = table.getChild(name);
    if (!vector) columns[name] = [];
    else if (vector.type.typeId === UTF8_TYPE_ID) columns[name] = utf8Strings(vector);
    else columns[name] = numbersWithoutNulls(vector) ?? vector.toArray();
  }
  return { length: table.numRows, columns };
}

type NumberArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A numeric column with no NULLs as one typed array, each chunk copied in
 * one go (Arrow's toArray goes through a generic reduce, several times
 * slower on a million rows). Null when the column does not qualify.
 */
function numbersWithoutNulls(vector: ArrowLikeVector): NumberArray | null {
  const { typeId } = vector.type;
  if (typeId !== INT_TYPE_ID && typeId !== FLOAT_TYPE_ID) return null;
  const first = vector.data[0]?.values;
  if (!ArrayBuffer.isView(first) || first instanceof DataView) return null;
  // Half-precision floats are stored as raw 16-bit words; leave them to Arrow.
  if (typeId === FLOAT_TYPE_ID && first instanceof Uint16Array) return null;
  const Kind = first.constructor as new (n: number) => NumberArray;
  const out = new Kind(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as NumberArray;
    if (chunk.nullCount > 0 || !(values instanceof Kind)) return null;
    out.set(values.subarray(chunk.offset, chunk.offset + chunk.length) as never, at);
    at += chunk.length;
  }
  return out;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

/**
 * The strings of a UTF-8 column, fast. Arrow decodes each value with its own
 * TextDecoder call; here a chunk whose bytes are all ASCII (ids, most names)
 * is decoded once, and each value is a slice of that one string, which V8
 * makes without copying. Other chunks are decoded value by value.
 */
function utf8Strings(vector: ArrowLikeVector): (string | null)[] {
  const out = new Array<string | null>(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const offsets = chunk.valueOffsets!;
    const bytes = chunk.values as Uint8Array;
    const first = offsets[chunk.offset]!;
    const last = offsets[chunk.offset + chunk.length]!;
    const body = bytes.subarray(first, last);
    const whole = isAscii(body) ? latin1.decode(body) : null;
    for (let i = 0; i < chunk.length; i++) {
      const row = chunk.offset + i;
      if (chunk.nullCount > 0 && chunk.nullBitmap && !(chunk.nullBitmap[row >> 3]! & (1 << (row & 7)))) {
        out[at++] = null;
        continue;
      }
      const from = offsets[row]!;
      const to = offsets[row + 1]!;
      out[at++] = whole !== null ? whole.slice(from - first, to - first) : utf8.decode(bytes.subarray(from, to));
    }
  }
  return out;
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

export function arrowToRows(table: ArrowLikeTable): QueryResult {
  const columns = table.schema.fields.map((f) => f.name);
  const rows = table.toArray().map((row) => {
    const plain = row.toJSON();
    for (const c of columns) plain[c] = plainValue(plain[c]);
    return plain;
  });
  return { columns, rows };
}

/** Values Arrow gives back that are not plain JS (HUGEINT/DECIMAL as word arrays, nested rows). */
function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof Uint32Array || (ArrayBuffer.isView(v) && !(v instanceof Uint8Array))) return BigInt(String(v));
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON(): unknown }).toJSON();
  return v;
}
