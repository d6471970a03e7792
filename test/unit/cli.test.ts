/** The command line as users run it: a separate process, stdout and exit status checked. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/read-spans.js';

const run = promisify(execFile);

async function hopscope(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['cli/hopscope.mjs', ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

interface LoadJson {
  files: {
    path: string;
    format: string | null;
    spans: number;
    rejected: number;
    problems: { reason: string; count: number; example: string }[];
    failure: unknown;
  }[];
  totals: { spans: number; traces: number; services: number; rejected: number };
}

describe('hopscope load', () => {
  it('prints exactly one JSON object with per-file reports and totals', async () => {
    const files = ['external/zipkin/yelp.json', 'external/otlp/jaeger-apiv3-hotrod-gettrace.json', 'external/jaeger/pair1.jaeger.json'].map(
      fixturePath,
    );
    const { code, stdout } = await hopscope('load', '--json', ...files);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as LoadJson;
    expect(parsed.files.map((f) => [f.format, f.spans, f.rejected])).toEqual([
      ['zipkin-json', 16, 0],
      ['otlp-json', 40, 0],
      ['jaeger-json', 1, 1],
    ]);
    expect(parsed.files[2]!.problems).toEqual([
      { reason: 'duplicate span', count: 1, example: expect.stringContaining('e127af99e3b3e074') as string },
    ]);
    expect(parsed.totals).toEqual({ spans: 57, traces: 3, services: 13, rejected: 1 });
  });

  it('loads every file of the sample folder, compressed JSON lines and protobuf', async () => {
    const { code, stdout } = await hopscope(
      'load',
      '--json',
      'sample-traces/before-migration.otlp.jsonl.gz',
      'sample-traces/before-migration.otlp.pb.gz',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as LoadJson;
    expect(parsed.files.map((f) => f.format)).toEqual(['otlp-jsonl', 'otlp-proto']);
    expect(parsed.files[0]!.spans).toBe(parsed.files[1]!.spans);
    expect(parsed.totals.traces).toBe(300);
  });

  it('exits 2 when a file cannot be read, still loading and reporting the others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hopscope-cli-'));
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{"resourceSpans": [ {"resource": ');
    const { code, stdout, stderr } = await hopscope(
      'load',
      '--json',
      broken,
      fixturePath('external/zipkin/skew.json'),
      path.join(dir, 'missing.json'),
    );
    expect(code).toBe(2);
    const parsed = JSON.parse(stdout) as LoadJson;
    expect(parsed.files[0]!.failure).toEqual({ message: expect.stringMatching(/truncated/) as string, byteOffset: 20 });
    expect(parsed.files[1]!.spans).toBe(4);
    expect(parsed.files[2]!.failure).toEqual({ message: expect.stringMatching(/ENOENT/) as string, byteOffset: 0 });
    expect(stderr).toContain(`${broken}: the content ends in the middle of a JSON value`);
  });

  it('prints a readable report by default', async () => {
    const { code, stdout } = await hopscope('load', fixturePath('external/zipkin/smartthings-oauth-authorization.json'));
    expect(code).toBe(0);
    expect(stdout).toContain('zipkin-json, 175 spans loaded, 0 rejected');
    expect(stdout).toContain('warning: 19 span(s) had no duration');
    expect(stdout).toMatch(/total: 175 spans in 1 trace from 8 services; 0 rejected/);
  });

  it('explains usage mistakes', async () => {
    const { code, stderr } = await hopscope('load', '--frobnicate', 'x.json');
    expect(code).toBe(64);
    expect(stderr).toContain('unknown option --frobnicate');
  });
});

describe('hopscope query', () => {
  const yelp = fixturePath('external/zipkin/yelp.json');

  it('prints a table, JSON or CSV', async () => {
    const sql =
      "SELECT service, count(*) AS spans FROM spans WHERE service IN ('mobile_api', 'yelp-main') GROUP BY service ORDER BY service";
    const table = await hopscope('query', yelp, '--sql', sql);
    expect(table.stdout.split('\n').slice(0, 4)).toEqual(['service     spans', '----------  -----', 'mobile_api  5', 'yelp-main   7']);
    const json = await hopscope('query', yelp, '--sql', sql, '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { service: 'mobile_api', spans: 5 },
      { service: 'yelp-main', spans: 7 },
    ]);
    const csv = await hopscope('query', yelp, '--sql', sql, '--csv');
    expect(csv.stdout).toBe('service,spans\nmobile_api,5\nyelp-main,7\n');
  });

  it('names each file its own dataset unless --dataset groups them', async () => {
    const skew = fixturePath('external/zipkin/skew.json');
    const sql = 'SELECT dataset, count(*) AS n FROM spans GROUP BY dataset ORDER BY dataset';
    expect(JSON.parse((await hopscope('query', yelp, skew, '--sql', sql, '--json')).stdout)).toEqual([
      { dataset: 'skew.json', n: 4 },
      { dataset: 'yelp.json', n: 16 },
    ]);
    expect(JSON.parse((await hopscope('query', yelp, skew, '--dataset', 'all', '--sql', sql, '--json')).stdout)).toEqual([
      { dataset: 'all', n: 20 },
    ]);
  });

  it('reports SQL errors on stderr with exit 1', async () => {
    const { code, stderr } = await hopscope('query', yelp, '--sql', 'SELECT nope FROM spans');
    expect(code).toBe(1);
    expect(stderr).toMatch(/nope/);
  });
});
