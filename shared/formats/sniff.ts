/**
 * Picks the reader from the content, never the file name.
 *
 * Compression is recognised by its magic number; then JSON by its first
 * non-blank character and the keys that only one format uses; then OTLP
 * protobuf by the shape of its first field.
 */
import type { Compression } from '../model/load-report.js';

export type JsonFlavour = 'otlp' | 'jaeger' | 'zipkin';

export type ContentKind =
  | { kind: 'json'; flavour: JsonFlavour }
  | { kind: 'otlp-proto'; delimited: boolean }
  | { kind: 'empty' }
  | { kind: 'unknown'; reason: string };

export function sniffCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

const isBlank = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** `head` is the first bytes of the decompressed content (64 KiB is plenty); `complete` says it is all of it. */
export function sniffContent(head: Uint8Array, complete: boolean): ContentKind {
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3; // UTF-8 byte order mark
  while (i < head.length && isBlank(head[i]!)) i++;
  if (i >= head.length) return complete ? { kind: 'empty' } : { kind: 'unknown', reason: 'the file starts with a long run of blank space' };
  const first = head[i]!;
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) return sniffJson(new TextDecoder().decode(head.subarray(i)));
  return sniffProtobuf(head);
}

function sniffJson(text: string): ContentKind {
  if (text.includes('"resourceSpans"') || text.includes('"scopeSpans"')) return { kind: 'json', flavour: 'otlp' };
  if (text.includes('"spanID"') || text.includes('"operationName"') || text.includes('"traceID"'))
    return { kind: 'json', flavour: 'jaeger' };
  if (
    text.includes('"traceId"') &&
    (text.includes('"localEndpoint"') || text.includes('"timestamp"') || text.includes('"remoteEndpoint"'))
  ) {
    return { kind: 'json', flavour: 'zipkin' };
  }
  return {
    kind: 'unknown',
    reason:
      'JSON, but not OTLP (no "resourceSpans"), Jaeger (no "traceID"/"spanID") or Zipkin v2 (no "traceId" with "timestamp"/"localEndpoint")',
  };
}

/**
 * OTLP protobuf: an ExportTraceServiceRequest starts with field 1
 * (resource_spans, length-delimited) = byte 0x0a. The Collector file
 * exporter's proto format puts a 4-byte big-endian length before each
 * request, so there byte 4 is 0x0a and the length is plausible.
 */
function sniffProtobuf(head: Uint8Array): ContentKind {
  if (head[0] === 0x0a) return { kind: 'otlp-proto', delimited: false };
  if (head.length >= 5 && head[4] === 0x0a) {
    const length = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    if (length > 0 && length < 2 ** 31) return { kind: 'otlp-proto', delimited: true };
  }
  return { kind: 'unknown', reason: 'not JSON, gzip, zstd or OTLP protobuf (binary data of an unknown kind)' };
}
