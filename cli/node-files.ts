/** Trace files on disk as engine inputs: streamed in 1 MiB chunks, never read whole. */
import { createReadStream, statSync } from 'node:fs';
import type { TraceFileInput } from '../shared/engine/engine-api.js';

export const READ_CHUNK_BYTES = 1 << 20;

/** How the ingest worker is told which file to open. */
export interface PathHandle {
  path: string;
}

export function fileInput(path: string): TraceFileInput {
  let size: number | undefined;
  try {
    size = statSync(path).size;
  } catch {
    // Reported when the stream fails to open, with the file's name.
  }
  const handle: PathHandle = { path };
  return { name: path, size, stream: () => createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), transferable: { handle } };
}
