/**
 * The normalised span model every format reader produces.
 *
 * Times are nanoseconds since the Unix epoch as bigint: epoch nanoseconds
 * (~1.7e18) do not fit a double exactly, and the analyses subtract them.
 * IDs are opaque strings: hex ids are lower-cased, anything else is kept as
 * given (hand-made files use ids like "A" or "span-1").
 */
export type SpanKind = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type StatusCode = 'unset' | 'ok' | 'error';

/** An attribute value as the sources carry it; int64 beyond 2^53 stays a bigint. */
export type AttrValue = string | number | bigint | boolean | Uint8Array | null | AttrValue[] | { [key: string]: AttrValue };

export type Attributes = Map<string, AttrValue>;

/** What produced the spans: one per OTLP resource, Jaeger process or Zipkin endpoint. */
export interface Resource {
  service: string;
  attributes: Attributes;
}

export interface Scope {
  name: string;
  version: string;
}

export interface SpanEvent {
  timeNs: bigint;
  name: string;
  attributes: Attributes;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  /** True where the source said FOLLOWS_FROM (Jaeger references, OpenTracing shims). */
  followsFrom: boolean;
  attributes: Attributes;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** The parent reference was FOLLOWS_FROM: the parent did not wait for this span. */
  parentFollowsFrom: boolean;
  service: string;
  name: string;
  kind: SpanKind;
  startNs: bigint;
  endNs: bigint;
  statusCode: StatusCode;
  statusMessage: string;
  traceState: string;
  attributes: Attributes;
  /** Shared between the spans of one resource; identity is used to store it once. */
  resource: Resource;
  scope: Scope | null;
  events: SpanEvent[];
  links: SpanLink[];
}

/** The service name used when a source does not say which service a span came from. */
export const UNKNOWN_SERVICE = 'unknown_service';
