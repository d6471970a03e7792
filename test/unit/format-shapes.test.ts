/** Every container shape each format comes in, read from content alone. */
import { describe, expect, it } from 'vitest';
import { readText } from '../helpers/read-spans.js';

const jaegerSpan = (spanID: string) => ({
  traceID: 'abc',
  spanID,
  operationName: 'op',
  startTime: 10,
  duration: 5,
  processID: 'p1',
  tags: [],
});
const jaegerTrace = { traceID: 'abc', spans: [jaegerSpan('s1'), jaegerSpan('s2')], processes: { p1: { serviceName: 'svc', tags: [] } } };
const zipkinSpan = (id: string) => ({ traceId: 'abc', id, name: 'op', timestamp: 10, duration: 5, localEndpoint: { serviceName: 'svc' } });
const otlpRequest = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
      scopeSpans: [{ spans: [{ traceId: 'abc', spanId: 's1', name: 'op', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }],
    },
  ],
};

describe.each([
  ['OTLP request', JSON.stringify(otlpRequest), 'otlp-json', 1],
  ['OTLP JSON lines', `${JSON.stringify(otlpRequest)}\n${JSON.stringify(otlpRequest).replace('"s1"', '"s2"')}\n`, 'otlp-jsonl', 2],
  ['OTLP array of requests', JSON.stringify([otlpRequest]), 'otlp-json', 1],
  ['Jaeger v2 API response', JSON.stringify({ result: otlpRequest }), 'otlp-json', 1],
  ['Jaeger {"data": [traces]}', JSON.stringify({ data: [jaegerTrace], total: 0, limit: 0, errors: null }), 'jaeger-json', 2],
  ['Jaeger {"data": trace}', JSON.stringify({ data: jaegerTrace }), 'jaeger-json', 2],
  ['Jaeger single trace, processes last', JSON.stringify(jaegerTrace), 'jaeger-json', 2],
  ['Jaeger array of traces', JSON.stringify([jaegerTrace]), 'jaeger-json', 2],
  [
    'Jaeger JSON lines',
    `${JSON.stringify(jaegerTrace)}\n${JSON.stringify({ ...jaegerTrace, traceID: 'def', spans: [{ ...jaegerSpan('s1'), traceID: 'def' }] })}\n`,
    'jaeger-json',
    3,
  ],
  ['Zipkin spans', JSON.stringify([zipkinSpan('a'), zipkinSpan('b')]), 'zipkin-json', 2],
  ['Zipkin traces', JSON.stringify([[zipkinSpan('a')], [{ ...zipkinSpan('b'), traceId: 'def' }]]), 'zipkin-json', 2],
])('%s', (_name, text, format, spans) => {
  it(`reads as ${format} with ${spans} spans, in any chunking`, async () => {
    for (const chunk of [text.length, 3]) {
      const result = await readText(text, 'x', chunk);
      expect(result.report.failure).toBeNull();
      expect(result.report.format).toBe(format);
      expect(result.spans).toHaveLength(spans);
      expect(result.spans.every((s) => s.service === 'svc')).toBe(true);
    }
  });
});

describe('Jaeger references', () => {
  it('a FOLLOWS_FROM-only span hangs under that parent, flagged as not waited for', async () => {
    const child = { ...jaegerSpan('s2'), references: [{ refType: 'FOLLOWS_FROM', traceID: 'abc', spanID: 's1' }] };
    const { spans } = await readText(JSON.stringify({ ...jaegerTrace, spans: [jaegerSpan('s1'), child] }));
    expect(spans[1]).toMatchObject({ parentSpanId: 's1', parentFollowsFrom: true, links: [] });
  });
});

describe('a UTF-8 byte order mark', () => {
  it('is skipped, and still counted in byte offsets', async () => {
    const text = `\uFEFF${JSON.stringify([zipkinSpan('a')]).slice(0, -1)}, oops]`;
    const { report, spans } = await readText(text);
    expect(report.format).toBe('zipkin-json');
    expect(spans).toHaveLength(1);
    expect(report.failure?.byteOffset).toBe(new TextEncoder().encode(text.slice(0, text.indexOf('oops'))).length);
  });
});
