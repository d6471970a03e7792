/**
 * OTLP protobuf, streamed: a binary ExportTraceServiceRequest, or the
 * Collector file exporter's proto format (each request preceded by its length
 * as a big-endian uint32).
 *
 * A single request is not decoded whole: its top level is a run of
 * resource_spans fields (tag 0x0a, length, bytes), and each is decoded as it
 * arrives, so a multi-gigabyte request never needs to be in memory at once.
 */
import type { SpanOutput } from '../reader.js';
import { decodeExportTraceServiceRequest, decodeResourceSpans } from './otlp-proto-decode.js';
import { readResourceSpans } from './otlp-spans.js';

export class ProtoFormatError extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
    this.name = 'ProtoFormatError';
  }
}

export interface StreamingByteReader {
  push(chunk: Uint8Array): void;
  end(): void;
}

export function createOtlpProtoReader(out: SpanOutput, options: { delimited: boolean }): StreamingByteReader {
  const buffer = new ByteQueue();

  const decodeAt = (offset: number, what: string, decode: () => void) => {
    try {
      decode();
    } catch (e) {
      throw new ProtoFormatError(`corrupt protobuf ${what}: ${(e as Error).message}`, offset);
    }
  };

  const stepDelimited = (): boolean => {
    const head = buffer.peek(4);
    if (!head) return false;
    const length = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0;
    const whole = buffer.peek(4 + length);
    if (!whole) return false;
    const offset = buffer.offset;
    decodeAt(offset, 'ExportTraceServiceRequest', () => {
      const request = decodeExportTraceServiceRequest(whole.subarray(4, 4 + length));
      for (const rs of (request.resourceSpans as unknown[] | undefined) ?? []) readResourceSpans(rs, out);
    });
    buffer.consume(4 + length);
    return true;
  };

  const stepField = (): boolean => {
    const head = buffer.peek(Math.min(buffer.length, 20));
    if (!head || head.length === 0) return false;
    const tag = readVarint(head, 0);
    if (!tag) return false;
    const field = tag.value >>> 3;
    const wireType = tag.value & 7;
    let size: number;
    let valueStart = tag.next;
    switch (wireType) {
      case 0: {
        const v = readVarint(head, tag.next);
        if (!v) return false;
        size = 0;
        valueStart = v.next;
        break;
      }
      case 1:
        size = 8;
        break;
      case 5:
        size = 4;
        break;
      case 2: {
        const len = readVarint(head, tag.next);
        if (!len) return false;
        size = len.value;
        valueStart = len.next;
        break;
      }
      default:
        throw new ProtoFormatError(`corrupt protobuf: invalid wire type ${wireType} for field ${field}`, buffer.offset);
    }
    const whole = buffer.peek(valueStart + size);
    if (!whole) return false;
    if (field === 1 && wireType === 2) {
      decodeAt(buffer.offset, 'ResourceSpans', () =>
        readResourceSpans(decodeResourceSpans(whole.subarray(valueStart, valueStart + size)), out),
      );
    }
    buffer.consume(valueStart + size);
    return true;
  };

  const step = options.delimited ? stepDelimited : stepField;
  return {
    push(chunk) {
      buffer.push(chunk);
      while (step());
    },
    end() {
      while (step());
      if (buffer.length > 0) {
        throw new ProtoFormatError(
          `the content ends in the middle of a protobuf message (truncated file?): ${buffer.length} bytes left over`,
          buffer.offset,
        );
      }
    },
  };
}

/** A base-128 varint of at most 32 significant bits (tags and lengths). */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  let shift = 0;
  for (let i = at; i < bytes.length && i < at + 10; i++) {
    const b = bytes[i]!;
    if (shift < 32) value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  return null;
}

/** Bytes received but not yet decoded; joins chunks only once a whole message is there. */
class ByteQueue {
  private chunks: Uint8Array[] = [];
  length = 0;
  /** Absolute offset of the first queued byte in the stream. */
  offset = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  /** The first n bytes as one array, or null if fewer are queued. */
  peek(n: number): Uint8Array | null {
    if (n > this.length) return null;
    const first = this.chunks[0];
    if (first && first.length >= n) return first;
    const joined = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      joined.set(c, at);
      at += c.length;
    }
    this.chunks = [joined];
    return joined;
  }

  consume(n: number): void {
    this.offset += n;
    this.length -= n;
    while (n > 0) {
      const first = this.chunks[0]!;
      if (first.length <= n) {
        n -= first.length;
        this.chunks.shift();
      } else {
        this.chunks[0] = first.subarray(n);
        n = 0;
      }
    }
  }
}
