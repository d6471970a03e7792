/**
 * Where the parsing half of a load runs. The engine inserts what a producer
 * hands it; a producer decides where files are parsed: on the engine's own
 * thread (inProcessProducer), or in an ingest worker beside it
 * (worker-batch-producer.ts) so parsing and inserting overlap.
 */
import { byteSourceOf } from '../io/byte-streams.js';
import { produceBatches, type BatchJob, type BatchSink } from '../ingest/produce-batches.js';
import type { TraceFileInput } from './engine-api.js';

export interface SpanBatchProducer {
  produce(files: TraceFileInput[], job: BatchJob, sink: BatchSink, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export const inProcessProducer: SpanBatchProducer = {
  produce(files, job, sink, signal) {
    const openable = files.map((f) => ({ name: f.name, size: f.size, open: () => byteSourceOf(f.stream()) }));
    return produceBatches(openable, job, sink, signal);
  },
  async close() {},
};
