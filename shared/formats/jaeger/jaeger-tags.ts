/** Jaeger tags (typed key/value list) → attributes. */
import { base64ToBytes } from '../../model/ids.js';
import type { Attributes, AttrValue } from '../../model/span.js';
import { isObject } from '../reader.js';
import { int64Value } from '../time.js';

function tagValue(tag: Record<string, unknown>): AttrValue {
  const v = tag.value;
  switch (typeof tag.type === 'string' ? tag.type.toLowerCase() : '') {
    case 'bool':
      return v === true || v === 'true';
    case 'int64':
      return int64Value(v);
    case 'float64':
      return typeof v === 'number' ? v : Number(v);
    case 'binary':
      return typeof v === 'string' ? base64ToBytes(v) : null;
    default:
      return typeof v === 'string'
        ? v
        : v == null
          ? null
          : typeof v === 'object'
            ? JSON.stringify(v)
            : String(v as string | number | boolean);
  }
}

export function jaegerTags(list: unknown): Attributes {
  const out: Attributes = new Map();
  if (!Array.isArray(list)) return out;
  for (const tag of list) if (isObject(tag) && typeof tag.key === 'string') out.set(tag.key, tagValue(tag));
  return out;
}
