/**
 * Writes synthetic OTLP JSON lines as the OpenTelemetry Collector's file
 * exporter does: one ExportTraceServiceRequest per line, spans grouped by
 * resource and scope, 200–1000 spans per line (a batch boundary may cut a
 * trace in two, as the batch processor does).
 *
 * Files are streamed to disk line by line and reused while a sidecar
 * .meta.json says they were made with the same parameters.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Random } from './seeded-random.js';
import { fleet, type Service } from './synthetic-fleet.js';
import { TraceGenerator, type GeneratedSpan, type OtlpScope, type OtlpSpan } from './synthetic-traces.js';

/** Bump when the generator's output changes, so that old files are regenerated. */
const GENERATOR_VERSION = 1;
const SEED = 0x5eed_2025;
/** Mean gap between trace starts: 1M spans cover about an hour. */
const MEAN_TRACE_GAP_US = 100_000;

export interface Dataset {
  path: string;
  spans: number;
  traces: number;
  lines: number;
  bytes: number;
}

interface Meta extends Omit<Dataset, 'path'> {
  version: number;
  seed: number;
}

/** The dataset of `spans` spans in `dir`, generated unless an identical one is there already. */
export async function ensureDataset(dir: string, spans: number): Promise<Dataset & { generatedSeconds: number | null }> {
  const file = path.join(dir, `synthetic-otlp-${spans}.jsonl`);
  const metaFile = `${file}.meta.json`;
  const existing = await readMeta(metaFile);
  if (existing && existing.version === GENERATOR_VERSION && existing.seed === SEED && existing.spans === spans) {
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size === existing.bytes)
      return { path: file, spans, traces: existing.traces, lines: existing.lines, bytes: existing.bytes, generatedSeconds: null };
  }
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  // Written under a temporary name: an interrupted run never leaves a file that looks complete.
  const partial = `${file}.partial`;
  const counts = await writeDataset(partial, spans);
  await rename(partial, file);
  const meta: Meta = { version: GENERATOR_VERSION, seed: SEED, ...counts };
  await writeFile(metaFile, JSON.stringify(meta, null, 2) + '\n');
  return { path: file, ...counts, generatedSeconds: (performance.now() - started) / 1000 };
}

async function readMeta(file: string): Promise<Meta | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Meta;
  } catch {
    return null;
  }
}

async function writeDataset(file: string, spans: number): Promise<Omit<Dataset, 'path'>> {
  const random = new Random(SEED);
  const generator = new TraceGenerator(random, fleet(SEED ^ 0xf1ee7));
  const out = createWriteStream(file);
  const closed = once(out, 'close');
  let traces = 0;
  let lines = 0;
  let bytes = 0;
  let pending: GeneratedSpan[] = [];
  let lineTarget = random.int(200, 1000);
  let clockUs = 0;

  const writeLine = async () => {
    const line = JSON.stringify(request(pending)) + '\n';
    pending = [];
    lineTarget = random.int(200, 1000);
    lines++;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };

  for (let made = 0; made < spans; traces++) {
    const size = Math.min(random.int(5, 60), spans - made);
    clockUs += -Math.log(1 - random.next()) * MEAN_TRACE_GAP_US;
    for (const span of generator.trace(size, clockUs)) {
      pending.push(span);
      if (pending.length === lineTarget) await writeLine();
    }
    made += size;
  }
  if (pending.length > 0) await writeLine();
  out.end();
  await closed;
  return { spans, traces, lines, bytes };
}

/** One ExportTraceServiceRequest: spans grouped by resource, then by scope. */
function request(spans: GeneratedSpan[]) {
  const byService = new Map<Service, Map<OtlpScope, OtlpSpan[]>>();
  for (const { service, scope, span } of spans) {
    let scopes = byService.get(service);
    if (!scopes) byService.set(service, (scopes = new Map()));
    let list = scopes.get(scope);
    if (!list) scopes.set(scope, (list = []));
    list.push(span);
  }
  return {
    resourceSpans: [...byService].map(([service, scopes]) => ({
      resource: service.resource,
      scopeSpans: [...scopes].map(([scope, list]) => ({ scope, spans: list })),
      schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
    })),
  };
}
