/**
 * SpanTable from plain objects: for tests and small inputs. Times are given
 * in nanoseconds (numbers, relative to `baseNs`), so test cases read like the
 * timelines drawn above them.
 */
import type { SpanKind } from '../../model/span.js';
import { emptyLinks, KIND, type SpanLinks, type SpanTable } from './span-table.js';

export interface SpanRow {
  traceId?: string;
  spanId: string;
  parentSpanId?: string | null;
  service?: string;
  name?: string;
  kind?: SpanKind;
  start: number;
  end: number;
  error?: boolean;
  followsFrom?: boolean;
  peer?: string | null;
  resendCount?: number;
  httpStatus?: number;
  links?: { traceId?: string; spanId: string; followsFrom?: boolean }[];
}

/** Rows are grouped by trace (stable: rows of one trace keep their order). */
export function spanTableFrom(rows: readonly SpanRow[], baseNs = 0n): SpanTable {
  const byTrace = new Map<string, SpanRow[]>();
  for (const r of rows) {
    const t = r.traceId ?? 't1';
    let list = byTrace.get(t);
    if (!list) byTrace.set(t, (list = []));
    list.push(r);
  }
  const ordered = [...byTrace.values()].flat();
  const n = ordered.length;
  const linkRows = ordered.flatMap((r, i) =>
    (r.links ?? []).map((l) => ({
      from: i,
      traceId: l.traceId ?? r.traceId ?? 't1',
      spanId: l.spanId,
      followsFrom: l.followsFrom ?? false,
    })),
  );
  const links: SpanLinks =
    linkRows.length === 0
      ? emptyLinks()
      : {
          size: linkRows.length,
          from: Int32Array.from(linkRows, (l) => l.from),
          traceId: linkRows.map((l) => l.traceId),
          spanId: linkRows.map((l) => l.spanId),
          followsFrom: Uint8Array.from(linkRows, (l) => (l.followsFrom ? 1 : 0)),
        };
  return {
    size: n,
    baseNs,
    traceId: ordered.map((r) => r.traceId ?? 't1'),
    spanId: ordered.map((r) => r.spanId),
    parents: { spanId: ordered.map((r) => r.parentSpanId ?? null) },
    service: ordered.map((r) => r.service ?? 'svc'),
    name: ordered.map((r) => r.name ?? r.spanId),
    kind: Uint8Array.from(ordered, (r) => KIND[r.kind ?? 'internal']),
    start: Float64Array.from(ordered, (r) => r.start),
    end: Float64Array.from(ordered, (r) => r.end),
    error: Uint8Array.from(ordered, (r) => (r.error ? 1 : 0)),
    followsFrom: Uint8Array.from(ordered, (r) => (r.followsFrom ? 1 : 0)),
    peer: ordered.map((r) => r.peer ?? null),
    resendCount: Int32Array.from(ordered, (r) => r.resendCount ?? -1),
    httpStatus: Int32Array.from(ordered, (r) => r.httpStatus ?? 0),
    links,
  };
}
