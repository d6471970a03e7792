/**
 * Retries: attempts grouped into logical calls, amplification per edge, and
 * the compound amplification of retries across layers.
 * Timelines: one column = 1 ms; a bar runs from its | to its |; x = failed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../../cli/duckdb-node-host.js';
import { fileInput } from '../../../cli/node-files.js';
import { retries, type RetryOptions } from '../../../shared/analysis/hotspots/retries.js';
import { spanTableFrom, type SpanRow } from '../../../shared/analysis/model/span-table-builder.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';
import { loadSpanTable } from '../../../shared/analysis/load-span-table.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { createTraceEngine } from '../../../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../../../shared/engine/worker-batch-producer.js';

const MS = 1_000_000;
const PAY = 'POST /payments';

/** [operation, peer (the callee), start ms, end ms, more fields] */
type Call = [string, string, number, number, Partial<SpanRow>?];

/** An inventory SERVER span P (0-100 ms) whose children are the calls c0, c1, … */
function under(calls: Call[]): SpanRow[] {
  return [
    { spanId: 'P', service: 'inventory', name: 'ReserveStock', kind: 'server', start: 0, end: 100 * MS },
    ...calls.map(([name, peer, start, end, extra], i) => ({
      spanId: `c${i}`,
      parentSpanId: 'P',
      service: 'inventory',
      name,
      kind: 'client' as const,
      peer,
      start: start * MS,
      end: end * MS,
      ...extra,
    })),
  ];
}

const failed: Partial<SpanRow> = { error: true, httpStatus: 500 };
const ok: Partial<SpanRow> = { httpStatus: 201 };

interface Logical {
  spans: string[];
  failedAttempts: number;
  succeeded: boolean;
}

describe('retries: attempts and logical calls', () => {
  it.each<[string, SpanRow[], RetryOptions | undefined, Logical[], number]>([
    [
      // c0 POST /payments  |xx|        1-4   error, 500
      // c1 POST /payments       |==|   6-9   201
      'error, then success',
      under([
        [PAY, 'payment', 1, 4, failed],
        [PAY, 'payment', 6, 9, ok],
      ]),
      undefined,
      [{ spans: ['c0', 'c1'], failedAttempts: 1, succeeded: true }],
      2,
    ],
    [
      // c0 POST /payments  |??|        1-4   no status (the client gave up), no error recorded
      // c1 POST /payments       |==|   6-9   resend_count 1
      'resend_count without an error',
      under([
        [PAY, 'payment', 1, 4],
        [PAY, 'payment', 6, 9, { ...ok, resendCount: 1 }],
      ]),
      undefined,
      [{ spans: ['c0', 'c1'], failedAttempts: 0, succeeded: true }],
      2,
    ],
    [
      // c0 POST /payments  |xx|              1-4
      // c1 POST /payments      |xx|          5-8
      // c2 POST /payments          |xx|      9-12
      'three failures',
      under([
        [PAY, 'payment', 1, 4, failed],
        [PAY, 'payment', 5, 8, failed],
        [PAY, 'payment', 9, 12, failed],
      ]),
      undefined,
      [{ spans: ['c0', 'c1', 'c2'], failedAttempts: 3, succeeded: false }],
      3,
    ],
    [
      // c0 POST /payments  |==|        1-4   201
      // c1 POST /payments       |==|   6-9   201: two logical calls, nothing failed
      'no retry after a success',
      under([
        [PAY, 'payment', 1, 4, ok],
        [PAY, 'payment', 6, 9, ok],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments  |xx|        1-4   503, no error status on the span
      // c1 POST /payments       |==|   6-9
      'HTTP 5xx without an error status',
      under([
        [PAY, 'payment', 1, 4, { httpStatus: 503 }],
        [PAY, 'payment', 6, 9, ok],
      ]),
      undefined,
      [{ spans: ['c0', 'c1'], failedAttempts: 1, succeeded: true }],
      2,
    ],
    [
      // c0 POST /payments  |xx|        1-4   429 Too Many Requests
      // c1 POST /payments       |==|   6-9
      'HTTP 429',
      under([
        [PAY, 'payment', 1, 4, { httpStatus: 429 }],
        [PAY, 'payment', 6, 9, ok],
      ]),
      undefined,
      [{ spans: ['c0', 'c1'], failedAttempts: 1, succeeded: true }],
      2,
    ],
    [
      // c0 POST /payments  |--|        1-4   404: an answer, not a failure to retry
      // c1 POST /payments       |==|   6-9
      'HTTP 404 is not a failed attempt',
      under([
        [PAY, 'payment', 1, 4, { httpStatus: 404 }],
        [PAY, 'payment', 6, 9, ok],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments  |xxxxxx|    1-8   error
      // c1 POST /payments    |==|      3-6   overlaps c0: a hedged request, not a retry
      'an overlapping call after a failure',
      under([
        [PAY, 'payment', 1, 8, failed],
        [PAY, 'payment', 3, 6, ok],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments  |xx|        1-4   error
      // c1 GET /payments        |==|   6-9   another operation
      'a different operation after a failure',
      under([
        [PAY, 'payment', 1, 4, failed],
        ['GET /payments', 'payment', 6, 9, ok],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments → payment   |xx|        1-4   error
      // c1 POST /payments → ledger         |==|   6-9   another callee
      'the same operation on a different callee',
      under([
        [PAY, 'payment', 1, 4, failed],
        [PAY, 'ledger', 6, 9, ok],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments  |xx|        1-4   error
      // c1 POST /payments       |==|   6-9   resend_count 0: says it is a first send
      'an explicit resend_count of 0',
      under([
        [PAY, 'payment', 1, 4, failed],
        [PAY, 'payment', 6, 9, { ...ok, resendCount: 0 }],
      ]),
      undefined,
      [],
      1,
    ],
    [
      // c0 POST /payments  |xx|                  1-4   error
      // c1 GET /stock          |==|              5-8   other calls in between do not matter
      // c2 POST /payments          |==|          9-12  retry of c0
      // c3 POST /payments              |==|      13-16 after a success: a new logical call
      'a retry across another call, then a new logical call',
      under([
        [PAY, 'payment', 1, 4, failed],
        ['GET /stock', 'payment', 5, 8, ok],
        [PAY, 'payment', 9, 12, ok],
        [PAY, 'payment', 13, 16, ok],
      ]),
      undefined,
      [{ spans: ['c0', 'c2'], failedAttempts: 1, succeeded: true }],
      4 / 3,
    ],
    [
      // c0 POST /payments  |xxx|        1-5    error
      // c1 POST /payments      |===|    4.9-9  overlaps c0 by 0.1 ms (< 5 % of 4 ms)
      'a retry that overlaps within the tolerance',
      under([
        [PAY, 'payment', 1, 5, failed],
        [PAY, 'payment', 4.9, 9, ok],
      ]),
      undefined,
      [{ spans: ['c0', 'c1'], failedAttempts: 1, succeeded: true }],
      2,
    ],
    [
      // same timeline, no tolerance: c1 overlaps c0, so it is not a retry
      'the same overlap with the tolerance turned off',
      under([
        [PAY, 'payment', 1, 5, failed],
        [PAY, 'payment', 4.9, 9, ok],
      ]),
      { overlapToleranceNs: 0, overlapToleranceRatio: 0 },
      [],
      1,
    ],
  ])('%s', (_, rows, options, expected, amplification) => {
    const tree = buildTraceTree(spanTableFrom(rows));
    const result = retries(tree, options);
    const id = (s: number) => tree.table.spanId[s];
    expect(result.calls.map((c) => ({ spans: c.spans.map(id), failedAttempts: c.failedAttempts, succeeded: c.succeeded }))).toEqual(
      expected,
    );
    for (const c of result.calls) {
      expect(c).toMatchObject({
        parent: tree.find('t1', 'P'),
        service: 'inventory',
        operation: PAY,
        callee: 'payment',
        attempts: c.spans.length,
      });
    }
    const edge = result.edges.find((e) => e.service === 'inventory' && e.callee === 'payment');
    expect(edge?.amplification).toBeCloseTo(amplification, 9);
  });
});

/**
 * inventory retries POST /payments; each attempt reaches payment, which
 * charges the provider (uninstrumented: peer payment-gateway) with retries of
 * its own, and writes to its database once. `charges` says, per inventory
 * attempt, whether each provider attempt fails.
 */
function layered(traceId: string, charges: boolean[][]): SpanRow[] {
  const root: SpanRow = { traceId, spanId: 'R', service: 'inventory', name: 'ReserveStock', kind: 'server', start: 0, end: 0 };
  const rows = [root];
  let t = 1;
  charges.forEach((attempt, a) => {
    const failedAttempt = attempt[attempt.length - 1];
    const end = t + 3 + 3 * attempt.length;
    const common = { traceId, name: PAY, start: t * MS, end: end * MS, error: failedAttempt, httpStatus: failedAttempt ? 500 : 201 };
    rows.push({ ...common, spanId: `a${a}`, parentSpanId: 'R', service: 'inventory', kind: 'client', resendCount: a > 0 ? a : -1 });
    rows.push({ ...common, spanId: `s${a}`, parentSpanId: `a${a}`, service: 'payment', kind: 'server', start: (t + 1) * MS });
    rows.push({
      traceId,
      spanId: `d${a}`,
      parentSpanId: `s${a}`,
      service: 'payment',
      name: 'INSERT payments',
      kind: 'client',
      peer: 'postgresql/payment-db',
      start: (t + 1) * MS,
      end: (t + 2) * MS,
    });
    attempt.forEach((fails, g) => {
      const start = t + 2 + 3 * g;
      rows.push({
        traceId,
        spanId: `g${a}.${g}`,
        parentSpanId: `s${a}`,
        service: 'payment',
        name: 'POST /v1/charges',
        kind: 'client',
        peer: 'payment-gateway',
        start: start * MS,
        end: (start + 2) * MS,
        error: fails,
        ...(fails ? {} : { httpStatus: 201 }),
      });
    });
    t = end + 1;
  });
  root.end = t * MS;
  return rows;
}

const edgeSummary = (rows: SpanRow[]) =>
  retries(buildTraceTree(spanTableFrom(rows))).edges.map((e) => ({
    edge: `${e.service} → ${e.callee}`,
    calls: e.calls,
    logical: e.logicalCalls,
    retried: e.retriedCalls,
    amplification: e.amplification,
    compoundMax: e.compoundMax,
    compoundMean: e.compoundMean,
  }));

describe('retries: amplification across layers', () => {
  it('multiplies 3 × 3 = 9 on the provider', () => {
    // R  inventory          |=======================================|   0-40
    // a0 POST /payments      |xxxxxxxxxxx|                              1-13
    // s0   payment SERVER     |xxxxxxxxxx|                              2-13
    // d0     INSERT           ||                                        2-3
    // g0.*   charges           |x||x||x|                                3-5, 6-8, 9-11
    // a1 POST /payments                   |xxxxxxxxxxx|                 14-26   resend_count 1
    // s1   payment SERVER                  |xxxxxxxxxx|                 15-26
    // d1     INSERT                        ||                           15-16
    // g1.*   charges                        |x||x||x|                   16-18, 19-21, 22-24
    // a2 POST /payments                                |xxxxxxxxxxx|    27-39   resend_count 2
    // s2   payment SERVER                               |xxxxxxxxxx|    28-39
    // d2     INSERT                                     ||              28-29
    // g2.*   charges                                     |x||x||x|      29-31, 32-34, 35-37
    const all = [true, true, true];
    const rows = layered('t1', [all, all, all]);
    expect(edgeSummary(rows)).toEqual([
      { edge: 'payment → payment-gateway', calls: 9, logical: 3, retried: 3, amplification: 3, compoundMax: 9, compoundMean: 9 },
      { edge: 'inventory → payment', calls: 3, logical: 1, retried: 1, amplification: 3, compoundMax: 3, compoundMean: 3 },
      // No retries of its own, but each inventory attempt writes again: 3 × the load.
      { edge: 'payment → postgresql/payment-db', calls: 3, logical: 3, retried: 0, amplification: 1, compoundMax: 3, compoundMean: 3 },
    ]);
    const tree = buildTraceTree(spanTableFrom(rows));
    expect(retries(tree).calls.map((c) => [c.service, c.callee, c.attempts, c.failedAttempts, c.succeeded])).toEqual([
      ['inventory', 'payment', 3, 3, false],
      ['payment', 'payment-gateway', 3, 3, false],
      ['payment', 'payment-gateway', 3, 3, false],
      ['payment', 'payment-gateway', 3, 3, false],
    ]);
  });

  it('multiplies the average amplification of each layer when outcomes differ', () => {
    // a0 POST /payments      |xxxxxxxxxxx|          1-13   fails after 3 provider timeouts
    // g0.*  charges            |x||x||x|
    // a1 POST /payments                   |=====|   14-20  succeeds at once
    // g1.*  charges                         |=|
    // provider: 4 calls for 2 logical calls (amp 2); inventory → payment amp 2: compound 4,
    // and 4 calls is what reached the provider where 1 would have without retries.
    const rows = layered('t1', [[true, true, true], [false]]);
    expect(edgeSummary(rows).map((e) => [e.edge, e.calls, e.amplification, e.compoundMax])).toEqual([
      ['payment → payment-gateway', 4, 2, 4],
      ['inventory → payment', 2, 2, 2],
      ['payment → postgresql/payment-db', 2, 1, 2],
    ]);
  });

  it('takes the max and mean over root requests', () => {
    // t1: the 3 × 3 request above (compound 9 on the provider)
    // t2: one attempt, one charge, all fine (compound 1)
    const rows = [
      ...layered('t1', [
        [true, true, true],
        [true, true, true],
        [true, true, true],
      ]),
      ...layered('t2', [[false]]),
    ];
    const provider = edgeSummary(rows).find((e) => e.edge === 'payment → payment-gateway');
    expect(provider).toEqual({
      edge: 'payment → payment-gateway',
      calls: 10,
      logical: 4,
      retried: 3,
      amplification: 2.5,
      compoundMax: 9,
      compoundMean: 5,
    });
  });
});

describe('retries on the bundled before sample', () => {
  let engine: HopscopeEngine;
  let tree: TraceTree;
  beforeAll(async () => {
    const host = await createNodeSqlHost();
    engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
    await engine.load('before', [fileInput('sample-traces/before-migration.otlp.jsonl.gz')]);
    tree = buildTraceTree(await loadSpanTable(host, { dataset: 'before' }));
  });
  afterAll(async () => {
    await engine.close();
  });

  it('finds inventory retrying payment once and payment retrying the provider up to 3 times', () => {
    const result = retries(tree);
    const retried = result.edges.filter((e) => e.retriedCalls > 0).map((e) => `${e.service} → ${e.callee}`);
    expect(retried.sort()).toEqual(['inventory → payment', 'payment → payment-gateway']);
    const maxAttempts = (callee: string) => Math.max(...result.calls.filter((c) => c.callee === callee).map((c) => c.attempts));
    expect(maxAttempts('payment')).toBe(2);
    expect(maxAttempts('payment-gateway')).toBe(3);
    // Inventory only retries a payment that failed, i.e. one whose 3 provider attempts all timed out.
    for (const c of result.calls.filter((call) => call.callee === 'payment')) expect(c.failedAttempts).toBeGreaterThanOrEqual(1);
    // 2 inventory attempts × 3 provider attempts under each: 6 calls where 1 was asked for.
    const provider = result.edges.find((e) => e.callee === 'payment-gateway')!;
    expect(provider.amplification).toBeGreaterThan(1);
    expect(provider.compoundMax).toBe(6);
  });
});
