/**
 * Attribute values as the database stores them (shared/db/attribute-values.ts:
 * a type tag, a text form, a number) turned back into typed values, for the
 * exports. Two forms: AttrValue (for OTLP) and JSON text (for the Parquet
 * JSON columns, written straight from the stored text so int64 stays exact).
 *
 * What storage already lost stays lost: inside arrays, maps and event or
 * link attributes, int64 beyond 2^53 and bytes were kept as strings.
 */
import { base64ToBytes } from '../model/ids.js';
import type { Attributes, AttrValue } from '../model/span.js';

const INTEGER = /^-?\d+$/;

/** The typed value of a stored attribute. */
export function storedValue(type: string, value: string | null): AttrValue {
  switch (type) {
    case 'string':
      return value ?? '';
    case 'int':
      return value === null ? null : intValue(value);
    case 'double':
      // The text is String(number), so Number() gives the same double back (NaN and ±Infinity included).
      return value === null ? null : Number(value);
    case 'bool':
      return value === 'true';
    case 'bytes':
      return base64ToBytes(value ?? '');
    case 'array':
    case 'kvlist':
      return value === null ? null : plainValue(JSON.parse(value));
    default:
      return null;
  }
}

/** A stored integer's text as a number when that is exact, else a bigint (as the readers give it). */
function intValue(text: string): number | bigint {
  if (!INTEGER.test(text)) return Number(text);
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** The JSON text of a stored attribute value: int64 written digit for digit, non-finite doubles as strings ("NaN"). */
export function storedValueJson(type: string, value: string | null): string {
  if (value === null) return 'null';
  switch (type) {
    case 'string':
    case 'bytes':
      return JSON.stringify(value);
    case 'int':
      return INTEGER.test(value) ? value : jsonNumber(Number(value), value);
    case 'double':
      return jsonNumber(Number(value), value);
    case 'bool':
      return value === 'true' ? 'true' : 'false';
    case 'array':
    case 'kvlist':
      // Stored as the JSON text of the value (attribute-values.ts, textValue).
      return value;
    default:
      return 'null';
  }
}

function jsonNumber(n: number, text: string): string {
  return Number.isFinite(n) ? JSON.stringify(n) : JSON.stringify(text);
}

/** A value from stored JSON (arrays, maps, event and link attributes) as an AttrValue. */
export function plainValue(v: unknown): AttrValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(plainValue);
  if (typeof v === 'object') {
    const out: { [key: string]: AttrValue } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plainValue(x);
    return out;
  }
  return null;
}

/** Stored event or link attributes (a JSON object, or NULL for none). */
export function plainAttributes(json: string | null): Attributes {
  const out: Attributes = new Map();
  if (!json) return out;
  const parsed: unknown = JSON.parse(json);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return out;
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) out.set(k, plainValue(v));
  return out;
}
