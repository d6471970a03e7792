/**
 * One trace as OTLP/JSON: its spans, attributes (promoted columns and the
 * rest), events, links and resources read back from the database and handed
 * to the pure writer (shared/export/otlp-json-writer.ts).
 *
 * What OTLP cannot say is left out: a Jaeger FOLLOWS_FROM *parent* reference
 * becomes a plain parent (OTLP has one parent and no reference type for it).
 */
import {
  TRACE_ATTRIBUTES_SQL,
  TRACE_EVENTS_SQL,
  TRACE_LINKS_SQL,
  TRACE_RESOURCE_ATTRIBUTES_SQL,
  TRACE_RESOURCES_SQL,
  TRACE_SPANS_SQL,
} from '../db/export.sql.js';
import { PROMOTED_ATTRIBUTES } from '../db/promoted-attributes.js';
import { otlpJson, type OtlpEventRow, type OtlpLinkRow, type OtlpSpanRow } from '../export/otlp-json-writer.js';
import { plainAttributes, storedValue } from '../export/stored-values.js';
import type { Attributes, AttrValue, SpanKind, StatusCode } from '../model/span.js';
import type { SqlHost } from './sql-host.js';

type Row = Record<string, unknown>;

export async function traceOtlp(host: SqlHost, dataset: string, traceId: string): Promise<string> {
  const spanRows = (await host.query(TRACE_SPANS_SQL(dataset, traceId))).rows;
  if (spanRows.length === 0) throw new Error(`trace ${traceId} is not in dataset "${dataset}"`);
  const attributes = groupBySpan((await host.query(TRACE_ATTRIBUTES_SQL(dataset, traceId))).rows);
  const events = groupBySpan((await host.query(TRACE_EVENTS_SQL(dataset, traceId))).rows);
  const links = groupBySpan((await host.query(TRACE_LINKS_SQL(dataset, traceId))).rows);
  const resources = await traceResources(host, dataset, traceId);

  const spans = spanRows.map((r): OtlpSpanRow => {
    const key = r.span_key as bigint;
    return {
      resourceId: Number(r.resource_id),
      scopeName: (r.scope_name as string | null) ?? null,
      scopeVersion: (r.scope_version as string | null) ?? null,
      traceId: r.trace_id as string,
      spanId: r.span_id as string,
      parentSpanId: (r.parent_span_id as string | null) ?? null,
      traceState: (r.trace_state as string | null) ?? null,
      name: r.name as string,
      kind: r.kind as SpanKind,
      startNs: r.start_ns as bigint,
      endNs: r.end_ns as bigint,
      statusCode: r.status_code as StatusCode,
      statusMessage: (r.status_message as string | null) ?? null,
      attributes: spanAttributes(r, attributes.get(key) ?? []),
      events: (events.get(key) ?? []).map((e): OtlpEventRow => ({
        timeNs: e.time_ns as bigint,
        name: e.name as string,
        attributes: plainAttributes(e.attributes_json as string | null),
      })),
      links: (links.get(key) ?? []).map((l): OtlpLinkRow => ({
        traceId: l.linked_trace_id as string,
        spanId: l.linked_span_id as string,
        followsFrom: Boolean(l.follows_from),
        attributes: plainAttributes(l.attributes_json as string | null),
      })),
    };
  });
  return otlpJson(resources, spans);
}

function groupBySpan(rows: Row[]): Map<bigint, Row[]> {
  const out = new Map<bigint, Row[]>();
  for (const r of rows) {
    const key = r.span_key as bigint;
    const list = out.get(key);
    if (list) list.push(r);
    else out.set(key, [r]);
  }
  return out;
}

/** The promoted columns that hold a value, then the other stored attributes. */
function spanAttributes(span: Row, stored: Row[]): Attributes {
  const out: Attributes = new Map();
  for (const p of PROMOTED_ATTRIBUTES) {
    const v = span[p.column];
    if (v !== null && v !== undefined) out.set(p.key, p.type === 'int' ? exactInt(v as bigint) : (v as string));
  }
  for (const a of stored) out.set(a.key as string, storedValue(a.type as string, a.value as string | null));
  return out;
}

/** As the readers give int64: a number when exact, else a bigint. */
function exactInt(v: bigint): AttrValue {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

/** Each resource's attributes, service.name (stored as the resource's service) first. */
async function traceResources(host: SqlHost, dataset: string, traceId: string): Promise<Map<number, Attributes>> {
  const out = new Map<number, Attributes>();
  for (const r of (await host.query(TRACE_RESOURCES_SQL(dataset, traceId))).rows)
    out.set(Number(r.resource_id), new Map([['service.name', r.service as string]]));
  for (const a of (await host.query(TRACE_RESOURCE_ATTRIBUTES_SQL(dataset, traceId))).rows) {
    if (a.key === 'service.name') continue;
    out.get(Number(a.resource_id))?.set(a.key as string, storedValue(a.type as string, a.value as string | null));
  }
  return out;
}
