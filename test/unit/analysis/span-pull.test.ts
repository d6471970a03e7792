/**
 * The pull from DuckDB (loadSpanTable): parents resolved in SQL to row
 * keys, across loads and within one trace only, and numeric columns
 * arriving as typed arrays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost, spawnIngestWorker } from '../../../cli/duckdb-node-host.js';
import { loadSpanTable } from '../../../shared/analysis/load-span-table.js';
import { buildTraceTree, type TraceTree } from '../../../shared/analysis/model/trace-tree.js';
import type { HopscopeEngine, TraceFileInput } from '../../../shared/engine/engine-api.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';
import { createTraceEngine } from '../../../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../../../shared/engine/worker-batch-producer.js';

const T1 = '0000000000000001';
const T2 = '0000000000000002';

interface Z {
  trace: string;
  id: string;
  parent?: string;
  at: number;
  duration: number;
  service?: string;
}

function zipkinFile(name: string, spans: Z[]): TraceFileInput {
  const text = JSON.stringify(
    spans.map((s) => ({
      traceId: s.trace,
      id: s.id,
      ...(s.parent ? { parentId: s.parent } : {}),
      name: `op ${s.id}`,
      timestamp: 1_700_000_000_000_000 + s.at,
      duration: s.duration,
      localEndpoint: { serviceName: s.service ?? 'svc' },
    })),
  );
  return {
    name,
    size: text.length,
    stream: async function* () {
      yield new TextEncoder().encode(text);
    },
  };
}

let host: SqlHost;
let engine: HopscopeEngine;
beforeAll(async () => {
  host = await createNodeSqlHost();
  engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
  // Dataset "a" in two loads with another dataset in between, so its span keys have a gap.
  await engine.load('a', [
    zipkinFile('first.json', [
      { trace: T1, id: 'aaaaaaaaaaaaaaa1', at: 0, duration: 1000 },
      { trace: T1, id: 'aaaaaaaaaaaaaaa2', parent: 'aaaaaaaaaaaaaaa1', at: 100, duration: 300 },
    ]),
  ]);
  await engine.load('other', [
    zipkinFile('other.json', [
      { trace: T1, id: 'bbbbbbbbbbbbbbb1', at: 0, duration: 10 },
      { trace: T1, id: 'bbbbbbbbbbbbbbb2', parent: 'aaaaaaaaaaaaaaa1', at: 1, duration: 5 },
    ]),
  ]);
  await engine.load('a', [
    zipkinFile('second.json', [
      // child of a span loaded earlier
      { trace: T1, id: 'aaaaaaaaaaaaaaa3', parent: 'aaaaaaaaaaaaaaa1', at: 500, duration: 200 },
      // parent not in the data
      { trace: T1, id: 'aaaaaaaaaaaaaaa4', parent: 'ffffffffffffffff', at: 800, duration: 50 },
      // a parent id that exists, but in another trace: an orphan here
      { trace: T2, id: 'ccccccccccccccc1', parent: 'aaaaaaaaaaaaaaa1', at: 0, duration: 40 },
    ]),
  ]);
});
afterAll(async () => {
  await engine.close();
});

function parentOf(tree: TraceTree, spanId: string): string | null | 'missing' {
  const i = tree.table.spanId.indexOf(spanId);
  if (i < 0) throw new Error(`no span ${spanId}`);
  if (tree.parentMissing[i]) return 'missing';
  const p = tree.parent[i]!;
  return p < 0 ? null : tree.table.spanId[p]!;
}

describe('loadSpanTable', () => {
  it('resolves parents across loads of a dataset, and only within the span’s own trace', async () => {
    const tree = buildTraceTree(await loadSpanTable(host, { dataset: 'a' }));
    expect(tree.table.size).toBe(5);
    expect(tree.traceCount).toBe(2);
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa1')).toBeNull();
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa2')).toBe('aaaaaaaaaaaaaaa1');
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa3')).toBe('aaaaaaaaaaaaaaa1');
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa4')).toBe('missing');
    expect(parentOf(tree, 'ccccccccccccccc1')).toBe('missing');
    // Children of the root, by start time.
    const root = tree.table.spanId.indexOf('aaaaaaaaaaaaaaa1');
    const children = [...tree.childList.subarray(tree.childStart[root]!, tree.childStart[root + 1]!)].map((c) => tree.table.spanId[c]);
    expect(children).toEqual(['aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa3']);
  });

  it('pulls one trace with the same parents', async () => {
    const tree = buildTraceTree(await loadSpanTable(host, { dataset: 'a', traceId: T1 }));
    expect(tree.table.size).toBe(4);
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa3')).toBe('aaaaaaaaaaaaaaa1');
    expect(parentOf(tree, 'aaaaaaaaaaaaaaa4')).toBe('missing');
  });

  it('keeps datasets apart: the other dataset’s child of the same ids is its own orphan', async () => {
    const tree = buildTraceTree(await loadSpanTable(host, { dataset: 'other' }));
    expect(parentOf(tree, 'bbbbbbbbbbbbbbb2')).toBe('missing');
  });

  it('gives an empty table for an unknown dataset', async () => {
    const table = await loadSpanTable(host, { dataset: 'none' });
    expect(table.size).toBe(0);
    expect(buildTraceTree(table).traceCount).toBe(0);
  });
});

describe('queryColumns', () => {
  it('returns numeric columns spanning several Arrow chunks as typed arrays with every value', async () => {
    const { length, columns } = await host.queryColumns(
      'SELECT CAST(range AS INTEGER) AS i, CAST(range AS DOUBLE) / 4 AS d, CAST(range % 200 AS UTINYINT) AS u, range AS b FROM range(5000)',
    );
    expect(length).toBe(5000);
    expect(columns.i).toBeInstanceOf(Int32Array);
    expect(columns.d).toBeInstanceOf(Float64Array);
    expect(columns.u).toBeInstanceOf(Uint8Array);
    expect(columns.b).toBeInstanceOf(BigInt64Array);
    const i = columns.i as Int32Array;
    const d = columns.d as Float64Array;
    expect([i[0], i[2047], i[2048], i[4999]]).toEqual([0, 2047, 2048, 4999]);
    expect(d[4999]).toBe(4999 / 4);
    expect((columns.u as Uint8Array)[4999]).toBe(4999 % 200);
    expect((columns.b as BigInt64Array)[3000]).toBe(3000n);
  });
});
