/** The command line as users run it: a separate process, stdout and exit status checked. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/read-spans.js';
import { hopscope } from '../helpers/run-cli.js';

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

describe('hopscope critical-path', () => {
  const skew = fixturePath('external/zipkin/skew.json');
  interface PathJson {
    traces: {
      traceId: string;
      rootSpanId: string;
      orphan: boolean;
      durationNs: number;
      /** Epoch nanoseconds exceed JSON's exact integers: decimal strings. */
      segments: { spanId: string; service: string; operation: string; startNs: string; endNs: string }[];
      byOperation: { service: string; operation: string; exclusiveNs: number }[];
    }[];
  }

  it('prints one entry per root with segments that tile its duration', async () => {
    const { code, stdout } = await hopscope('critical-path', skew, '--json');
    expect(code).toBe(0);
    const { traces } = JSON.parse(stdout) as PathJson;
    expect(traces).toHaveLength(1);
    const [t] = traces;
    expect(t).toMatchObject({ orphan: false, durationNs: 99_411_000 });
    const segments = t!.segments.map((g) => [BigInt(g.startNs), BigInt(g.endNs)] as const);
    expect(Number(segments.at(-1)![1] - segments[0]![0])).toBe(t!.durationNs);
    for (let i = 1; i < segments.length; i++) expect(segments[i]![0]).toBe(segments[i - 1]![1]);
    expect(t!.byOperation.reduce((n, o) => n + o.exclusiveNs, 0)).toBe(t!.durationNs);
  });

  it('uses the recorded times with --clock raw, and picks one trace with --trace', async () => {
    const adjusted = JSON.parse((await hopscope('critical-path', skew, '--json')).stdout) as PathJson;
    const raw = JSON.parse((await hopscope('critical-path', skew, '--json', '--clock', 'raw', '--skew-tolerance', '0')).stdout) as PathJson;
    // The skewed child starts before its parent; adjusted, it moves inside and its time lands on the path.
    expect(raw.traces[0]!.segments.length).toBeLessThan(adjusted.traces[0]!.segments.length);
    const one = await hopscope('critical-path', skew, '--trace', 'nope', '--json');
    expect(one.code).toBe(1);
    expect(one.stderr).toMatch(/trace nope is not in/);
  });

  it('explains bad analysis options', async () => {
    const clock = await hopscope('critical-path', skew, '--clock', 'wall');
    expect([clock.code, clock.stderr]).toEqual([64, expect.stringMatching(/--clock is raw or adjusted/) as string]);
    const tolerance = await hopscope('analyze', skew, '--skew-tolerance', 'lots');
    expect([tolerance.code, tolerance.stderr]).toEqual([64, expect.stringMatching(/--skew-tolerance is a fraction/) as string]);
  });
});

describe('hopscope analyze', () => {
  const before = 'sample-traces/before-migration.otlp.jsonl.gz';

  it('prints the graph, hotspots and monolith indicators for people, and all of it as JSON', async () => {
    const text = await hopscope('analyze', before);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/longest synchronous chain: +median 6/);
    expect(text.stdout).toMatch(/inventory +SELECT stock +postgresql\/inventory-db +300/);
    expect(text.stdout).toMatch(/retry amplification: +up to 6\.0× on payment → payment-gateway/);
    const json = JSON.parse((await hopscope('analyze', before, '--json')).stdout) as { traces: number; graph: { edges: unknown[] } };
    expect(json.traces).toBe(300);
    expect(json.graph.edges.length).toBeGreaterThan(5);
  });

  it('analyses one trace with --trace, and shows its latency hop by hop', async () => {
    const trace = '4c16038a1d0c0e068759992f152013e4';
    const json = JSON.parse((await hopscope('analyze', before, '--trace', trace, '--json')).stdout) as { traces: number; spans: number };
    expect([json.traces, json.spans]).toEqual([1, 44]);
    const text = await hopscope('critical-path', before, '--trace', trace);
    expect(text.stdout).toMatch(/hops along the critical path/);
    // The walk goes gateway → order → inventory → payment → …, each with the overhead of the call into it.
    expect(text.stdout).toMatch(/order: [\d.]+ ms \+ [\d.]+ ms call overhead/);
    expect(text.stdout).toMatch(/payment-gateway \(not instrumented\)/);
  });
});

describe('hopscope compare', () => {
  const before = 'sample-traces/before-migration.otlp.jsonl.gz';
  const after = 'sample-traces/after-migration.otlp.jsonl.gz';

  it('prints the end-to-end change, the biggest changes and the calls that became async', async () => {
    const { code, stdout } = await hopscope('compare', before, '--vs', after);
    expect(code).toBe(0);
    expect(stdout).toMatch(/p99 +[\d.]+ s → [\d.]+ (s|ms) \(−\d+(\.\d+)?%, p=/);
    expect(stdout).toContain('Biggest changes');
    expect(stdout).toMatch(/order → inventory +orders\.placed/);
  });

  it('exits 1 when a regression rule holds, 0 when none does', async () => {
    // after → before: p99 goes up sharply, a regression.
    const worse = await hopscope('compare', after, '--vs', before, '--fail-on-regression', 'p99>10%');
    expect(worse.code).toBe(1);
    expect(worse.stdout).toMatch(/REGRESSION: p99>10% — p99 /);
    const better = await hopscope('compare', before, '--vs', after, '--fail-on-regression', 'p99>10%,errors>1%');
    expect(better.code).toBe(0);
    expect(better.stdout).toContain('ok: p99>10%');
  });

  it('gives JSON with the comparison and the rules’ outcomes', async () => {
    const { code, stdout } = await hopscope('compare', before, '--vs', after, '--json', '--fail-on-regression', 'p50>1ms');
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { endToEnd: { p99Ns: { a: number; b: number } }; regressions: { rule: string; holds: boolean }[] };
    expect(json.endToEnd.p99Ns.b).toBeLessThan(json.endToEnd.p99Ns.a);
    expect(json.regressions).toEqual([expect.objectContaining({ rule: 'p50>1ms', holds: false })]);
  });

  it('refuses a bad rule or a missing side with a usage error', async () => {
    expect((await hopscope('compare', before, '--vs', after, '--fail-on-regression', 'p99<10%')).code).toBe(64);
    const missing = await hopscope('compare', before);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toContain('--vs');
  });
});
