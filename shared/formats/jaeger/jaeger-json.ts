/**
 * Jaeger JSON: {"data": [trace, ...]} (UI download, HTTP API v1),
 * {"data": trace}, a single trace object, an array of traces, or JSON lines
 * of traces. A trace is {traceID, spans: [...], processes: {p1: {...}}}.
 *
 * Times are microseconds. The parent is the first CHILD_OF reference within
 * the trace, else the first FOLLOWS_FROM one (flagged: the parent did not
 * wait); every other reference becomes a link.
 */
import { isEmptyId, normalizeTextId } from '../../model/ids.js';
import { UNKNOWN_SERVICE, type Resource, type SpanKind, type SpanLink, type StatusCode } from '../../model/span.js';
import { excerpt, isObject, type JsonTraceReader, type SpanOutput } from '../reader.js';
import { parseMicrosAsNanos } from '../time.js';
import { jaegerTags } from './jaeger-tags.js';

const KINDS: Record<string, SpanKind> = {
  server: 'server',
  client: 'client',
  producer: 'producer',
  consumer: 'consumer',
  internal: 'internal',
};

type Processes = Map<string, Resource>;

function readProcesses(raw: unknown): Processes {
  const out: Processes = new Map();
  if (!isObject(raw)) return out;
  for (const [id, p] of Object.entries(raw)) out.set(id, processResource(p));
  return out;
}

function processResource(p: unknown): Resource {
  if (!isObject(p)) return { service: UNKNOWN_SERVICE, attributes: new Map() };
  const service = typeof p.serviceName === 'string' && p.serviceName !== '' ? p.serviceName : UNKNOWN_SERVICE;
  return { service, attributes: jaegerTags(p.tags) };
}

interface Reference {
  refType: string;
  traceId: string;
  spanId: string;
}

function references(raw: unknown): Reference[] {
  if (!Array.isArray(raw)) return [];
  const out: Reference[] = [];
  for (const r of raw) {
    if (!isObject(r)) continue;
    out.push({
      refType: typeof r.refType === 'string' ? r.refType.toUpperCase() : 'CHILD_OF',
      traceId: typeof r.traceID === 'string' ? normalizeTextId(r.traceID) : '',
      spanId: typeof r.spanID === 'string' ? normalizeTextId(r.spanID) : '',
    });
  }
  return out;
}

/** Moves the tags that Jaeger uses for OTLP fields out of the attributes. */
function takeString(attrs: Map<string, unknown>, ...keys: string[]): string {
  let found = '';
  for (const key of keys) {
    const v = attrs.get(key);
    if (v !== undefined) {
      if (!found && v !== null) found = String(v);
      attrs.delete(key);
    }
  }
  return found;
}

function readSpan(raw: unknown, processes: Processes, out: SpanOutput): void {
  if (!isObject(raw)) {
    out.reject('not a span object', excerpt(raw));
    return;
  }
  const traceId = typeof raw.traceID === 'string' ? normalizeTextId(raw.traceID) : '';
  const spanId = typeof raw.spanID === 'string' ? normalizeTextId(raw.spanID) : '';
  const startNs = parseMicrosAsNanos(raw.startTime);
  const durationNs = parseMicrosAsNanos(raw.duration ?? 0);
  if (startNs === null || durationNs === null) {
    out.reject('bad timestamp', excerpt({ traceID: raw.traceID, spanID: raw.spanID, startTime: raw.startTime, duration: raw.duration }));
    return;
  }

  const refs = references(raw.references);
  const sameTrace = refs.filter((r) => r.traceId === traceId || r.traceId === '');
  const parentRef = sameTrace.find((r) => r.refType === 'CHILD_OF') ?? sameTrace.find((r) => r.refType === 'FOLLOWS_FROM');
  let parentSpanId = parentRef ? parentRef.spanId : null;
  if (!parentRef && typeof raw.parentSpanID === 'string' && !isEmptyId(raw.parentSpanID)) parentSpanId = normalizeTextId(raw.parentSpanID);
  const links: SpanLink[] = refs
    .filter((r) => r !== parentRef)
    .map((r) => ({ traceId: r.traceId || traceId, spanId: r.spanId, followsFrom: r.refType === 'FOLLOWS_FROM', attributes: new Map() }));

  const attributes = jaegerTags(raw.tags);
  const kind = KINDS[takeString(attributes, 'span.kind').toLowerCase()] ?? 'unspecified';
  const otelStatus = takeString(attributes, 'otel.status_code').toUpperCase();
  const statusMessage = takeString(attributes, 'otel.status_description');
  const errorTag = attributes.get('error');
  const isError = errorTag === true || errorTag === 'true';
  if (errorTag !== undefined) attributes.delete('error');
  const statusCode: StatusCode = otelStatus === 'ERROR' || isError ? 'error' : otelStatus === 'OK' ? 'ok' : 'unset';
  const scopeName = takeString(attributes, 'otel.scope.name', 'otel.library.name');
  const scopeVersion = takeString(attributes, 'otel.scope.version', 'otel.library.version');
  const traceState = takeString(attributes, 'w3c.tracestate');

  const resource =
    (typeof raw.processID === 'string' ? processes.get(raw.processID) : undefined) ??
    (isObject(raw.process) ? processResource(raw.process) : { service: UNKNOWN_SERVICE, attributes: new Map() });

  out.span({
    traceId,
    spanId,
    parentSpanId,
    parentFollowsFrom: parentRef?.refType === 'FOLLOWS_FROM',
    service: resource.service,
    name: typeof raw.operationName === 'string' ? raw.operationName : '',
    kind,
    startNs,
    endNs: startNs + durationNs,
    statusCode,
    statusMessage,
    traceState,
    attributes,
    resource,
    scope: scopeName || scopeVersion ? { name: scopeName, version: scopeVersion } : null,
    events: readLogs(raw.logs),
    links,
  });
}

function readLogs(raw: unknown) {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map((log) => {
    const attributes = jaegerTags(log.fields);
    // The OTLP→Jaeger translator stores the event name in the "event" field.
    const name = takeString(attributes, 'event');
    return { timeNs: parseMicrosAsNanos(log.timestamp) ?? 0n, name, attributes };
  });
}

function readTrace(trace: unknown, out: SpanOutput): void {
  if (!isObject(trace)) {
    out.warn(`skipped a trace entry that is not an object: ${excerpt(trace)}`);
    return;
  }
  const processes = readProcesses(trace.processes);
  if (Array.isArray(trace.spans)) for (const s of trace.spans) readSpan(s, processes, out);
}

export function createJaegerJsonReader(out: SpanOutput): JsonTraceReader {
  // For a streamed single trace ({spans: [...], processes: {...}}), spans may come before processes.
  let document = -1;
  let processes: Processes | null = null;
  let pending: unknown[] = [];

  const flush = () => {
    for (const s of pending) readSpan(s, processes ?? new Map(), out);
    pending = [];
  };

  return {
    accept(path, value, doc) {
      if (doc !== document) {
        flush();
        document = doc;
        processes = null;
      }
      if (path === '[]' || path === 'data[]') {
        readTrace(value, out);
      } else if (path === 'spans[]' || path === 'data.spans[]') {
        if (processes) readSpan(value, processes, out);
        else pending.push(value);
      } else if (path === 'processes' || path === 'data.processes') {
        processes = readProcesses(value);
        flush();
      }
    },
    finish: flush,
  };
}
