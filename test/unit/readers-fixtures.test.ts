/**
 * Every public fixture (test/fixtures/external, see its README) through the
 * real pipeline: the format is sniffed from content, every span is loaded or
 * rejected with a reason, and the results are pinned.
 */
import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/model/span.js';
import { readFileSync } from 'node:fs';
import { fixturePath, readFixture, readText } from '../helpers/read-spans.js';

interface Expected {
  file: string;
  format: string;
  loaded: number;
  rejected: Record<string, number>;
  services: string[];
}

// Rejections are real defects of the files: pair1 holds the same span twice (telemetrygen
// exported it twice); jaeger-ui01 reuses span id 0000000000000002 for two different spans.
const FIXTURES: Expected[] = [
  { file: 'otlp/otel-proto-example.json', format: 'otlp-json', loaded: 1, rejected: {}, services: ['my.service'] },
  {
    file: 'otlp/jaeger-apiv3-hotrod-gettrace.json',
    format: 'otlp-json',
    loaded: 40,
    rejected: {},
    services: ['customer', 'driver', 'frontend', 'mysql', 'redis-manual', 'route'],
  },
  { file: 'otlp/pair1.otlp.json', format: 'otlp-json', loaded: 1, rejected: { 'duplicate span': 1 }, services: ['telemetrygen'] },
  { file: 'otlp/pair2-multi.otlp.json', format: 'otlp-json', loaded: 4, rejected: {}, services: ['example-trace'] },
  { file: 'otlp/no-service-name.otlp.json', format: 'otlp-json', loaded: 1, rejected: {}, services: ['unknown_service'] },
  { file: 'otlp/jaeger-memory-otel-traces-01.json', format: 'otlp-json', loaded: 4, rejected: {}, services: ['service-x'] },
  {
    file: 'jaeger/jaeger-ui01-all-tag-types.json',
    format: 'jaeger-json',
    loaded: 4,
    rejected: { 'duplicate span': 1 },
    services: ['service-x', 'service-y'],
  },
  { file: 'jaeger/pair1.jaeger.json', format: 'jaeger-json', loaded: 1, rejected: { 'duplicate span': 1 }, services: ['telemetrygen'] },
  { file: 'jaeger/pair2-multi.jaeger.json', format: 'jaeger-json', loaded: 4, rejected: {}, services: ['example-trace'] },
  {
    file: 'zipkin/yelp.json',
    format: 'zipkin-json',
    loaded: 16,
    rejected: {},
    services: ['mobile_api', 'routing', 'spectre', 'unknown', 'yelp-main', 'yelp_main/api_proxy'],
  },
  {
    file: 'zipkin/smartthings-oauth-authorization.json',
    format: 'zipkin-json',
    loaded: 175,
    rejected: {},
    services: ['account', 'auth', 'bouncer', 'datamgmt', 'dove', 'paperboy', 'pusher', 'stlogin'],
  },
  { file: 'zipkin/messaging-kafka.json', format: 'zipkin-json', loaded: 28, rejected: {}, services: ['servicea', 'serviceb'] },
  { file: 'zipkin/messaging.json', format: 'zipkin-json', loaded: 4, rejected: {}, services: ['backend', 'frontend'] },
  { file: 'zipkin/skew.json', format: 'zipkin-json', loaded: 4, rejected: {}, services: ['servicea', 'serviceb'] },
  { file: 'zipkin/envoy.json', format: 'zipkin-json', loaded: 1, rejected: {}, services: ['unknown_service'] },
  { file: 'zipkin/simple-db-p6.json', format: 'zipkin-json', loaded: 5, rejected: {}, services: ['bootifulmeters'] },
  {
    file: 'zipkin/ascend.json',
    format: 'zipkin-json',
    loaded: 8,
    rejected: {},
    services: ['auth-service', 'content-service', 'mobile-gateway'],
  },
];

const byId = (spans: Span[], id: string) => spans.find((s) => s.spanId === id)!;

describe('public fixtures', () => {
  it.each(FIXTURES)('$file', async ({ file, format, loaded, rejected, services }) => {
    // A small chunk size pushes every record across chunk boundaries.
    const { report, spans } = await readFixture(`external/${file}`, 997);
    expect(report.failure).toBeNull();
    expect(report.format).toBe(format);
    expect(report.spansLoaded).toBe(loaded);
    expect(spans).toHaveLength(loaded);
    expect(Object.fromEntries(report.rejected.map((p) => [p.reason, p.count]))).toEqual(rejected);
    expect(report.spansRead).toBe(loaded + Object.values(rejected).reduce((a, b) => a + b, 0));
    expect([...new Set(spans.map((s) => s.service))].sort()).toEqual(services);
  });

  it('reads every OTLP field of the specification example', async () => {
    const [span] = (await readFixture('external/otlp/otel-proto-example.json')).spans;
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      name: "I'm a server span",
      kind: 'server',
      startNs: 1544712660000000000n,
      endNs: 1544712661000000000n,
      scope: { name: 'my.library', version: '1.0.0' },
    });
    expect(span!.attributes.get('my.span.attr')).toBe('some value');
  });

  it('keeps Jaeger tag types, logs, FOLLOWS_FROM and cross-trace references', async () => {
    const { spans } = await readFixture('external/jaeger/jaeger-ui01-all-tag-types.json');
    // The span with every tag type reuses an id, so it is rejected as a duplicate; read a copy with its own id.
    const trace = JSON.parse(readFileSync(fixturePath('external/jaeger/jaeger-ui01-all-tag-types.json'), 'utf8')) as {
      spans: { spanID: string }[];
    };
    trace.spans[1]!.spanID = '0000000000000009';
    const tagged = (await readText(JSON.stringify(trace))).spans.find((s) => s.spanId === '0000000000000009')!;
    expect(tagged.statusCode).toBe('error'); // error=true tag
    expect(tagged.attributes.has('error')).toBe(false);
    expect(tagged.attributes.get('peer.ipv4')).toBe(23456);
    expect(tagged.attributes.get('temperature')).toBe(72.5);
    expect(tagged.attributes.get('javascript_limit')).toBe(9223372036854775222n);
    expect(tagged.attributes.get('blob')).toEqual(new Uint8Array([0, 0, 48, 57]));
    const logged = spans.find((s) => s.events.length > 0)!;
    expect(logged.events.map((e) => e.name)).toEqual(['some-event', '']);
    const refs = byId(spans, '0000000000000004');
    expect(refs.parentSpanId).toBe('0000000000000002');
    expect(refs.links.map((l) => [l.traceId, l.spanId, l.followsFrom])).toEqual([
      ['00000000000000ff', '00000000000000ff', false],
      ['0000000000000001', '0000000000000002', true],
    ]);
  });

  it('keeps OTLP links and events, with the OpenTracing FOLLOWS_FROM flag', async () => {
    const { spans } = await readFixture('external/otlp/jaeger-memory-otel-traces-01.json');
    const span = spans.find((s) => s.links.length > 0)!;
    expect(span.links[0]).toMatchObject({ spanId: '0000000000000004', followsFrom: true });
    expect(span.links[1]).toMatchObject({ spanId: '00000000000000ff', followsFrom: false });
    expect(span.events[0]).toMatchObject({ name: 'testing-event', timeNs: 1485467191639875000n });
    expect(span.statusCode).toBe('error');
  });

  it('splits Zipkin shared client/server spans into a client and a child server span', async () => {
    const { spans } = await readFixture('external/zipkin/yelp.json');
    const client = byId(spans, '7a778764a0d0b594');
    const server = byId(spans, '7a778764a0d0b594:server');
    expect(client.kind).toBe('client');
    expect(server).toMatchObject({ kind: 'server', service: 'spectre', parentSpanId: '7a778764a0d0b594' });
    expect(client.attributes.get('peer.service')).toBe('spectre');
    expect(server.startNs).toBe(1571896375310740000n);
  });

  it('gives each server of a broadcast (one client id, several servers) its own span', async () => {
    const { spans } = await readFixture('external/zipkin/smartthings-oauth-authorization.json');
    const servers = spans.filter((s) => s.spanId.startsWith('9d2d35b746db84f3:server'));
    expect(servers).toHaveLength(5);
    expect(new Set(servers.map((s) => s.parentSpanId))).toEqual(new Set(['9d2d35b746db84f3']));
  });

  it('loads Zipkin spans without a duration as zero-length spans and says so', async () => {
    const { report, spans } = await readFixture('external/zipkin/smartthings-oauth-authorization.json');
    expect(report.warnings).toContain('19 span(s) had no duration and were loaded with a duration of 0');
    expect(spans.filter((s) => s.endNs === s.startNs).length).toBeGreaterThanOrEqual(19);
  });
});

/** Jaeger JSON keeps microseconds, so OTLP's nanoseconds can only agree down to the microsecond. */
const micros = (ns: bigint) => ns / 1000n;

/** The fields that must agree when two formats carry the same span. */
function comparable(s: Span) {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    service: s.service,
    name: s.name,
    kind: s.kind,
    startUs: micros(s.startNs),
    endUs: micros(s.endNs),
    statusCode: s.statusCode,
    statusMessage: s.statusMessage,
    scope: s.scope,
    attributes: Object.fromEntries(s.attributes),
    resource: Object.fromEntries(s.resource.attributes),
    events: s.events.map((e) => ({ name: e.name, timeUs: micros(e.timeNs), attributes: Object.fromEntries(e.attributes) })),
    links: s.links.map((l) => [l.traceId, l.spanId]),
  };
}

describe('the same traces as OTLP and as Jaeger JSON', () => {
  it.each(['pair1', 'pair2-multi'])('%s loads into identical spans', async (name) => {
    const otlp = await readFixture(`external/otlp/${name}.otlp.json`);
    const jaeger = await readFixture(`external/jaeger/${name}.jaeger.json`);
    const sort = (spans: Span[]) => spans.map(comparable).sort((a, b) => a.spanId.localeCompare(b.spanId));
    expect(sort(jaeger.spans)).toEqual(sort(otlp.spans));
    expect(jaeger.report.rejected).toEqual(otlp.report.rejected);
  });
});
