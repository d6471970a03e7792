/**
 * OTLP encodings as the OpenTelemetry Collector file exporter writes them:
 * JSON lines (one ExportTraceServiceRequest per line) and protobuf messages
 * each prefixed with their length as a 4-byte big-endian unsigned integer.
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

/** Whole traces per request, like an exporter batch. */
export const TRACES_PER_REQUEST = 20;

/** Splits spans (grouped by trace, as the generators return them) into batches of whole traces. */
export function batchByTrace(spans: readonly ReadableSpan[], tracesPerBatch = TRACES_PER_REQUEST): ReadableSpan[][] {
  const batches: ReadableSpan[][] = [];
  let current: ReadableSpan[] = [];
  let tracesInCurrent = 0;
  let lastTraceId: string | undefined;
  for (const span of spans) {
    const traceId = span.spanContext().traceId;
    if (traceId !== lastTraceId) {
      if (tracesInCurrent === tracesPerBatch) {
        batches.push(current);
        current = [];
        tracesInCurrent = 0;
      }
      tracesInCurrent++;
      lastTraceId = traceId;
    }
    current.push(span);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function serialized(bytes: Uint8Array | undefined): Uint8Array {
  if (!bytes) throw new Error('OTLP serializer returned nothing');
  return bytes;
}

export function toJsonLines(batches: readonly ReadableSpan[][]): Buffer {
  const parts: Uint8Array[] = [];
  const newline = Buffer.from('\n');
  for (const batch of batches) parts.push(serialized(JsonTraceSerializer.serializeRequest(batch)), newline);
  return Buffer.concat(parts);
}

export function toLengthPrefixedProtobuf(batches: readonly ReadableSpan[][]): Buffer {
  const parts: Uint8Array[] = [];
  for (const batch of batches) {
    const message = serialized(ProtobufTraceSerializer.serializeRequest(batch));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(message.length);
    parts.push(prefix, message);
  }
  return Buffer.concat(parts);
}

/** Inverse of toLengthPrefixedProtobuf: the individual protobuf messages. */
export function splitLengthPrefixed(data: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let offset = 0;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new Error(`truncated length prefix at byte ${offset}`);
    const length = data.readUInt32BE(offset);
    const end = offset + 4 + length;
    if (end > data.length) throw new Error(`message at byte ${offset} overruns the data`);
    messages.push(data.subarray(offset + 4, end));
    offset = end;
  }
  return messages;
}
