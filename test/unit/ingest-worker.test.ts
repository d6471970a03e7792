/**
 * Parsing in an ingest worker: the same rows as parsing in process, the
 * protocol's back-pressure, and what happens when a load is cancelled or the
 * worker fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../cli/duckdb-node-host.js';
import { fileInput } from '../../cli/node-files.js';
import type { HopscopeEngine, TraceFileInput } from '../../shared/engine/engine-api.js';
import type { FromIngestWorker, IngestWorkerHandle, ToIngestWorker } from '../../shared/engine/ingest-worker-protocol.js';
import { TABLES_IN_FLIGHT } from '../../shared/engine/ingest-worker-protocol.js';
import { createTraceEngine } from '../../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../../shared/engine/worker-batch-producer.js';
import { SpanIdSet } from '../../shared/ingest/span-id-set.js';
import { serveIngestWorker } from '../../shared/ingest/ingest-worker-service.js';
import type { TableBatch } from '../../shared/db/span-batch.js';
import { fixturePath } from '../helpers/read-spans.js';

const FILES = [
  'sample-traces/before-migration.otlp.jsonl.gz',
  'sample-traces/after-migration.otlp.pb.gz',
  fixturePath('external/jaeger/pair1.jaeger.json'),
  fixturePath('external/zipkin/yelp.json'),
];

/** Every table's rows, in a stable order, for comparing two engines. */
async function dump(engine: HopscopeEngine): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of [
    ['spans', 'span_key'],
    ['span_attributes', 'span_key, key'],
    ['span_events', 'span_key, time_ns, name'],
    ['span_links', 'span_key, linked_trace_id, linked_span_id'],
    ['resources', 'resource_id'],
    ['resource_attributes', 'resource_id, key'],
    ['files', 'file_id'],
  ] as const) {
    out[table] = (await engine.query(`SELECT * FROM ${table} ORDER BY ${order}`)).rows;
  }
  return out;
}

describe('loading through the ingest worker', () => {
  let inWorker: HopscopeEngine;
  let inProcess: HopscopeEngine;
  let spawned = 0;
  beforeAll(async () => {
    // As createNodeEngine() builds it, counting the workers it starts.
    inWorker = await createTraceEngine(
      await createNodeSqlHost(),
      workerBatchProducer(() => {
        spawned++;
        return spawnIngestWorker();
      }),
    );
    inProcess = await createTraceEngine(await createNodeSqlHost());
  });
  afterAll(async () => {
    await inWorker.close();
    await inProcess.close();
  });

  it('stores exactly the rows that parsing in process stores', async () => {
    for (const engine of [inWorker, inProcess]) {
      await engine.load('a', FILES.slice(0, 2).map(fileInput));
      await engine.load('b', FILES.slice(2).map(fileInput));
      // Loading the same file again into a dataset rejects every span as a duplicate, in the worker too.
      const again = await engine.load('a', [fileInput(FILES[0]!)]);
      expect(again.files[0]!.rejected).toEqual([{ reason: 'duplicate span', count: 13_324, example: expect.any(String) as string }]);
    }
    const [worker, process] = [await dump(inWorker), await dump(inProcess)];
    // pair1.jaeger.json holds one span twice (a defect of the fixture): one of its two is loaded.
    expect(worker.spans!.length).toBe(13_324 + 8_178 + 1 + 16);
    expect(worker).toEqual(process);
    expect(spawned).toBe(1);
  });

  it('reports a file it cannot open as that file failing, and loads the rest', async () => {
    const result = await inWorker.load('missing', [fileInput('no/such/trace.json'), fileInput(FILES[3]!)]);
    expect(result.files[0]!.failure?.message).toMatch(/no such file.*no\/such\/trace\.json/);
    expect(result.files[1]!.spansLoaded).toBe(16);
  });

  it('cancelling leaves nothing behind, and the next load starts a fresh worker', async () => {
    const controller = new AbortController();
    const load = inWorker.load('cancelled', [fileInput(FILES[0]!)], {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(load).rejects.toThrow(/abort/i);
    const left = await inWorker.query(`SELECT count(*) AS n FROM spans WHERE dataset = 'cancelled'`);
    expect(Number(left.rows[0]!.n)).toBe(0);
    const next = await inWorker.load('after-cancel', [fileInput(FILES[3]!)]);
    expect(next.files[0]!.spansLoaded).toBe(16);
    expect(spawned).toBe(2);
  });
});

/** The two ends of the protocol wired together in one thread, as a worker would be. */
function pairedWorker(
  open: (name: string) => Uint8Array[],
  log: { posted: number; acked: number; maxInFlight: number },
): IngestWorkerHandle {
  let toEngine: ((m: FromIngestWorker) => void) | null = null;
  let toWorker: ((m: ToIngestWorker) => void) | null = null;
  serveIngestWorker(
    {
      post(message) {
        if (message.type === 'tables') {
          log.posted++;
          log.maxInFlight = Math.max(log.maxInFlight, log.posted - log.acked);
        }
        setTimeout(() => toEngine?.(structuredClone(message)), 0);
      },
      listen: (onMessage) => (toWorker = onMessage),
    },
    (file) => {
      // Opened at once, so that a failing open is a failure of the worker, not a file that fails to read.
      const chunks = open(file.name);
      return (async function* () {
        yield* chunks;
      })();
    },
  );
  return {
    post(message) {
      if (message.type === 'ack') log.acked++;
      setTimeout(() => toWorker?.(message), 0);
    },
    listen: (onMessage) => (toEngine = onMessage),
    terminate() {},
  };
}

describe('worker batch producer', () => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: 'a'.repeat(32),
                    spanId: i.toString(16).padStart(16, '0'),
                    name: 'op',
                    startTimeUnixNano: '1',
                    endTimeUnixNano: '2',
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).join('\n');
  const file = (name: string): TraceFileInput => ({ name, stream: () => [], transferable: { handle: name } }) as unknown as TraceFileInput;
  const job = () => ({ dataset: 'd', firstFileId: 1, firstResourceId: 1, firstSpanKey: 1n, seen: new SpanIdSet(), batchSpans: 100 });

  it('never runs more than TABLES_IN_FLIGHT batches ahead of a slow database', async () => {
    const log = { posted: 0, acked: 0, maxInFlight: 0 };
    const text = new TextEncoder().encode(lines(2000));
    // Chunks small enough that batch boundaries are reached once the first 64 KiB (read whole to sniff the format) are past.
    const chunks = Array.from({ length: Math.ceil(text.length / 4096) }, (_, i) => text.subarray(i * 4096, (i + 1) * 4096));
    const producer = workerBatchProducer(() => pairedWorker(() => chunks, log));
    const inserted: TableBatch[][] = [];
    const reports: unknown[] = [];
    await producer.produce([file('x.jsonl')], job(), {
      tables: async (t) => {
        inserted.push(t);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
      fileDone: async (_i, report) => void reports.push(report),
      progress: () => {},
    });
    const spans = inserted.flat().filter((t) => t.table === 'spans');
    expect(spans.reduce((n, t) => n + t.rows, 0)).toBe(2000);
    expect(spans.length).toBeGreaterThanOrEqual(10);
    expect(log.maxInFlight).toBe(TABLES_IN_FLIGHT);
    expect(reports).toMatchObject([{ path: 'x.jsonl', spansLoaded: 2000 }]);
  });

  it('turns a failure in the worker into a rejected load that names it', async () => {
    const log = { posted: 0, acked: 0, maxInFlight: 0 };
    const producer = workerBatchProducer(() =>
      pairedWorker(() => {
        throw new Error('disk on fire');
      }, log),
    );
    const sink = { tables: async () => {}, fileDone: async () => {}, progress: () => {} };
    await expect(producer.produce([file('x.jsonl')], job(), sink)).rejects.toThrow('reading the trace files failed: disk on fire');
  });
});
