/**
 * OTLP AnyValue / KeyValue conversion. The same code serves OTLP JSON
 * (protojson: camelCase, int64 as strings, bytes as base64) and protobufjs
 * decoded messages (int64 as Long, bytes as Uint8Array).
 */
import { base64ToBytes } from '../../model/ids.js';
import type { Attributes, AttrValue } from '../../model/span.js';
import { isObject } from '../reader.js';
import { int64Value } from '../time.js';

/**
 * A oneof member that is present. (A module-level function: this runs for
 * every attribute, and a closure per call showed up in profiles.)
 */
function has(v: Record<string, unknown>, key: string): boolean {
  return v[key] != null;
}

export function anyValue(v: unknown): AttrValue {
  if (!isObject(v)) return null;
  if (has(v, 'stringValue')) return String(v.stringValue);
  if (has(v, 'boolValue')) return Boolean(v.boolValue);
  if (has(v, 'intValue')) return int64Value(v.intValue);
  if (has(v, 'doubleValue')) return Number(v.doubleValue);
  if (has(v, 'bytesValue')) {
    const b = v.bytesValue;
    return b instanceof Uint8Array ? b : typeof b === 'string' ? base64ToBytes(b) : null;
  }
  if (has(v, 'arrayValue') && isObject(v.arrayValue)) {
    const values = v.arrayValue.values;
    return Array.isArray(values) ? values.map(anyValue) : [];
  }
  if (has(v, 'kvlistValue') && isObject(v.kvlistValue)) {
    const out: { [key: string]: AttrValue } = {};
    const values = v.kvlistValue.values;
    if (Array.isArray(values)) for (const kv of values) if (isObject(kv) && typeof kv.key === 'string') out[kv.key] = anyValue(kv.value);
    return out;
  }
  return null;
}

export function keyValues(list: unknown): Attributes {
  const out: Attributes = new Map();
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isObject(kv) && typeof kv.key === 'string') out.set(kv.key, anyValue(kv.value));
  }
  return out;
}
