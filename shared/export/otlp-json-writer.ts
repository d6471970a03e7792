/**
 * Spans → OTLP/JSON (an ExportTraceServiceRequest in the protobuf JSON
 * mapping as OTLP specifies it: ids as hex, int64 and times as decimal
 * strings, enums as numbers). Pure: plain rows in, text out; the rows come
 * from the database in shared/engine/trace-otlp.ts.
 *
 * Ids are written as stored. Hex ids of the usual length are what every
 * consumer expects; ids a hand-made file gave as other text ("span-1") are
 * kept as they are, so the file reads back into Hopscope unchanged.
 */
import { bytesToBase64 } from '../model/ids.js';
import type { Attributes, AttrValue, SpanKind, StatusCode } from '../model/span.js';

export interface OtlpEventRow {
  timeNs: bigint;
  name: string;
  attributes: Attributes;
}

export interface OtlpLinkRow {
  traceId: string;
  spanId: string;
  /** A FOLLOWS_FROM reference (Jaeger): written as the attribute opentracing.ref_type the OpenTracing shims use. */
  followsFrom: boolean;
  attributes: Attributes;
}

export interface OtlpSpanRow {
  /** Spans with the same resource id share one ResourceSpans. */
  resourceId: number;
  scopeName: string | null;
  scopeVersion: string | null;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  traceState: string | null;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  statusCode: StatusCode;
  statusMessage: string | null;
  attributes: Attributes;
  events: OtlpEventRow[];
  links: OtlpLinkRow[];
}

const KIND_NUMBER: Record<SpanKind, number> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_NUMBER: Record<StatusCode, number> = { unset: 0, ok: 1, error: 2 };

type AnyValue = Record<string, unknown>;
interface KeyValue {
  key: string;
  value: AnyValue;
}

/** The request for `spans`, grouped by resource (attributes from `resources`, service.name included) and then by scope, in order of first appearance. */
export function otlpJson(resources: ReadonlyMap<number, Attributes>, spans: readonly OtlpSpanRow[]): string {
  const byResource = new Map<number, Map<string, OtlpSpanRow[]>>();
  for (const s of spans) {
    let scopes = byResource.get(s.resourceId);
    if (!scopes) byResource.set(s.resourceId, (scopes = new Map()));
    const scopeKey = `${s.scopeName ?? ''}\u0000${s.scopeVersion ?? ''}`;
    const list = scopes.get(scopeKey);
    if (list) list.push(s);
    else scopes.set(scopeKey, [s]);
  }
  const resourceSpans = [...byResource].map(([id, scopes]) => ({
    resource: { attributes: keyValues(resources.get(id) ?? new Map()) },
    scopeSpans: [...scopes.values()].map((list) => ({ ...scopeOf(list[0]!), spans: list.map(otlpSpan) })),
  }));
  return JSON.stringify({ resourceSpans });
}

function scopeOf(s: OtlpSpanRow): { scope?: { name: string; version?: string } } {
  if (!s.scopeName && !s.scopeVersion) return {};
  return { scope: { name: s.scopeName ?? '', ...(s.scopeVersion ? { version: s.scopeVersion } : {}) } };
}

function otlpSpan(s: OtlpSpanRow): Record<string, unknown> {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    ...(s.traceState ? { traceState: s.traceState } : {}),
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name,
    kind: KIND_NUMBER[s.kind] ?? 0,
    startTimeUnixNano: s.startNs.toString(),
    endTimeUnixNano: s.endNs.toString(),
    attributes: keyValues(s.attributes),
    ...(s.events.length > 0
      ? { events: s.events.map((e) => ({ timeUnixNano: e.timeNs.toString(), name: e.name, attributes: keyValues(e.attributes) })) }
      : {}),
    ...(s.links.length > 0 ? { links: s.links.map(otlpLink) } : {}),
    status: { code: STATUS_NUMBER[s.statusCode] ?? 0, ...(s.statusMessage ? { message: s.statusMessage } : {}) },
  };
}

function otlpLink(l: OtlpLinkRow): Record<string, unknown> {
  const attributes = new Map(l.attributes);
  if (l.followsFrom && !attributes.has('opentracing.ref_type')) attributes.set('opentracing.ref_type', 'follows_from');
  return { traceId: l.traceId, spanId: l.spanId, attributes: keyValues(attributes) };
}

function keyValues(attributes: Attributes | { [key: string]: AttrValue }): KeyValue[] {
  const entries = attributes instanceof Map ? [...attributes] : Object.entries(attributes);
  return entries.map(([key, v]) => ({ key, value: anyValue(v) }));
}

/** An AttrValue as OTLP's AnyValue; null is the empty AnyValue. */
export function anyValue(v: AttrValue): AnyValue {
  if (v === null) return {};
  switch (typeof v) {
    case 'string':
      return { stringValue: v };
    case 'boolean':
      return { boolValue: v };
    case 'bigint':
      return { intValue: v.toString() };
    case 'number':
      if (Number.isSafeInteger(v)) return { intValue: String(v) };
      // The protobuf JSON mapping spells the non-finite doubles as strings.
      return { doubleValue: Number.isFinite(v) ? v : String(v) };
  }
  if (v instanceof Uint8Array) return { bytesValue: bytesToBase64(v) };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: keyValues(v) } };
}
