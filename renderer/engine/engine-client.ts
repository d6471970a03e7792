/**
 * The UI side of the engine: implements HopscopeEngine by calling the engine
 * worker (engine-worker.ts), so components use the same interface the CLI
 * uses in process.
 */
import type { HopscopeEngine, LoadOptions, LoadProgress, TraceFileInput } from '../../shared/engine/engine-api.js';
import type { EngineCalls, EngineMethod, WireError, WireFile, WorkerReply, WorkerRequest } from './rpc-protocol.js';

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?(progress: LoadProgress): void;
}

export function createEngineClient(worker: Worker): HopscopeEngine {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let broken: Error | null = null;

  worker.addEventListener('message', ({ data: reply }: MessageEvent<WorkerReply>) => {
    const call = pending.get(reply.id);
    if (!call) return;
    if (reply.kind === 'progress') {
      call.onProgress?.(reply.progress);
      return;
    }
    pending.delete(reply.id);
    if (reply.kind === 'result') call.resolve(reply.value);
    else call.reject(fromWireError(reply.error));
  });
  // The worker script itself failed (did not load, or threw outside a call): nothing pending will be answered.
  worker.addEventListener('error', (event) => {
    broken = new Error(`the engine worker failed: ${event.message || 'it could not be started'}`);
    for (const call of pending.values()) call.reject(broken);
    pending.clear();
  });

  function call<M extends EngineMethod>(
    method: M,
    args: EngineCalls[M]['args'],
    options: { signal?: AbortSignal; onProgress?(progress: LoadProgress): void; transfer?: Transferable[] } = {},
  ): Promise<EngineCalls[M]['result']> {
    if (broken) return Promise.reject(broken);
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => worker.postMessage({ kind: 'cancel', id } satisfies WorkerRequest);
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as EngineCalls[M]['result']);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
        onProgress: options.onProgress,
      });
      worker.postMessage({ kind: 'call', id, method, args } as WorkerRequest, options.transfer ?? []);
    });
  }

  return {
    load(dataset: string, files: TraceFileInput[], options: LoadOptions = {}) {
      const wire = files.map(toWireFile);
      const transfer = wire.flatMap((f) => ('stream' in f ? [f.stream] : []));
      return call('load', [dataset, wire], { ...options, transfer });
    },
    datasets: () => call('datasets', []),
    services: (dataset) => call('services', [dataset]),
    fileReports: (dataset) => call('fileReports', [dataset]),
    removeDataset: (dataset) => call('removeDataset', [dataset]),
    criticalPaths: (dataset, request) => call('criticalPaths', [dataset, request]),
    latencyHops: (dataset, traceId, options) => call('latencyHops', [dataset, traceId, options]),
    analyze: (dataset, options) => call('analyze', [dataset, options]),
    overview: (dataset) => call('overview', [dataset]),
    traces: (dataset, filter) => call('traces', [dataset, filter]),
    trace: (dataset, traceId, options) => call('trace', [dataset, traceId, options]),
    span: (dataset, traceId, spanId) => call('span', [dataset, traceId, spanId]),
    compare: (a, b) => call('compare', [a, b]),
    compareTraces: (a, b) => call('compareTraces', [a, b]),
    traceEdges: (dataset, traceId) => call('traceEdges', [dataset, traceId]),
    schema: () => call('schema', []),
    consoleQuery: (sql, options) => call('consoleQuery', [sql, options]),
    query: (sql) => call('query', [sql]),
    exportParquet: (dataset) => call('exportParquet', [dataset]),
    exportTraceOtlp: (dataset, traceId) => call('exportTraceOtlp', [dataset, traceId]),
    async close() {
      try {
        await call('close', []);
      } finally {
        worker.terminate();
      }
    },
  };
}

/** Blobs (user-picked Files) are cloned by reference; any other input is streamed to the worker. */
function toWireFile(file: TraceFileInput): WireFile {
  if (file instanceof Blob) return { name: file.name, size: file.size, blob: file };
  const source = file.stream();
  const stream = source instanceof ReadableStream ? source : iterableToStream(source);
  return { name: file.name, size: file.size, stream };
}

function iterableToStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** Keeps the name, so callers can tell a cancelled load (AbortError) from a failed one. */
function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}
