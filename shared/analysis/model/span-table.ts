/**
 * The spans the analyses read, as columns: one index per span, the same
 * index in every column. Pulled from DuckDB in one query per dataset (or
 * trace), grouped by trace, so an analysis touches typed arrays instead of
 * millions of objects.
 *
 * Times are nanoseconds relative to `baseNs` as doubles: epoch nanoseconds
 * (~1.7e18) do not fit a double exactly, offsets within a dataset do (up to
 * 2^53 ns, 104 days), and double arithmetic is what makes the analyses fast.
 */
import type { SpanKind } from '../../model/span.js';

/** Span kinds as small integers (the `kind` column). */
export const KIND = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const satisfies Record<
  SpanKind,
  number
>;
export const KIND_NAMES: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export interface SpanTable {
  readonly size: number;
  /** Epoch nanoseconds that `start` and `end` are relative to. */
  readonly baseNs: bigint;
  readonly traceId: readonly string[];
  readonly spanId: readonly string[];
  /** Each span's parent, by id or already resolved to an index (see SpanParents). */
  readonly parents: SpanParents;
  readonly service: readonly string[];
  /** The operation (span name). */
  readonly name: readonly string[];
  readonly kind: Uint8Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** 1 where the span's status is ERROR. */
  readonly error: Uint8Array;
  /** 1 where the parent reference is FOLLOWS_FROM (the parent did not wait). */
  readonly followsFrom: Uint8Array;
  /**
   * The callee a CLIENT/PRODUCER span names, for callees that are not
   * instrumented: service.peer.name, peer.service, db.system(.name) with
   * db.namespace, messaging.destination.name, server.address — the first
   * present. Null when none is, and for spans of other kinds.
   */
  readonly peer: readonly (string | null)[];
  /** http.request.resend_count, or -1 when absent. */
  readonly resendCount: Int32Array;
  /** http.response.status_code, or 0 when absent. */
  readonly httpStatus: Int32Array;
  /** Span links, as parallel columns: span `linkFrom[i]` links to (linkTraceId[i], linkSpanId[i]). */
  readonly links: SpanLinks;
}

/**
 * Parents as ids (null: none named), which buildTraceTree resolves within
 * each trace; or as indexes into the table, resolved where the spans came
 * from (DuckDB joins them): NO_PARENT when none is named, PARENT_ABSENT when
 * the named parent is not in the data.
 */
export type SpanParents = { readonly spanId: readonly (string | null)[] } | { readonly index: Int32Array };
export const NO_PARENT = -1;
export const PARENT_ABSENT = -2;

export interface SpanLinks {
  readonly size: number;
  readonly from: Int32Array;
  readonly traceId: readonly string[];
  readonly spanId: readonly string[];
  /** 1 where the link stands for a FOLLOWS_FROM reference. */
  readonly followsFrom: Uint8Array;
}

export function emptyLinks(): SpanLinks {
  return { size: 0, from: new Int32Array(0), traceId: [], spanId: [], followsFrom: new Uint8Array(0) };
}
