/**
 * OTLP protobuf, from real SDK spans serialised by @opentelemetry/otlp-transformer:
 * the same spans as protobuf (single request or length-delimited file) and as
 * JSON lines load identically, in any chunking, and damage is reported.
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/model/span.js';
import {
  batchByTrace,
  encodeDataset,
  generateAfter,
  generateBefore,
  toJsonLines,
  toLengthPrefixedProtobuf,
} from '../../sample-traces/generate.js';
import { readBytes } from '../helpers/read-spans.js';

const spans = [...generateBefore({ traces: 6 }), ...generateAfter({ traces: 4 })];
const encoded = encodeDataset(spans);
const single = ProtobufTraceSerializer.serializeRequest(spans)!;
const jsonLines = toJsonLines(batchByTrace(spans, 3));

const key = (s: { traceId: string; spanId: string }) => `${s.traceId}/${s.spanId}`;
const plain = (list: Span[]) =>
  list
    .map((s) => ({
      ...s,
      attributes: Object.fromEntries(s.attributes),
      resource: { ...s.resource, attributes: Object.fromEntries(s.resource.attributes) },
    }))
    .sort((a, b) => key(a).localeCompare(key(b)));

describe('OTLP protobuf', () => {
  it('sniffs both protobuf layouts from content', async () => {
    expect((await readBytes(single)).report.format).toBe('otlp-proto');
    expect((await readBytes(encoded.pb)).report.format).toBe('otlp-proto');
    expect((await readBytes(jsonLines)).report.format).toBe('otlp-jsonl');
  });

  it('loads the same spans from protobuf and from JSON lines, however the bytes are chunked', async () => {
    const fromJson = await readBytes(encoded.jsonl);
    expect(fromJson.report.failure).toBeNull();
    expect(fromJson.spans).toHaveLength(spans.length);
    for (const chunk of [1 << 20, 4096, 13]) {
      const fromDelimited = await readBytes(encoded.pb, 'x.pb', chunk);
      const fromSingle = await readBytes(single, 'y.pb', chunk);
      expect(fromDelimited.report.failure).toBeNull();
      expect(fromSingle.report.failure).toBeNull();
      expect(plain(fromDelimited.spans)).toEqual(plain(fromJson.spans));
      expect(plain(fromSingle.spans)).toEqual(plain(fromJson.spans));
    }
  });

  it('keeps links, events, status and int attributes', async () => {
    const { spans: read } = await readBytes(single);
    const consumer = read.find((s) => s.kind === 'consumer')!;
    expect(consumer.links.length).toBeGreaterThan(0);
    expect(read.find((s) => s.links.length > 0)!.links[0]!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(read.some((s) => s.statusCode === 'error' && s.statusMessage !== '')).toBe(true);
    expect(read.some((s) => typeof s.attributes.get('http.response.status_code') === 'number')).toBe(true);
    expect(read.some((s) => s.events.length > 0)).toBe(true);
  });

  it('a truncated single request keeps the resource spans before the cut', async () => {
    const cut = single.subarray(0, Math.floor(single.length * 0.6));
    const { report, spans: read } = await readBytes(cut, 'cut.pb');
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(spans.length);
    expect(report.failure?.message).toMatch(/ends in the middle of a protobuf message/);
    expect(report.failure!.byteOffset).toBeGreaterThan(0);
    expect(report.failure!.byteOffset).toBeLessThan(cut.length);
  });

  it('a corrupt delimited message is reported at its offset', async () => {
    const damaged = Uint8Array.from(toLengthPrefixedProtobuf(batchByTrace(spans, 3)));
    const firstLength = new DataView(damaged.buffer).getUint32(0);
    damaged[4 + firstLength + 4] = 0xff; // the second request's first tag: wire type 7 does not exist
    const { report, spans: read } = await readBytes(damaged, 'bad.pb');
    expect(report.failure?.message).toMatch(/corrupt protobuf ExportTraceServiceRequest/);
    expect(report.failure?.byteOffset).toBe(4 + firstLength);
    expect(read.length).toBeGreaterThan(0);
  });
});
