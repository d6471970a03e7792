/**
 * OTLP ResourceSpans → normalised spans, for both OTLP JSON and protobuf.
 * Also accepts the pre-1.0 names (instrumentationLibrarySpans,
 * instrumentationLibrary) that old collectors still write.
 */
import { bytesToHex, isEmptyId, normalizeOtlpJsonId } from '../../model/ids.js';
import {
  UNKNOWN_SERVICE,
  type Resource,
  type Scope,
  type SpanEvent,
  type SpanKind,
  type SpanLink,
  type StatusCode,
} from '../../model/span.js';
import { excerpt, isObject, type SpanOutput } from '../reader.js';
import { parseNanos } from '../time.js';
import { keyValues } from './otlp-values.js';

const KINDS: SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const KIND_NAMES: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: 'unspecified',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};
const STATUS: StatusCode[] = ['unset', 'ok', 'error'];
const STATUS_NAMES: Record<string, StatusCode> = { STATUS_CODE_UNSET: 'unset', STATUS_CODE_OK: 'ok', STATUS_CODE_ERROR: 'error' };

function spanKind(v: unknown): SpanKind {
  if (typeof v === 'number') return KINDS[v] ?? 'unspecified';
  if (typeof v === 'string') return KIND_NAMES[v] ?? 'unspecified';
  return 'unspecified';
}

function statusCode(v: unknown): StatusCode {
  if (typeof v === 'number') return STATUS[v] ?? 'unset';
  if (typeof v === 'string') return STATUS_NAMES[v] ?? 'unset';
  return 'unset';
}

function otlpId(v: unknown, byteLength: 8 | 16): string {
  if (v instanceof Uint8Array) return bytesToHex(v);
  if (typeof v === 'string') return normalizeOtlpJsonId(v, byteLength);
  return '';
}

export function resourceOf(raw: unknown): Resource {
  const attributes = keyValues(isObject(raw) ? raw.attributes : undefined);
  const name = attributes.get('service.name');
  attributes.delete('service.name');
  return { service: typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE, attributes };
}

function scopeOf(raw: unknown): Scope | null {
  if (!isObject(raw)) return null;
  const name = typeof raw.name === 'string' ? raw.name : '';
  const version = typeof raw.version === 'string' ? raw.version : '';
  return name || version ? { name, version } : null;
}

function events(list: unknown): SpanEvent[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  const out: SpanEvent[] = [];
  for (const e of list) {
    if (!isObject(e)) continue;
    out.push({
      timeNs: parseNanos(e.timeUnixNano) ?? 0n,
      name: typeof e.name === 'string' ? e.name : '',
      attributes: keyValues(e.attributes),
    });
  }
  return out;
}

function links(list: unknown): SpanLink[] {
  if (!Array.isArray(list) || list.length === 0) return [];
  const out: SpanLink[] = [];
  for (const l of list) {
    if (!isObject(l)) continue;
    const attributes = keyValues(l.attributes);
    // OpenTracing shims and the Jaeger→OTLP translator record the reference type as an attribute.
    const followsFrom = attributes.get('opentracing.ref_type') === 'follows_from';
    out.push({ traceId: otlpId(l.traceId, 16), spanId: otlpId(l.spanId, 8), followsFrom, attributes });
  }
  return out;
}

/** Reads one ResourceSpans (JSON object or protobufjs message). */
export function readResourceSpans(rs: unknown, out: SpanOutput): void {
  if (!isObject(rs)) {
    out.warn(`skipped a resourceSpans entry that is not an object: ${excerpt(rs)}`);
    return;
  }
  const resource = resourceOf(rs.resource);
  const scopes = rs.scopeSpans ?? rs.instrumentationLibrarySpans;
  if (!Array.isArray(scopes)) return;
  for (const ss of scopes) {
    if (!isObject(ss)) continue;
    const scope = scopeOf(ss.scope ?? ss.instrumentationLibrary);
    const spans = ss.spans;
    if (!Array.isArray(spans)) continue;
    for (const raw of spans) readSpan(raw, resource, scope, out);
  }
}

function readSpan(raw: unknown, resource: Resource, scope: Scope | null, out: SpanOutput): void {
  if (!isObject(raw)) {
    out.reject('not a span object', excerpt(raw));
    return;
  }
  const startNs = parseNanos(raw.startTimeUnixNano);
  const endNs = parseNanos(raw.endTimeUnixNano);
  if (startNs === null || endNs === null) {
    out.reject(
      'bad timestamp',
      excerpt({ traceId: raw.traceId, spanId: raw.spanId, start: raw.startTimeUnixNano, end: raw.endTimeUnixNano }),
    );
    return;
  }
  const parent = otlpId(raw.parentSpanId, 8);
  const status = isObject(raw.status) ? raw.status : {};
  out.span({
    traceId: otlpId(raw.traceId, 16),
    spanId: otlpId(raw.spanId, 8),
    parentSpanId: isEmptyId(parent) ? null : parent,
    parentFollowsFrom: false,
    service: resource.service,
    name: typeof raw.name === 'string' ? raw.name : '',
    kind: spanKind(raw.kind),
    startNs,
    endNs,
    statusCode: statusCode(status.code),
    statusMessage: typeof status.message === 'string' ? status.message : '',
    traceState: typeof raw.traceState === 'string' ? raw.traceState : '',
    attributes: keyValues(raw.attributes),
    resource,
    scope,
    events: events(raw.events),
    links: links(raw.links),
  });
}
