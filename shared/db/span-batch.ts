/**
 * Turns spans into Arrow record batches for the tables in schema.sql.ts.
 * One SpanBatch per file; resources are registered per dataset so that the
 * same resource in many requests (JSON lines) is stored once.
 */
import type { AttrValue, Resource, Span } from '../model/span.js';
import {
  BoolColumn,
  ConstantColumn,
  DictColumn,
  Float64Column,
  Int32Column,
  Int64Column,
  toIpc,
  Utf8Column,
  type ColumnBuilder,
} from './arrow-columns.js';
import { attributesJson, numericValue, storedType, textValue } from './attribute-values.js';
import { PROMOTED_ATTRIBUTES } from './promoted-attributes.js';

const PROMOTED_BY_KEY = new Map(PROMOTED_ATTRIBUTES.map((p) => [p.key, p]));
/** Promoted keys whose values rarely repeat: plain UTF-8, not dictionary-encoded. */
const UNIQUE_VALUED = new Set(['db.query.text', 'url.full', 'messaging.message.id']);

export interface TableBatch {
  table: string;
  ipc: Uint8Array;
  rows: number;
}

/** Allocates resource ids for one dataset and remembers which are stored. */
export class ResourceRegistry {
  private readonly byObject = new WeakMap<Resource, number>();
  private readonly byContent = new Map<string, number>();
  private pending: { id: number; resource: Resource }[] = [];

  constructor(private nextId: number) {}

  idOf(resource: Resource): number {
    const known = this.byObject.get(resource);
    if (known !== undefined) return known;
    const content = resource.service + '\u0000' + (attributesJson(resource.attributes) ?? '');
    let id = this.byContent.get(content);
    if (id === undefined) {
      id = this.nextId++;
      this.byContent.set(content, id);
      this.pending.push({ id, resource });
    }
    this.byObject.set(resource, id);
    return id;
  }

  /** Resources first seen since the last call. */
  takeNew(): { id: number; resource: Resource }[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

function spanColumns(dataset: string, fileId: number) {
  const promoted: Record<string, Utf8Column | DictColumn | Int64Column> = {};
  for (const p of PROMOTED_ATTRIBUTES) {
    // Query texts and full URLs rarely repeat; the rest are small vocabularies.
    promoted[p.column] = p.type === 'int' ? new Int64Column() : UNIQUE_VALUED.has(p.key) ? new Utf8Column() : new DictColumn();
  }
  return {
    dataset: new ConstantColumn(dataset),
    file_id: new ConstantColumn(fileId),
    span_key: new Int64Column(),
    trace_id: new Utf8Column(),
    span_id: new Utf8Column(),
    parent_span_id: new Utf8Column(),
    parent_follows_from: new BoolColumn(),
    service: new DictColumn(),
    name: new DictColumn(),
    kind: new DictColumn(),
    start_ns: new Int64Column(),
    end_ns: new Int64Column(),
    duration_ns: new Int64Column(),
    status_code: new DictColumn(),
    status_message: new DictColumn(),
    trace_state: new DictColumn(),
    resource_id: new Int32Column(),
    scope_name: new DictColumn(),
    scope_version: new DictColumn(),
    event_count: new Int32Column(),
    link_count: new Int32Column(),
    promoted,
  };
}

function attributeColumns(dataset: string) {
  return {
    dataset: new ConstantColumn(dataset),
    span_key: new Int64Column(),
    key: new DictColumn(),
    type: new DictColumn(),
    value: new Utf8Column(),
    num_value: new Float64Column(),
  };
}

function resourceAttributeColumns(dataset: string) {
  return {
    dataset: new ConstantColumn(dataset),
    resource_id: new Int32Column(),
    key: new DictColumn(),
    type: new DictColumn(),
    value: new Utf8Column(),
    num_value: new Float64Column(),
  };
}

function eventColumns(dataset: string) {
  return {
    dataset: new ConstantColumn(dataset),
    span_key: new Int64Column(),
    time_ns: new Int64Column(),
    name: new DictColumn(),
    attributes_json: new Utf8Column(),
  };
}

function linkColumns(dataset: string) {
  return {
    dataset: new ConstantColumn(dataset),
    span_key: new Int64Column(),
    linked_trace_id: new Utf8Column(),
    linked_span_id: new Utf8Column(),
    follows_from: new BoolColumn(),
    attributes_json: new Utf8Column(),
  };
}

type AttributeTarget = { key: DictColumn; type: DictColumn; value: Utf8Column; num_value: Float64Column };

function pushAttribute(target: AttributeTarget, key: string, v: AttrValue): void {
  target.key.push(key);
  target.type.push(storedType(v));
  target.value.push(textValue(v));
  target.num_value.push(numericValue(v));
}

export class SpanBatch {
  private spans;
  private attrs;
  private events;
  private links;

  constructor(
    private readonly dataset: string,
    private readonly fileId: number,
    private readonly resources: ResourceRegistry,
    private nextSpanKey: bigint,
  ) {
    this.spans = spanColumns(dataset, fileId);
    this.attrs = attributeColumns(dataset);
    this.events = eventColumns(dataset);
    this.links = linkColumns(dataset);
  }

  get size(): number {
    return this.spans.span_key.length;
  }

  /** The span key the next span will get (for continuing in the next batch or file). */
  get spanKeyCursor(): bigint {
    return this.nextSpanKey;
  }

  add(span: Span): void {
    const key = this.nextSpanKey++;
    const c = this.spans;
    c.span_key.push(key);
    c.trace_id.push(span.traceId);
    c.span_id.push(span.spanId);
    c.parent_span_id.push(span.parentSpanId);
    c.parent_follows_from.push(span.parentFollowsFrom);
    c.service.push(span.service);
    c.name.push(span.name);
    c.kind.push(span.kind);
    c.start_ns.push(span.startNs);
    c.end_ns.push(span.endNs);
    c.duration_ns.push(span.endNs - span.startNs);
    c.status_code.push(span.statusCode);
    c.status_message.push(span.statusMessage || null);
    c.trace_state.push(span.traceState || null);
    c.resource_id.push(this.resources.idOf(span.resource));
    c.scope_name.push(span.scope?.name || null);
    c.scope_version.push(span.scope?.version || null);
    c.event_count.push(span.events.length);
    c.link_count.push(span.links.length);

    // Promoted columns are sparse: each gets a value only where a span has the
    // attribute; the rows in between become nulls when the next value (or the
    // end of the batch) pads the column.
    const row = c.span_key.length - 1;
    for (const [k, v] of span.attributes) {
      const promoted = PROMOTED_BY_KEY.get(k);
      if (promoted !== undefined) {
        const column = c.promoted[promoted.column]!;
        if (promoted.type === 'string' && typeof v === 'string') {
          column.padTo(row);
          (column as Utf8Column | DictColumn).push(v);
          continue;
        }
        if (promoted.type === 'int' && (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) {
          column.padTo(row);
          (column as Int64Column).push(BigInt(v));
          continue;
        }
      }
      this.addAttribute(key, k, v);
    }

    for (const e of span.events) {
      this.events.span_key.push(key);
      this.events.time_ns.push(e.timeNs);
      this.events.name.push(e.name);
      this.events.attributes_json.push(attributesJson(e.attributes));
    }
    for (const l of span.links) {
      this.links.span_key.push(key);
      this.links.linked_trace_id.push(l.traceId);
      this.links.linked_span_id.push(l.spanId);
      this.links.follows_from.push(l.followsFrom);
      this.links.attributes_json.push(attributesJson(l.attributes));
    }
  }

  private addAttribute(spanKey: bigint, key: string, v: AttrValue): void {
    this.attrs.span_key.push(spanKey);
    pushAttribute(this.attrs, key, v);
  }

  /** Arrow IPC per table for everything added since the last call, then starts afresh. */
  take(): TableBatch[] {
    const out: TableBatch[] = [];
    const emit = (table: string, columns: Record<string, ColumnBuilder>, rows: number) => {
      if (rows === 0) return;
      // Constant and sparse columns hold only the rows that were set: pad them to the table's length.
      for (const column of Object.values(columns)) column.padTo(rows);
      out.push({ table, ipc: toIpc(columns), rows });
    };
    const fresh = this.resources.takeNew();
    if (fresh.length > 0) {
      const r = { dataset: new ConstantColumn(this.dataset), resource_id: new Int32Column(), service: new DictColumn() };
      const ra = resourceAttributeColumns(this.dataset);
      for (const { id, resource } of fresh) {
        r.resource_id.push(id);
        r.service.push(resource.service);
        for (const [k, v] of resource.attributes) {
          ra.resource_id.push(id);
          pushAttribute(ra, k, v);
        }
      }
      emit('resources', r, fresh.length);
      emit('resource_attributes', ra, ra.key.length);
    }
    const { promoted, ...plainColumns } = this.spans;
    emit('spans', { ...plainColumns, ...promoted }, this.size);
    emit('span_attributes', this.attrs, this.attrs.key.length);
    emit('span_events', this.events, this.events.name.length);
    emit('span_links', this.links, this.links.span_key.length);
    this.spans = spanColumns(this.dataset, this.fileId);
    this.attrs = attributeColumns(this.dataset);
    this.events = eventColumns(this.dataset);
    this.links = linkColumns(this.dataset);
    return out;
  }
}
