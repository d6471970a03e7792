/**
 * Bad input gets a clear error naming the place, and the report accounts for
 * every span: loaded, or rejected with a reason.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixturePath, readBytes, readText } from '../helpers/read-spans.js';

const otlpSpan = (fields: Record<string, unknown>) => ({
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  name: 'op',
  startTimeUnixNano: '1000',
  endTimeUnixNano: '2000',
  ...fields,
});
const otlpRequest = (spans: unknown[]) => JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans }] }] });

describe('rejected spans are counted by reason', () => {
  it('OTLP spans without ids, with bad times or ending before they start', async () => {
    const text = otlpRequest([
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa1' }),
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa2', traceId: '' }),
      otlpSpan({ spanId: '' }),
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa3', startTimeUnixNano: 'soon' }),
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa4', endTimeUnixNano: '500' }),
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa1' }),
      'not a span',
      otlpSpan({ spanId: 'aaaaaaaaaaaaaaa5', startTimeUnixNano: '0', endTimeUnixNano: '0' }),
    ]);
    const { report, spans } = await readText(text);
    expect(report.failure).toBeNull();
    expect(spans.map((s) => s.spanId)).toEqual(['aaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaa5']);
    expect(spans[1]!.startNs).toBe(0n); // a start time of 0 is a time, not a missing one
    expect(Object.fromEntries(report.rejected.map((p) => [p.reason, p.count]))).toEqual({
      'no trace id': 1,
      'no span id': 1,
      'bad timestamp': 1,
      'end before start': 1,
      'duplicate span': 1,
      'not a span object': 1,
    });
    expect(report.spansRead).toBe(8);
    expect(report.rejected.find((p) => p.reason === 'end before start')!.example).toContain('aaaaaaaaaaaaaaa4');
  });

  it('Zipkin spans without a timestamp or annotations are rejected, not guessed', async () => {
    const text = JSON.stringify([
      { traceId: 'a', id: 'b', name: 'x', localEndpoint: { serviceName: 's' } },
      { traceId: 'a', id: 'c', name: 'y', timestamp: 10, duration: 5, localEndpoint: { serviceName: 's' } },
    ]);
    const { report, spans } = await readText(text);
    expect(spans.map((s) => s.spanId)).toEqual(['c']);
    expect(report.rejected).toEqual([{ reason: 'bad timestamp', count: 1, example: expect.stringContaining('"id":"b"') as string }]);
  });

  it('keeps hand-made ids as given and hex ids lower-cased', async () => {
    const { spans } = await readText(otlpRequest([otlpSpan({ traceId: 'Trace-A', spanId: 'span-1', parentSpanId: 'ABCDEF0123456789' })]));
    expect(spans[0]).toMatchObject({ traceId: 'Trace-A', spanId: 'span-1', parentSpanId: 'abcdef0123456789' });
  });

  it('accepts base64 ids and numeric times from OTLP exporters that write them', async () => {
    const { spans } = await readText(
      otlpRequest([
        otlpSpan({
          traceId: 'CvdlGRbNQ92ESOshHIAxnA==',
          spanId: 't61rcWkgMzE=',
          startTimeUnixNano: 1000,
          endTimeUnixNano: 3000,
          kind: 'SPAN_KIND_CLIENT',
        }),
      ]),
    );
    expect(spans[0]).toMatchObject({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      startNs: 1000n,
      endNs: 3000n,
      kind: 'client',
    });
  });
});

describe('unreadable and damaged files', () => {
  it.each([
    ['an empty file', '', /the file is empty/],
    ['blank space only', '  \n\t ', /the file is empty/],
    ['JSON of another kind', '{"name": "package.json", "version": "1.0.0"}', /unknown format: JSON, but not OTLP/],
    ['plain text', 'hello, world', /unknown format: not JSON, gzip, zstd or OTLP protobuf/],
  ])('%s is an unknown-format error', async (_name, text, message) => {
    const { report } = await readText(text, 'input.json');
    expect(report.format).toBeNull();
    expect(report.failure?.message).toMatch(message);
    expect(report.spansRead).toBe(0);
  });

  it('binary garbage is an unknown-format error', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251);
    const { report } = await readBytes(garbage);
    expect(report.failure?.message).toMatch(/unknown format/);
  });

  it('a truncated OTLP file keeps every resource read before the cut and says where it stopped', async () => {
    const resource = (spanId: string) => ({ resource: {}, scopeSpans: [{ spans: [otlpSpan({ spanId })] }] });
    const whole = JSON.stringify({ resourceSpans: [resource('aaaaaaaaaaaaaaa1'), resource('aaaaaaaaaaaaaaa2')] });
    const second = whole.lastIndexOf('{"resource"');
    const { report, spans } = await readText(whole.slice(0, second + 30), 'cut.json', 7);
    expect(spans.map((s) => s.spanId)).toEqual(['aaaaaaaaaaaaaaa1']);
    expect(report.failure).toEqual({ message: expect.stringMatching(/ends in the middle of a JSON value/) as string, byteOffset: second });
  });

  it('corrupt JSON inside a record stops there with the byte offset, after loading what came before', async () => {
    const good = otlpRequest([otlpSpan({ spanId: 'aaaaaaaaaaaaaaa1' })]);
    const bad = '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId": nope}]}]}]}';
    const text = `${good}\n${bad}\n${good.replace('aaaaaaaaaaaaaaa1', 'aaaaaaaaaaaaaaa2')}\n`;
    const { report, spans } = await readText(text, 'lines.jsonl', 5);
    expect(spans.map((s) => s.spanId)).toEqual(['aaaaaaaaaaaaaaa1']);
    expect(report.format).toBe('otlp-jsonl');
    expect(report.failure?.message).toMatch(/^invalid JSON/);
    expect(report.failure?.byteOffset).toBe(good.length + 1 + '{"resourceSpans":['.length);
  });

  it('byte offsets count UTF-8 bytes, not characters', async () => {
    const text = `[{"traceId":"a","id":"b","name":"naïve ☃","timestamp":1,"duration":1}, oops]`;
    const { report } = await readText(text);
    expect(report.failure?.byteOffset).toBe(new TextEncoder().encode(text.slice(0, text.indexOf('oops'))).length);
  });
});

describe('compressed files', () => {
  const yelp = readFileSync(fixturePath('external/zipkin/yelp.json'));

  it('reads gzip', async () => {
    const { report, spans } = await readBytes(gzipSync(yelp), 'yelp.json.gz', 100);
    expect(report).toMatchObject({ compression: 'gzip', format: 'zipkin-json', failure: null });
    expect(spans).toHaveLength(16);
  });

  it('reads zstd', async () => {
    const { report, spans } = await readBytes(readFileSync(fixturePath('made/yelp.json.zst')), 'yelp.json.zst', 100);
    expect(report).toMatchObject({ compression: 'zstd', format: 'zipkin-json', failure: null });
    expect(spans).toHaveLength(16);
  });

  it('a truncated gzip file is reported as corrupt or truncated', async () => {
    const gz = gzipSync(Buffer.concat(Array.from({ length: 50 }, () => yelp)));
    const { report } = await readBytes(gz.subarray(0, Math.floor(gz.length / 2)), 'cut.json.gz');
    expect(report.failure?.message).toMatch(/gzip data is corrupt or truncated|ends in the middle/);
  });
});
