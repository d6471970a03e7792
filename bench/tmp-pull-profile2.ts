import { createNodeSqlHost, spawnIngestWorker } from '../cli/duckdb-node-host.js';
import { fileInput } from '../cli/node-files.js';
import { createTraceEngine } from '../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../shared/engine/worker-batch-producer.js';
const file = process.argv[2]!;
const host = await createNodeSqlHost();
const engine = await createTraceEngine(host, workerBatchProducer(spawnIngestWorker));
await engine.load('bench', [fileInput(file)]);
const t = async (label: string, f: () => Promise<unknown>) => {
  const s = performance.now();
  const r = await f();
  console.log(label, (performance.now() - s).toFixed(0), 'ms');
  return r;
};
const J = `FROM spans s LEFT JOIN spans p ON p.dataset = s.dataset AND p.trace_id = s.trace_id AND p.span_id = s.parent_span_id WHERE s.dataset='bench'`;
for (let round = 0; round < 2; round++) {
  await t('join count', () => host.query(`SELECT count(p.span_key) ${J}`));
  await t('join cols', () => host.queryColumns(`SELECT s.span_key, coalesce(p.span_key, -1) AS parent_key ${J}`));
  await t('span_id only', () => host.queryColumns(`SELECT span_id FROM spans WHERE dataset='bench'`));
  await t('span_id count', () => host.query(`SELECT count(span_id) FROM spans WHERE dataset='bench'`));
  await t('span_id as hugeint-ish', () =>
    host.queryColumns(`SELECT CASE WHEN length(span_id)=16 THEN ('0x'||span_id)::UBIGINT END AS sid FROM spans WHERE dataset='bench'`),
  );
  await t('minmax key', () => host.query(`SELECT min(span_key), max(span_key), count(*) FROM spans WHERE dataset='bench'`));
}
await engine.close();
