/**
 * The engine worker: DuckDB (WebAssembly) and the trace engine live here, off
 * the UI thread, like Perfetto's trace processor. The UI talks to it only
 * through the messages in rpc-protocol.ts.
 */
import type { HopscopeEngine, LoadProgress, TraceFileInput } from '../../shared/engine/engine-api.js';
import type { FromIngestWorker, IngestWorkerHandle } from '../../shared/engine/ingest-worker-protocol.js';
import { createTraceEngine } from '../../shared/engine/trace-engine.js';
import { workerBatchProducer } from '../../shared/engine/worker-batch-producer.js';
import { createBrowserSqlHost } from './browser-sql-host.js';
import type { CallRequest, WireError, WireFile, WorkerReply, WorkerRequest } from './rpc-protocol.js';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Progress is posted at most this often: a chunk is read every few milliseconds. */
const PROGRESS_INTERVAL_MS = 100;
/** How long a load may run before letting queued messages (a cancel) in. */
const YIELD_INTERVAL_MS = 50;

// Started at once so DuckDB instantiates while the UI is still fetching files. If it fails, every call reports why.
const engine: Promise<HopscopeEngine> = createBrowserSqlHost().then((host) =>
  createTraceEngine(host, workerBatchProducer(spawnIngestWorker)),
);
engine.catch(() => {});

const cancels = new Map<number, AbortController>();

scope.addEventListener('message', ({ data: request }) => {
  if (request.kind === 'cancel') {
    cancels.get(request.id)?.abort();
    return;
  }
  const controller = new AbortController();
  cancels.set(request.id, controller);
  // Calls run as they come: the engine itself puts writes one after another, so queries answer during a load.
  void (async () => {
    try {
      const value = await call(await engine, request, controller.signal);
      scope.postMessage({ kind: 'result', id: request.id, value }, transferables(value));
    } catch (e) {
      scope.postMessage({ kind: 'error', id: request.id, error: toWireError(e) });
    } finally {
      cancels.delete(request.id);
    }
  })();
});

function call(engine: HopscopeEngine, request: CallRequest, signal: AbortSignal): Promise<unknown> {
  switch (request.method) {
    case 'load': {
      const [dataset, files] = request.args;
      return engine.load(dataset, files.map(toTraceFileInput), { signal, onProgress: throttledProgress(request.id) });
    }
    case 'datasets':
      return engine.datasets();
    case 'services':
      return engine.services(...request.args);
    case 'fileReports':
      return engine.fileReports(...request.args);
    case 'removeDataset':
      return engine.removeDataset(...request.args);
    case 'criticalPaths':
      return engine.criticalPaths(...request.args);
    case 'latencyHops':
      return engine.latencyHops(...request.args);
    case 'analyze':
      return engine.analyze(...request.args);
    case 'overview':
      return engine.overview(...request.args);
    case 'traces':
      return engine.traces(...request.args);
    case 'trace':
      return engine.trace(...request.args);
    case 'span':
      return engine.span(...request.args);
    case 'compare':
      return engine.compare(...request.args);
    case 'compareTraces':
      return engine.compareTraces(...request.args);
    case 'traceEdges':
      return engine.traceEdges(...request.args);
    case 'schema':
      return engine.schema();
    case 'consoleQuery':
      return engine.consoleQuery(...request.args);
    case 'query':
      return engine.query(...request.args);
    case 'exportParquet':
      return engine.exportParquet(...request.args);
    case 'exportTraceOtlp':
      return engine.exportTraceOtlp(...request.args);
    case 'close':
      return engine.close();
  }
}

/** Bytes (a Parquet export, maybe hundreds of MB) are handed over, not copied; the worker keeps no reference to them. */
function transferables(value: unknown): Transferable[] {
  return value instanceof Uint8Array && value.buffer instanceof ArrayBuffer ? [value.buffer] : [];
}

/** Files are parsed in a worker of their own while this one inserts (shared/engine/worker-batch-producer.ts). */
function spawnIngestWorker(): IngestWorkerHandle {
  const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), { type: 'module', name: 'hopscope-ingest' });
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as Transferable[]),
    listen(onMessage, onCrash) {
      worker.onmessage = (event: MessageEvent<FromIngestWorker>) => onMessage(event.data);
      worker.onerror = (event) => onCrash(new Error(`the ingest worker failed: ${event.message || 'it could not start'}`));
    },
    terminate: () => worker.terminate(),
  };
}

/** `transferable` lets the ingest worker read the file itself; `stream` is the in-process fallback. */
function toTraceFileInput(file: WireFile): TraceFileInput {
  if ('blob' in file) {
    return {
      name: file.name,
      size: file.size ?? file.blob.size,
      stream: () => yieldingToMessages(file.blob.stream()),
      transferable: { handle: file.blob },
    };
  }
  return {
    name: file.name,
    size: file.size,
    stream: () => yieldingToMessages(file.stream),
    transferable: { handle: file.stream, transfer: [file.stream] },
  };
}

/**
 * The stream, handing the event loop a turn every YIELD_INTERVAL_MS. A stream
 * with data queued up (a Blob reads far ahead) resolves reads as microtasks,
 * so without this a load would run to its end before a cancel message is seen.
 */
async function* yieldingToMessages(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let turnAt = performance.now() + YIELD_INTERVAL_MS;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
      if (performance.now() >= turnAt) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        turnAt = performance.now() + YIELD_INTERVAL_MS;
      }
    }
  } finally {
    // Stops the read-ahead when the load ends early (cancelled, or the file is unreadable).
    await reader.cancel();
  }
}

function throttledProgress(id: number): (progress: LoadProgress) => void {
  let last = 0;
  let lastFile = -1;
  return (progress) => {
    const now = performance.now();
    // Always report a new file starting, so the UI names the file being read.
    if (progress.fileIndex === lastFile && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    lastFile = progress.fileIndex;
    scope.postMessage({ kind: 'progress', id, progress });
  };
}

function toWireError(e: unknown): WireError {
  if (e instanceof Error || e instanceof DOMException) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}
