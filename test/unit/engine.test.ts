/** The engine over the real duckdb-wasm Node host: datasets, tables, reports, cancel. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../cli/duckdb-node-host.js';
import { fileInput } from '../../cli/node-files.js';
import { DATASET_TABLES } from '../../shared/db/schema.sql.js';
import type { HopscopeEngine, TraceFileInput } from '../../shared/engine/engine-api.js';
import { fixturePath } from '../helpers/read-spans.js';

const memoryFile = (name: string, text: string): TraceFileInput => ({
  name,
  size: text.length,
  stream: async function* () {
    yield new TextEncoder().encode(text);
  },
});

let engine: HopscopeEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const one = async (sql: string) => (await engine.query(sql)).rows[0]!;

describe('trace engine', () => {
  it('loads datasets side by side and summarises them', async () => {
    await engine.load('before', [fileInput('sample-traces/before-migration.otlp.jsonl.gz')]);
    await engine.load('after', [fileInput('sample-traces/after-migration.otlp.pb.gz')]);
    const summaries = await engine.datasets();
    expect(summaries.map((d) => d.dataset)).toEqual(['before', 'after']);
    for (const d of summaries) {
      expect(d.traces).toBe(300);
      expect(d.spans).toBeGreaterThan(d.traces * 20);
      expect(d.startNs).not.toBeNull();
    }
    const services = (await engine.services('before')).map((s) => s.service);
    expect(services).toEqual(expect.arrayContaining(['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification']));
    const reports = await engine.fileReports('after');
    expect(reports).toMatchObject([{ format: 'otlp-proto', compression: 'gzip', failure: null, rejected: [] }]);
  });

  it('stores promoted semantic-convention attributes in typed columns and the rest as rows', async () => {
    const row = await one(`
      SELECT count(*) FILTER (WHERE db_system_name = 'postgresql') AS pg,
             count(*) FILTER (WHERE http_response_status_code >= 500) AS server_errors,
             count(*) FILTER (WHERE http_request_resend_count > 0) AS resends
      FROM spans WHERE dataset = 'before'`);
    expect(Number(row.pg)).toBeGreaterThan(0);
    expect(Number(row.server_errors)).toBeGreaterThan(0);
    expect(Number(row.resends)).toBeGreaterThan(0);
    const promotedAsRows = await one(`SELECT count(*) AS n FROM span_attributes WHERE key IN ('db.system.name', 'http.request.method')`);
    expect(Number(promotedAsRows.n)).toBe(0);
    const links = await one(`
      SELECT count(*) AS n FROM span_links l JOIN spans s USING (dataset, span_key)
      WHERE l.dataset = 'after' AND s.kind = 'consumer'`);
    expect(Number(links.n)).toBeGreaterThan(0);
    const resources = await one(`SELECT count(*) AS n FROM resource_attributes WHERE dataset = 'before' AND key = 'k8s.pod.name'`);
    expect(Number(resources.n)).toBeGreaterThan(0);
  });

  it('the same spans from JSON lines and protobuf make the same rows', async () => {
    await engine.load('before-pb', [fileInput('sample-traces/before-migration.otlp.pb.gz')]);
    const diff = await one(`
      SELECT count(*) AS n FROM (
        (SELECT trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, status_code, db_query_text FROM spans WHERE dataset = 'before'
         EXCEPT ALL
         SELECT trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, status_code, db_query_text FROM spans WHERE dataset = 'before-pb')
        UNION ALL
        (SELECT trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, status_code, db_query_text FROM spans WHERE dataset = 'before-pb'
         EXCEPT ALL
         SELECT trace_id, span_id, parent_span_id, service, name, kind, start_ns, end_ns, status_code, db_query_text FROM spans WHERE dataset = 'before'))`);
    expect(Number(diff.n)).toBe(0);
    await engine.removeDataset('before-pb');
  });

  it('counts spans whose parent is missing, and rejects duplicates across files of a dataset', async () => {
    const result = await engine.load('fixtures', [
      fileInput(fixturePath('external/otlp/jaeger-memory-otel-traces-01.json')),
      fileInput(fixturePath('external/otlp/pair1.otlp.json')),
      fileInput(fixturePath('external/jaeger/pair1.jaeger.json')),
    ]);
    expect(result.files.map((f) => [f.spansLoaded, f.missingParent])).toEqual([
      [4, 4],
      [1, 1],
      [0, 0],
    ]);
    expect(result.files[2]!.rejected).toEqual([{ reason: 'duplicate span', count: 2, example: expect.any(String) as string }]);
    const row = await one(`SELECT sum(missing_parent) AS m, sum(spans_rejected) AS r FROM files WHERE dataset = 'fixtures'`);
    expect([Number(row.m), Number(row.r)]).toEqual([5, 3]);
  });

  it('removes a dataset from every table', async () => {
    await engine.removeDataset('fixtures');
    for (const table of DATASET_TABLES) {
      expect(Number((await one(`SELECT count(*) AS n FROM ${table} WHERE dataset = 'fixtures'`)).n)).toBe(0);
    }
    expect((await engine.datasets()).map((d) => d.dataset)).toEqual(['before', 'after']);
  });

  it('cancelling a load leaves nothing of it behind', async () => {
    const controller = new AbortController();
    const bytes = readFileSync('sample-traces/before-migration.otlp.jsonl.gz');
    const slow: TraceFileInput = {
      name: 'slow.jsonl.gz',
      stream: async function* () {
        for (let i = 0; i < bytes.length; i += 4096) {
          if (i === 4096 * 20) controller.abort();
          yield bytes.subarray(i, i + 4096);
        }
      },
    };
    await expect(engine.load('cancelled', [slow], { signal: controller.signal })).rejects.toThrow();
    expect(Number((await one(`SELECT count(*) AS n FROM spans WHERE dataset = 'cancelled'`)).n)).toBe(0);
    expect(Number((await one(`SELECT count(*) AS n FROM files WHERE dataset = 'cancelled'`)).n)).toBe(0);
  });

  it('reports progress in bytes and spans', async () => {
    const seen: number[] = [];
    await engine.load('progress', [fileInput('sample-traces/after-migration.otlp.jsonl.gz')], {
      onProgress: (p) => seen.push(p.spansLoaded),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(Number((await one(`SELECT count(*) AS n FROM spans WHERE dataset = 'progress'`)).n));
  });

  it('runs loads that start together one after the other, each with its own keys', async () => {
    const [a, b] = await Promise.all([
      engine.load('together-a', [fileInput(fixturePath('external/zipkin/yelp.json'))]),
      engine.load('together-b', [fileInput(fixturePath('external/zipkin/yelp.json'))]),
    ]);
    expect([a.files[0]!.spansLoaded, b.files[0]!.spansLoaded]).toEqual([16, 16]);
    const keys = await one(`SELECT count(DISTINCT span_key) AS k, count(DISTINCT file_id) AS f FROM spans WHERE dataset LIKE 'together-%'`);
    expect([Number(keys.k), Number(keys.f)]).toEqual([32, 2]);
  });

  it('stores a file it cannot read with its failure, and still loads the good one', async () => {
    const result = await engine.load('mixed', [
      memoryFile('broken.json', '{"resourceSpans": [ {"resource": '),
      fileInput(fixturePath('external/zipkin/skew.json')),
    ]);
    expect(result.files[0]!.failure).toEqual({ message: expect.stringMatching(/truncated/) as string, byteOffset: 20 });
    expect(result.files[1]!.spansLoaded).toBe(4);
    expect((await engine.fileReports('mixed')).map((r) => r.path)).toEqual(['broken.json', fixturePath('external/zipkin/skew.json')]);
  });
});
