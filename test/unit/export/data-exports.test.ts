/**
 * The data exports on the real engine (duckdb-wasm Node host): a dataset as
 * Parquet, read back by native DuckDB (@duckdb/node-api, which has Parquet
 * built in); a trace as OTLP JSON, read back by our own reader; a trace's
 * critical path as Chrome Trace Event JSON, checked for what Perfetto and
 * speedscope need (finite times, properly nested threads).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import { datasetParquet, inKeyOrder, PARQUET_COLUMNS } from '../../../shared/engine/dataset-parquet.js';
import type { HopscopeEngine, TraceFileInput } from '../../../shared/engine/engine-api.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';
import { createTraceEngine } from '../../../shared/engine/trace-engine.js';
import type { TraceDetail } from '../../../shared/engine/views-api.js';
import { workerBatchProducer } from '../../../shared/engine/worker-batch-producer.js';
import { criticalPathChromeTrace, durationTo } from '../../../shared/export/chrome-trace.js';
import type { Attributes, Span } from '../../../shared/model/span.js';
import { readBytes, readFixture, readText } from '../../helpers/read-spans.js';

// ── A hand-made trace with every value type and the awkward shapes ─────────

const XSS = '<img src=x onerror=alert(1)>';
const T0 = 1_700_000_000_000_000_000n;
const TRACE_A = 'a1'.repeat(16);
const TRACE_B = 'b2'.repeat(16);
const at = (us: number) => String(T0 + BigInt(us) * 1000n);
const id = (n: number) => n.toString(16).padStart(16, '0');
const kv = (key: string, value: object) => ({ key, value });
const str = (stringValue: string) => ({ stringValue });
const WEB = { attributes: [kv('service.name', str('web')), kv('host.name', str('h1')), kv('process.pid', { intValue: '42' })] };
const span = (n: number, parent: number | null, name: string, kind: number, fromUs: number, toUs: number, extra: object = {}) => ({
  traceId: TRACE_A,
  spanId: id(n),
  ...(parent === null ? {} : { parentSpanId: id(parent) }),
  name,
  kind,
  startTimeUnixNano: at(fromUs),
  endTimeUnixNano: at(toUs),
  ...extra,
});

const MADE = {
  resourceSpans: [
    {
      resource: WEB,
      scopeSpans: [
        {
          scope: { name: 'web-lib', version: '1.2.3' },
          spans: [
            span(1, null, XSS, 2, 0, 10_000, {
              traceState: 'vendor=1',
              attributes: [
                kv('http.request.method', str('GET')),
                kv('http.response.status_code', { intValue: '503' }),
                kv('http.route', str('/x')),
                kv('note', str('say "hi"\n</script> ünï')),
                kv('big.int', { intValue: '9007199254740993' }),
                kv('neg.int', { intValue: '-12' }),
                kv('ratio', { doubleValue: 3.25 }),
                kv('flag', { boolValue: true }),
                kv('blob', { bytesValue: 'AAEC/w==' }),
                kv('list', { arrayValue: { values: [str('a'), { intValue: '1' }, { doubleValue: 1.5 }, { boolValue: false }] } }),
                kv('map', { kvlistValue: { values: [kv('inner', str('x')), kv('n', { intValue: '7' })] } }),
                kv('not.a.number', { doubleValue: 'NaN' }),
                kv('empty', {}),
              ],
              events: [
                {
                  timeUnixNano: at(2_000),
                  name: 'exception',
                  attributes: [kv('exception.type', str('Timeout')), kv('attempt', { intValue: '3' })],
                },
                { timeUnixNano: at(3_000), name: XSS },
              ],
              status: { code: 2, message: 'boom <b>' },
            }),
          ],
        },
        {
          scope: { name: 'http-client' },
          spans: [
            span(2, 1, 'GET /api', 3, 1_000, 9_000, {
              attributes: [kv('server.port', { intValue: '8080' }), kv('peer.service', str('api'))],
              links: [{ traceId: TRACE_B, spanId: id(9), attributes: [kv('link.reason', str('batch'))] }],
              status: { code: 1 },
            }),
          ],
        },
      ],
    },
    {
      resource: { attributes: [kv('service.name', str('api')), kv('region', str('eu'))] },
      scopeSpans: [
        {
          spans: [
            // A status code sent as a string does not fit its typed column: it stays a plain attribute.
            span(3, 2, 'handle', 2, 1_500, 8_500, { attributes: [kv('http.response.status_code', str('200'))] }),
            span(4, 3, 'SELECT "orders"', 3, 2_000, 5_000, {
              attributes: [kv('db.system.name', str('postgresql')), kv('db.query.text', str("SELECT * FROM orders WHERE id = '1'"))],
            }),
            span(8, 4, 'same window as its parent', 1, 2_000, 5_000),
            span(6, 3, 'cache', 3, 2_500, 4_500), // concurrent with the query
            span(5, 3, 'publish', 4, 5_000, 12_000), // outlives its parent and the root
            span(7, 3, 'zero', 1, 6_000, 6_000),
          ],
        },
      ],
    },
    {
      resource: WEB,
      scopeSpans: [
        {
          scope: { name: 'web-lib', version: '1.2.3' },
          spans: [{ ...span(9, null, 'consume', 5, 20_000, 25_000), traceId: TRACE_B, links: [{ traceId: TRACE_A, spanId: id(5) }] }],
        },
      ],
    },
  ],
};
const MADE_TEXT = JSON.stringify(MADE);

const memoryFile = (name: string, text: string): TraceFileInput => ({
  name,
  size: text.length,
  stream: async function* () {
    yield new TextEncoder().encode(text);
  },
});

// ── Engine and native DuckDB ────────────────────────────────────────────────

const OTLP_FIXTURES = [
  'otlp/otel-proto-example.json',
  'otlp/jaeger-apiv3-hotrod-gettrace.json',
  'otlp/jaeger-memory-otel-traces-01.json',
  'otlp/pair2-multi.otlp.json',
  'otlp/no-service-name.otlp.json',
  'jaeger/jaeger-ui01-all-tag-types.json',
];

let host: SqlHost;
let engine: HopscopeEngine;
let native: DuckDBConnection;
let closeNative: () => void;
let dir: string;

beforeAll(async () => {
  // The engine the app builds (createNodeEngine), with its host at hand for the chunking test.
  host = await createNodeSqlHost();
  engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
  await engine.load('sample', [fileInput('sample-traces/before-migration.otlp.jsonl.gz')]);
  await engine.load('made', [memoryFile('made.otlp.json', MADE_TEXT)]);
  for (const f of OTLP_FIXTURES) await engine.load(f, [fileInput(`test/fixtures/external/${f}`)]);
  // A second load into "sample": its span keys come after the other datasets', so the dataset's keys have a gap.
  await engine.load('sample', [fileInput('sample-traces/after-migration.otlp.jsonl.gz')]);
  await engine.load('empty', [memoryFile('empty.otlp.json', '{"resourceSpans":[]}')]);
  const instance = await DuckDBInstance.create(':memory:');
  native = await instance.connect();
  closeNative = () => {
    native.closeSync();
    instance.closeSync();
  };
  dir = mkdtempSync(path.join(tmpdir(), 'hopscope-exports-'));
});

afterAll(async () => {
  await engine?.close();
  closeNative?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** `sql` with {file} standing for read_parquet of `bytes` ({path} for its path), run by native DuckDB. */
async function onParquet(bytes: Uint8Array, sql: string): Promise<Record<string, unknown>[]> {
  const file = path.join(dir, `export-${files++}.parquet`);
  writeFileSync(file, bytes);
  const result = await native.runAndReadAll(sql.replaceAll('{file}', `read_parquet('${file}')`).replaceAll('{path}', `'${file}'`));
  return result.getRowObjectsJS() as Record<string, unknown>[];
}

const engineRows = async (sql: string) => (await engine.query(sql)).rows;

/** Every span's core fields in one checksum: the same SQL over the engine's table and over the Parquet file. */
const FINGERPRINT = (from: string) => `
SELECT count(*) AS n, md5(string_agg(concat_ws('|', trace_id, span_id, coalesce(parent_span_id, '-'), parent_follows_from, service, name,
  kind, start_ns, end_ns, duration_ns, status_code, coalesce(status_message, '-'), coalesce(scope_name, '-'),
  coalesce(CAST(http_response_status_code AS VARCHAR), '-'), coalesce(db_query_text, '-'), coalesce(http_route, '-'),
  event_count, link_count), chr(10) ORDER BY trace_id, span_id)) AS fp
FROM ${from}`;

// ── Parquet ─────────────────────────────────────────────────────────────────

describe('dataset as Parquet', () => {
  it('holds every span with the columns of `spans` (internal keys left out) and exactly its values', async () => {
    const bytes = await engine.exportParquet('sample');
    const summary = (await engine.datasets()).find((d) => d.dataset === 'sample')!;
    const described = await onParquet(bytes, 'DESCRIBE SELECT * FROM {file}');
    const types = Object.fromEntries(described.map((r) => [r.column_name as string, r.column_type as string]));
    const stored = await engineRows('DESCRIBE spans');
    const expected: Record<string, string> = {};
    for (const r of stored)
      if (!['span_key', 'file_id', 'resource_id'].includes(r.column_name as string))
        expected[r.column_name as string] = r.column_type as string;
    for (const json of ['attributes', 'resource_attributes', 'events', 'links']) expected[json] = 'JSON';
    expect(types).toEqual(expected);
    expect(Object.keys(types)).toEqual(PARQUET_COLUMNS.map((c) => c.name));

    const [fromFile] = await onParquet(bytes, FINGERPRINT("{file} WHERE dataset = 'sample'"));
    const [fromEngine] = await engineRows(FINGERPRINT("spans WHERE dataset = 'sample'"));
    expect(Number(fromFile!.n)).toBe(summary.spans);
    expect(fromFile!.fp).toBe(fromEngine!.fp);
  });

  it('carries the other attributes, the resource, events and links as JSON that adds up to the stored rows', async () => {
    const bytes = await engine.exportParquet('sample');
    const [counts] = await onParquet(
      bytes,
      `SELECT sum(json_array_length(json_keys(attributes))) AS attributes, sum(json_array_length(events)) AS events,
         sum(json_array_length(links)) AS links,
         count(*) FILTER (WHERE json_extract_string(resource_attributes, '$."service.name"') IS DISTINCT FROM service) AS wrong_service
       FROM {file}`,
    );
    const count = async (table: string) => Number((await engineRows(`SELECT count(*) AS n FROM ${table} WHERE dataset = 'sample'`))[0]!.n);
    expect(Number(counts!.attributes)).toBe(await count('span_attributes'));
    expect(Number(counts!.events)).toBe(await count('span_events'));
    expect(Number(counts!.events)).toBeGreaterThan(0);
    expect(Number(counts!.links)).toBe(await count('span_links'));
    expect(Number(counts!.wrong_service)).toBe(0);

    // One stored attribute, one event and one resource attribute, looked up on both sides.
    const [attr] = await engineRows(`
      SELECT s.trace_id, s.span_id, a.key, a.value FROM span_attributes a JOIN spans s USING (dataset, span_key)
      WHERE a.dataset = 'sample' AND a.type = 'string' ORDER BY s.span_id, a.key LIMIT 1`);
    const [event] = await engineRows(`
      SELECT s.span_id, e.time_ns, e.name, e.attributes_json FROM span_events e JOIN spans s USING (dataset, span_key)
      WHERE e.dataset = 'sample' ORDER BY s.span_id, e.time_ns LIMIT 1`);
    const [pod] = await engineRows(`
      SELECT s.span_id, r.value FROM resource_attributes r JOIN spans s USING (dataset, resource_id)
      WHERE r.dataset = 'sample' AND r.key = 'k8s.pod.name' ORDER BY s.span_id LIMIT 1`);
    const [fromFile] = await onParquet(
      bytes,
      `SELECT
         (SELECT json_extract_string(attributes, '$."${attr!.key}"') FROM {file} WHERE span_id = '${attr!.span_id}' AND trace_id = '${attr!.trace_id}') AS attribute,
         (SELECT json_extract(events, '$[0].time_ns')::BIGINT FROM {file} WHERE span_id = '${event!.span_id}') AS event_time,
         (SELECT json_extract_string(events, '$[0].name') FROM {file} WHERE span_id = '${event!.span_id}') AS event_name,
         (SELECT json_extract(events, '$[0].attributes')::VARCHAR FROM {file} WHERE span_id = '${event!.span_id}') AS event_attributes,
         (SELECT json_extract_string(resource_attributes, '$."k8s.pod.name"') FROM {file} WHERE span_id = '${pod!.span_id}') AS pod`,
    );
    expect(fromFile).toEqual({
      attribute: attr!.value,
      event_time: event!.time_ns,
      event_name: event!.name,
      event_attributes: event!.attributes_json,
      pod: pod!.value,
    });
  });

  it('writes every value type exactly, and text such as an HTML span name untouched', async () => {
    const rows = await onParquet(await engine.exportParquet('made'), `SELECT * FROM {file} ORDER BY span_id`);
    const byId = new Map(rows.map((r) => [r.span_id as string, r]));
    const root = byId.get(id(1))!;
    expect(root).toMatchObject({
      dataset: 'made',
      trace_id: TRACE_A,
      parent_span_id: null,
      name: XSS,
      kind: 'server',
      start_ns: T0,
      end_ns: T0 + 10_000_000n,
      duration_ns: 10_000_000n,
      status_code: 'error',
      status_message: 'boom <b>',
      trace_state: 'vendor=1',
      scope_name: 'web-lib',
      scope_version: '1.2.3',
      http_request_method: 'GET',
      http_response_status_code: 503n,
      http_route: '/x',
      event_count: 2,
      parent_follows_from: false,
    });
    // Promoted attributes are columns, not repeated in `attributes`; int64 beyond 2^53 is written digit for digit.
    expect(root.attributes).toBe(
      '{"big.int":9007199254740993,"blob":"AAEC/w==","empty":null,"flag":true,"list":["a",1,1.5,false],' +
        '"map":{"inner":"x","n":7},"neg.int":-12,"not.a.number":"NaN","note":"say \\"hi\\"\\n</script> ünï","ratio":3.25}',
    );
    expect(JSON.parse(root.resource_attributes as string)).toEqual({ 'service.name': 'web', 'host.name': 'h1', 'process.pid': 42 });
    expect(root.events).toBe(
      `[{"time_ns":${T0 + 2_000_000n},"name":"exception","attributes":{"exception.type":"Timeout","attempt":3}},` +
        `{"time_ns":${T0 + 3_000_000n},"name":${JSON.stringify(XSS)},"attributes":{}}]`,
    );
    expect(root.links).toBe('[]');

    const [exact] = await onParquet(
      await engine.exportParquet('made'),
      `SELECT json_extract(attributes, '$."big.int"')::UBIGINT AS big, json_extract(events, '$[0].time_ns')::BIGINT AS t FROM {file} WHERE span_id = '${id(1)}'`,
    );
    expect(exact).toEqual({ big: 9007199254740993n, t: T0 + 2_000_000n });

    expect(JSON.parse(byId.get(id(2))!.links as string)).toEqual([
      { trace_id: TRACE_B, span_id: id(9), follows_from: false, attributes: { 'link.reason': 'batch' } },
    ]);
    expect(byId.get(id(2))).toMatchObject({ scope_name: 'http-client', scope_version: null, server_port: 8080n, peer_service: 'api' });
    const handle = byId.get(id(3))!;
    expect(handle).toMatchObject({ http_response_status_code: null, scope_name: null, attributes: '{"http.response.status_code":"200"}' });
    expect(JSON.parse(handle.resource_attributes as string)).toEqual({ 'service.name': 'api', region: 'eu' });
    expect(byId.get(id(4))).toMatchObject({
      db_system_name: 'postgresql',
      db_query_text: "SELECT * FROM orders WHERE id = '1'",
      attributes: '{}',
    });
    expect(rows).toHaveLength(9);
  });

  it('says what it is in its metadata, and an empty dataset is a valid empty file', async () => {
    const meta = await onParquet(
      await engine.exportParquet('made'),
      `SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata({path})`,
    );
    expect(Object.fromEntries(meta.map((r) => [r.key, r.value]))).toMatchObject({
      'hopscope.format': 'hopscope-spans/1',
      'hopscope.dataset': 'made',
      'hopscope.spans': '9',
      'hopscope.description': expect.stringContaining('nanoseconds since the Unix epoch'),
    });
    const empty = await engine.exportParquet('empty');
    expect(await onParquet(empty, 'SELECT count(*) AS n FROM {file}')).toEqual([{ n: 0n }]);
    expect((await onParquet(empty, 'DESCRIBE SELECT * FROM {file}')).map((r) => r.column_name)).toEqual(PARQUET_COLUMNS.map((c) => c.name));
  });

  it('reads in chunks by span-key range: many row groups, across a gap in the keys, make the same file content', async () => {
    const whole = await datasetParquet(host, 'sample');
    const chunked = await datasetParquet(host, 'sample', 5_000);
    const n = Number((await engineRows(`SELECT count(*) AS n FROM spans WHERE dataset = 'sample'`))[0]!.n);
    const [a] = await onParquet(whole, FINGERPRINT('{file}'));
    const [b] = await onParquet(chunked, FINGERPRINT('{file}'));
    expect(b).toEqual(a);
    const [groups] = await onParquet(
      chunked,
      `SELECT count(DISTINCT row_group_id) AS groups, max(row_group_num_rows) AS biggest FROM parquet_metadata({path})`,
    );
    expect(Number(groups!.groups)).toBe(Math.ceil(n / 5_000));
    expect(Number(groups!.biggest)).toBe(5_000);
    // The JSON columns line up with their spans in every chunk, not only the first.
    const [json] = await onParquet(
      chunked,
      `SELECT count(*) FILTER (WHERE json_array_length(events) <> event_count OR json_array_length(links) <> link_count) AS misplaced FROM {file}`,
    );
    expect(Number(json!.misplaced)).toBe(0);
  });

  it('puts rows that come back out of key order in key order', () => {
    const sorted = inKeyOrder({
      length: 3,
      columns: { k: Float64Array.of(2, 0, 1), name: ['c', 'a', 'b'], n: BigInt64Array.of(3n, 1n, 2n) },
    });
    expect(sorted.columns).toEqual({ k: Float64Array.of(0, 1, 2), name: ['a', 'b', 'c'], n: BigInt64Array.of(1n, 2n, 3n) });
  });

  it('refuses a dataset that does not exist', async () => {
    await expect(engine.exportParquet('nope')).rejects.toThrow('there is no dataset "nope"');
  });
});

// ── OTLP JSON ───────────────────────────────────────────────────────────────

const sortedEntries = (attributes: Attributes) => [...attributes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** What a span says, independent of order: attributes sorted, events by time, the links' ref-type marker aside. */
function comparable(s: Span) {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    parentFollowsFrom: s.parentFollowsFrom,
    name: s.name,
    kind: s.kind,
    startNs: s.startNs,
    endNs: s.endNs,
    statusCode: s.statusCode,
    statusMessage: s.statusMessage,
    traceState: s.traceState,
    service: s.resource.service,
    resource: sortedEntries(s.resource.attributes),
    scope: s.scope,
    attributes: sortedEntries(s.attributes),
    events: [...s.events]
      .sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0))
      .map((e) => ({ timeNs: e.timeNs, name: e.name, attributes: sortedEntries(e.attributes) })),
    links: s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      followsFrom: l.followsFrom,
      attributes: sortedEntries(l.attributes).filter(([k]) => k !== 'opentracing.ref_type'),
    })),
  };
}

/** Each trace of `spans` exported and read back gives the same spans (the engine keeps the first of duplicate ids). */
async function expectRoundTrip(dataset: string, spans: Span[]): Promise<number> {
  const first = new Map<string, Span>();
  for (const s of spans) if (!first.has(`${s.traceId}/${s.spanId}`)) first.set(`${s.traceId}/${s.spanId}`, s);
  const traces = new Map<string, Span[]>();
  for (const s of first.values()) traces.set(s.traceId, [...(traces.get(s.traceId) ?? []), s]);
  for (const [traceId, original] of traces) {
    const { spans: back, report } = await readText(await engine.exportTraceOtlp(dataset, traceId), 'export.otlp.json');
    expect(report.format).toBe('otlp-json');
    const bySpan = (a: { spanId: string }, b: { spanId: string }) => (a.spanId < b.spanId ? -1 : 1);
    expect(back.map(comparable).sort(bySpan)).toEqual(original.map(comparable).sort(bySpan));
  }
  return traces.size;
}

describe('a trace as OTLP JSON', () => {
  it('reads back as the same spans: ids, parents, names, kinds, times, status, attributes of every type, events, links, resources', async () => {
    const { spans } = await readText(MADE_TEXT);
    expect(await expectRoundTrip('made', spans)).toBe(2);
  });

  it.each(OTLP_FIXTURES)('reads back as the same spans: %s', async (fixture) => {
    const { spans } = await readFixture(`external/${fixture}`);
    expect(await expectRoundTrip(fixture, spans)).toBeGreaterThan(0);
  });

  it('reads back as the same spans on generated traces with events, errors and many resources', async () => {
    const { spans } = await readBytes(new Uint8Array(readFileSync('sample-traces/before-migration.otlp.jsonl.gz')));
    const withEvents = [...new Set(spans.filter((s) => s.events.length > 0).map((s) => s.traceId))].slice(0, 3);
    const some = new Set([...withEvents, spans[0]!.traceId]);
    expect(
      await expectRoundTrip(
        'sample',
        spans.filter((s) => some.has(s.traceId)),
      ),
    ).toBe(some.size);
  });

  it('groups spans by resource and scope and writes the OTLP JSON encoding', async () => {
    const doc = JSON.parse(await engine.exportTraceOtlp('made', TRACE_A));
    const resources = doc.resourceSpans as {
      resource: { attributes: { key: string }[] };
      scopeSpans: { scope?: object; spans: Record<string, unknown>[] }[];
    }[];
    expect(resources.map((r) => r.resource.attributes[0])).toEqual([
      { key: 'service.name', value: { stringValue: 'web' } },
      { key: 'service.name', value: { stringValue: 'api' } },
    ]);
    expect(resources[0]!.scopeSpans.map((s) => s.scope)).toEqual([{ name: 'web-lib', version: '1.2.3' }, { name: 'http-client' }]);
    expect(resources[1]!.scopeSpans).toHaveLength(1);
    expect(resources[1]!.scopeSpans[0]!.scope).toBeUndefined();
    expect(resources[1]!.scopeSpans[0]!.spans).toHaveLength(6);
    const root = resources[0]!.scopeSpans[0]!.spans[0]!;
    expect(root).toMatchObject({
      traceId: TRACE_A,
      spanId: id(1),
      name: XSS,
      kind: 2,
      traceState: 'vendor=1',
      startTimeUnixNano: String(T0),
      endTimeUnixNano: String(T0 + 10_000_000n),
      status: { code: 2, message: 'boom <b>' },
    });
    expect(root.parentSpanId).toBeUndefined();
    const value = (key: string) => (root.attributes as { key: string; value: unknown }[]).find((a) => a.key === key)?.value;
    expect(value('http.response.status_code')).toEqual({ intValue: '503' });
    expect(value('big.int')).toEqual({ intValue: '9007199254740993' });
    expect(value('ratio')).toEqual({ doubleValue: 3.25 });
    expect(value('not.a.number')).toEqual({ doubleValue: 'NaN' });
    expect(value('blob')).toEqual({ bytesValue: 'AAEC/w==' });
    expect(value('list')).toEqual({
      arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { doubleValue: 1.5 }, { boolValue: false }] },
    });
    expect(value('map')).toEqual({
      kvlistValue: {
        values: [
          { key: 'inner', value: { stringValue: 'x' } },
          { key: 'n', value: { intValue: '7' } },
        ],
      },
    });
    expect(value('empty')).toEqual({});
    expect(root.events).toEqual([
      {
        timeUnixNano: String(T0 + 2_000_000n),
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'Timeout' } },
          { key: 'attempt', value: { intValue: '3' } },
        ],
      },
      { timeUnixNano: String(T0 + 3_000_000n), name: XSS, attributes: [] },
    ]);
  });

  it('writes a FOLLOWS_FROM link as the OpenTracing ref type, so it reads back as one', async () => {
    const traceId = (
      await engineRows(
        `SELECT DISTINCT s.trace_id FROM span_links l JOIN spans s USING (dataset, span_key) WHERE l.follows_from AND l.dataset = '${OTLP_FIXTURES[5]}'`,
      )
    )[0]!.trace_id as string;
    const { spans } = await readText(await engine.exportTraceOtlp(OTLP_FIXTURES[5]!, traceId));
    expect(spans.flatMap((s) => s.links.filter((l) => l.followsFrom))).toHaveLength(1);
  });

  it('refuses a trace that is not in the dataset', async () => {
    await expect(engine.exportTraceOtlp('made', 'ffff')).rejects.toThrow('trace ffff is not in dataset "made"');
  });
});

// ── Critical path as Chrome Trace Event JSON ────────────────────────────────

interface ChromeEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur: number;
  args: Record<string, unknown>;
}

/** The file's X events checked as Perfetto and speedscope read them (end = ts + dur, in doubles). */
function expectValidChromeTrace(json: string, detail: TraceDetail): void {
  const doc = JSON.parse(json) as { traceEvents: ChromeEvent[]; displayTimeUnit: string; otherData: Record<string, unknown> };
  expect(doc.displayTimeUnit).toBe('ms');
  expect(doc.otherData).toMatchObject({ traceId: detail.traceId, dataset: detail.dataset, traceStartNs: String(detail.startNs) });
  const complete = doc.traceEvents.filter((e) => e.ph === 'X');
  for (const e of complete) {
    expect(Number.isFinite(e.ts) && e.ts >= 0, `ts of ${e.name}`).toBe(true);
    expect(Number.isFinite(e.dur) && e.dur >= 0, `dur of ${e.name}`).toBe(true);
  }
  const named = new Set(doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.tid));
  for (const e of complete) expect(named.has(e.tid)).toBe(true);

  // Thread 1: the critical path, segments in time order that do not overlap and add up to the path's length.
  const critical = complete.filter((e) => e.tid === 1);
  expect(critical).toHaveLength(detail.criticalPath.segments.length);
  for (let i = 1; i < critical.length; i++) expect(critical[i]!.ts).toBeGreaterThanOrEqual(critical[i - 1]!.ts + critical[i - 1]!.dur);
  const lengthUs = (detail.criticalPath.end - detail.criticalPath.start) / 1000;
  const sum = critical.reduce((total, e) => total + e.dur, 0);
  expect(Math.abs(sum - lengthUs)).toBeLessThanOrEqual(1e-9 * Math.max(1, lengthUs));
  expect(critical.map((e) => e.args.spanId)).toEqual(detail.criticalPath.segments.map((s) => detail.spans.spanId[s.span]));

  // The other threads: every span once, and on each thread a span lies inside another only when that one is its parent.
  const spans = complete.filter((e) => e.tid !== 1);
  expect(spans.map((e) => e.args.spanId).sort()).toEqual([...detail.spans.spanId].sort());
  const threads = new Map<number, ChromeEvent[]>();
  for (const e of spans) threads.set(e.tid, [...(threads.get(e.tid) ?? []), e]);
  for (const events of threads.values()) {
    const open: ChromeEvent[] = [];
    // File order: by start, an enclosing span first.
    for (const e of events) {
      while (open.length > 0 && open.at(-1)!.ts + open.at(-1)!.dur <= e.ts) open.pop();
      const outer = open.at(-1);
      if (outer) {
        expect(e.ts).toBeGreaterThanOrEqual(outer.ts);
        expect(e.ts + e.dur).toBeLessThanOrEqual(outer.ts + outer.dur);
        expect(e.args.parentSpanId).toBe(outer.args.spanId);
      }
      open.push(e);
    }
  }
}

describe("a trace's critical path as Chrome Trace Event JSON", () => {
  it('is valid for Perfetto and speedscope on the hand-made trace: concurrent siblings, an async tail, zero and equal windows', async () => {
    const detail = await engine.trace('made', TRACE_A);
    const json = criticalPathChromeTrace(detail);
    expectValidChromeTrace(json, detail);
    const doc = JSON.parse(json) as { traceEvents: ChromeEvent[] };
    const span = (spanId: string) => doc.traceEvents.find((e) => e.ph === 'X' && e.tid !== 1 && e.args.spanId === spanId)!;
    expect(span(id(1)).name).toBe(`web: ${XSS}`);
    expect(span(id(1))).toMatchObject({ ts: 0, dur: 10_000, tid: 2 });
    // Nested where it is inside its parent; the concurrent sibling and the async tail start other threads.
    expect(span(id(4)).tid).toBe(2);
    expect(span(id(8)).tid).toBe(2);
    expect(span(id(6)).tid).not.toBe(2);
    expect(span(id(5)).tid).not.toBe(2);
    expect(span(id(7)).dur).toBe(0);
  });

  it('is valid on real traces, the slowest included', async () => {
    const rows = await engine.traces('sample');
    const slowest = [...rows].sort((a, b) => b.durationNs - a.durationNs).slice(0, 3);
    const widest = [...rows].sort((a, b) => b.spans - a.spans).slice(0, 2);
    for (const row of [...slowest, ...widest]) {
      const detail = await engine.trace('sample', row.traceId);
      expectValidChromeTrace(criticalPathChromeTrace(detail), detail);
    }
    const hotrod = await engine.traces(OTLP_FIXTURES[1]!);
    const detail = await engine.trace(OTLP_FIXTURES[1]!, hotrod[0]!.traceId);
    expectValidChromeTrace(criticalPathChromeTrace(detail), detail);
  });

  it('picks durations that never carry a reader past the end, and land on it when a double can', () => {
    // For these, start + (end − start) passes the end by an ulp in doubles (start is small against end).
    const past = [
      [809824797, 3543822674],
      [855984148, 21637727634],
      [411237856, 1606795772],
    ];
    for (const [startNs, endNs] of past) {
      const ts = startNs! / 1000;
      const end = endNs! / 1000;
      expect(ts + (end - ts)).toBeGreaterThan(end);
      expect(ts + durationTo(ts, end)).toBeLessThanOrEqual(end);
    }
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    let exact = 0;
    for (let i = 0; i < 100_000; i++) {
      const ts = Math.floor(random() * 1e9) / 1000;
      const end = ts + Math.floor(random() * 1e12) / 1000;
      const reached = ts + durationTo(ts, end);
      expect(reached).toBeLessThanOrEqual(end);
      // At most one double short.
      expect(end - reached).toBeLessThanOrEqual(end * Number.EPSILON);
      if (reached === end) exact++;
    }
    expect(exact).toBeGreaterThan(99_900);
    expect(durationTo(5, 5)).toBe(0);
  });
});
