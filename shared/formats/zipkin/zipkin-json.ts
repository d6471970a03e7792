/**
 * Zipkin v2 JSON: an array of spans, or an array of traces (arrays of
 * spans) as /api/v2/traces returns. Times are microseconds.
 *
 * Shared spans: in Zipkin's B3 model a server may reuse its client's span id
 * and mark its half `shared`. Here the server half becomes its own span, a
 * child of the client half, with the id "<id>:server":
 *
 *   before:  client  id=7a  parent=f5  (mobile_api)
 *            server  id=7a  parent=f5  shared (spectre)
 *   after:   client  id=7a         parent=f5
 *            server  id=7a:server  parent=7a
 *
 * Spans whose parent is the shared id hang under the half in their own
 * service (normally the server half: the server did the work). Several
 * servers answering one client (a broadcast) become "<id>:server",
 * "<id>:server:2", ...
 * The file is read whole before spans are emitted, since the two halves and
 * the children can come in any order.
 */
import { normalizeTextId } from '../../model/ids.js';
import { UNKNOWN_SERVICE, type Attributes, type Resource, type SpanEvent, type SpanKind } from '../../model/span.js';
import { excerpt, isObject, type JsonTraceReader, type SpanOutput } from '../reader.js';
import { parseMicrosAsNanos } from '../time.js';

const KINDS: Record<string, SpanKind> = { CLIENT: 'client', SERVER: 'server', PRODUCER: 'producer', CONSUMER: 'consumer' };
export const SHARED_SERVER_SUFFIX = ':server';

interface RawSpan {
  raw: Record<string, unknown>;
  traceId: string;
  id: string;
  parentId: string | null;
  service: string;
  kind: SpanKind;
  shared: boolean;
}

function textId(v: unknown): string {
  return typeof v === 'string' ? normalizeTextId(v) : '';
}

function endpointService(e: unknown): string {
  return isObject(e) && typeof e.serviceName === 'string' && e.serviceName !== '' ? e.serviceName : '';
}

export function createZipkinJsonReader(out: SpanOutput): JsonTraceReader {
  const spans: RawSpan[] = [];
  const resources = new Map<string, Resource>();

  const collect = (value: unknown) => {
    if (!isObject(value)) {
      out.reject('not a span object', excerpt(value));
      return;
    }
    spans.push({
      raw: value,
      traceId: textId(value.traceId),
      id: textId(value.id),
      parentId: textId(value.parentId) || null,
      service: endpointService(value.localEndpoint) || UNKNOWN_SERVICE,
      kind: typeof value.kind === 'string' ? (KINDS[value.kind.toUpperCase()] ?? 'internal') : 'internal',
      shared: value.shared === true,
    });
  };

  const resourceFor = (service: string, endpoint: unknown): Resource => {
    const attributes: Attributes = new Map();
    if (isObject(endpoint)) {
      if (typeof endpoint.ipv4 === 'string') attributes.set('host.ip', endpoint.ipv4);
      else if (typeof endpoint.ipv6 === 'string') attributes.set('host.ip', endpoint.ipv6);
    }
    const key = `${service}\u0000${String(attributes.get('host.ip') ?? '')}`;
    let r = resources.get(key);
    if (!r) resources.set(key, (r = { service, attributes }));
    return r;
  };

  const emit = (s: RawSpan, spanId: string, parentSpanId: string | null, startNs: bigint, endNs: bigint) => {
    const raw = s.raw;
    const attributes: Attributes = new Map();
    let statusMessage = '';
    let isError = false;
    if (isObject(raw.tags)) {
      for (const [k, v] of Object.entries(raw.tags)) {
        if (k === 'error') {
          isError = true;
          statusMessage = String(v);
        } else attributes.set(k, typeof v === 'string' ? v : String(v));
      }
    }
    const remote = raw.remoteEndpoint;
    if (isObject(remote)) {
      const peer = endpointService(remote);
      if (peer && !attributes.has('peer.service')) attributes.set('peer.service', peer);
      const address = typeof remote.ipv4 === 'string' ? remote.ipv4 : typeof remote.ipv6 === 'string' ? remote.ipv6 : '';
      if (address) attributes.set('network.peer.address', address);
      if (typeof remote.port === 'number') attributes.set('network.peer.port', remote.port);
    }
    const events: SpanEvent[] = [];
    if (Array.isArray(raw.annotations)) {
      for (const a of raw.annotations) {
        if (isObject(a))
          events.push({
            timeNs: parseMicrosAsNanos(a.timestamp) ?? startNs,
            name: typeof a.value === 'string' ? a.value : '',
            attributes: new Map(),
          });
      }
    }
    out.span({
      traceId: s.traceId,
      spanId,
      parentSpanId,
      parentFollowsFrom: false,
      service: s.service,
      name: typeof raw.name === 'string' ? raw.name : '',
      kind: s.kind,
      startNs,
      endNs,
      statusCode: isError ? 'error' : 'unset',
      statusMessage,
      traceState: '',
      attributes,
      resource: resourceFor(s.service, raw.localEndpoint),
      scope: null,
      events,
      links: [],
    });
  };

  const finish = () => {
    const newIds = assignSharedIds(spans);
    let noDuration = 0;
    for (const s of spans) {
      const times = spanTimes(s.raw);
      if (!times) {
        out.reject(
          'bad timestamp',
          excerpt({ traceId: s.raw.traceId, id: s.raw.id, timestamp: s.raw.timestamp, duration: s.raw.duration }),
        );
        continue;
      }
      if (!times.hadDuration) noDuration++;
      const ids = newIds.get(s);
      emit(s, ids?.spanId ?? s.id, ids ? ids.parentSpanId : s.parentId, times.startNs, times.endNs);
    }
    if (noDuration > 0) out.warn(`${noDuration} span(s) had no duration and were loaded with a duration of 0`);
  };

  return {
    accept(path, value) {
      if (path !== '[]') return;
      if (Array.isArray(value)) for (const v of value) collect(v);
      else collect(value);
    },
    finish,
  };
}

/**
 * Gives the server halves of shared ids their own ids, and re-parents the
 * children of a shared id onto the half in their own service. Several
 * servers may share one client's id (a broadcast): each gets its own id.
 * Exact copies keep the same id, so that they are counted as duplicates.
 */
function assignSharedIds(spans: RawSpan[]): Map<RawSpan, { spanId: string; parentSpanId: string | null }> {
  const key = (traceId: string, id: string) => `${traceId}\u0000${id}`;
  const groups = new Map<string, RawSpan[]>();
  for (const s of spans) {
    const k = key(s.traceId, s.id);
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  const result = new Map<RawSpan, { spanId: string; parentSpanId: string | null }>();
  /** Server halves by shared id, for re-parenting children. */
  const halves = new Map<string, { primary: RawSpan | undefined; servers: RawSpan[] }>();
  for (const [k, group] of groups) {
    if (group.length < 2) continue;
    const primary = group.find((s) => s.kind !== 'server');
    const seenText = new Set<string>();
    const servers: RawSpan[] = [];
    for (const s of group) {
      if (s === primary || s.kind !== 'server') continue;
      const text = JSON.stringify(s.raw);
      if (seenText.has(text)) continue;
      seenText.add(text);
      servers.push(s);
    }
    if (!primary || servers.length === 0) continue;
    servers.forEach((s, i) => {
      result.set(s, { spanId: s.id + SHARED_SERVER_SUFFIX + (i === 0 ? '' : `:${i + 1}`), parentSpanId: s.id });
    });
    halves.set(k, { primary, servers });
  }
  for (const s of spans) {
    if (s.parentId === null || result.has(s)) continue;
    const h = halves.get(key(s.traceId, s.parentId));
    if (!h) continue;
    if (h.primary && h.primary.service === s.service && !h.servers.some((v) => v.service === s.service)) continue;
    const server =
      h.servers.find((v) => v.service === s.service && sameHost(v, s)) ?? h.servers.find((v) => v.service === s.service) ?? h.servers[0]!;
    result.set(s, { spanId: s.id, parentSpanId: result.get(server)!.spanId });
  }
  return result;
}

function sameHost(a: RawSpan, b: RawSpan): boolean {
  const ip = (s: RawSpan) => (isObject(s.raw.localEndpoint) ? s.raw.localEndpoint.ipv4 : undefined);
  return ip(a) !== undefined && ip(a) === ip(b);
}

/**
 * Start and end of a Zipkin span. A span without a timestamp takes its
 * earliest annotation; without a duration, its latest annotation (or 0).
 */
function spanTimes(raw: Record<string, unknown>): { startNs: bigint; endNs: bigint; hadDuration: boolean } | null {
  const annotationTimes: bigint[] = [];
  if (Array.isArray(raw.annotations)) {
    for (const a of raw.annotations) {
      const t = isObject(a) ? parseMicrosAsNanos(a.timestamp) : null;
      if (t !== null) annotationTimes.push(t);
    }
  }
  annotationTimes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const startNs = raw.timestamp != null ? parseMicrosAsNanos(raw.timestamp) : (annotationTimes[0] ?? null);
  if (startNs === null) return null;
  if (raw.duration != null) {
    const d = parseMicrosAsNanos(raw.duration);
    return d === null ? null : { startNs, endNs: startNs + d, hadDuration: true };
  }
  const last = annotationTimes[annotationTimes.length - 1];
  return { startNs, endNs: last !== undefined && last > startNs ? last : startNs, hadDuration: false };
}
