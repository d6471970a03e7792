/** How attribute values are stored: a type tag, a text form, and a number where there is one. */
import { bytesToBase64 } from '../model/ids.js';
import type { Attributes, AttrValue } from '../model/span.js';

export type StoredType = 'string' | 'int' | 'double' | 'bool' | 'bytes' | 'array' | 'kvlist' | 'null';

export function storedType(v: AttrValue): StoredType {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'double';
    case 'boolean':
      return 'bool';
  }
  if (v instanceof Uint8Array) return 'bytes';
  return Array.isArray(v) ? 'array' : 'kvlist';
}

/** JSON-compatible form: bigints as decimal strings, bytes as base64. */
function plain(v: AttrValue): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return bytesToBase64(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export function textValue(v: AttrValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return bytesToBase64(v);
  return JSON.stringify(plain(v));
}

export function numericValue(v: AttrValue): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function attributesJson(attributes: Attributes): string | null {
  if (attributes.size === 0) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of attributes) out[k] = plain(v);
  return JSON.stringify(out);
}
