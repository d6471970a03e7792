/**
 * Files the Electron main process opened (menu, command line, Open-with), as
 * the engine's TraceFileInput: their bytes come through the bridge in chunks
 * pulled as the parser asks for them, so a large file is never held whole in
 * either process and the load's progress and cancel work as for a picked file.
 */
import type { HopscopeBridge, OpenedFile } from '../../electron/bridge-api.js';
import type { TraceFileInput } from '../../shared/engine/engine-api.js';

/** What one read asks for: large enough that IPC round trips cost little, well under the bridge's limit. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export type FileReader = Pick<HopscopeBridge, 'readFileChunk' | 'closeFile'>;

/** A file to load. Read it once: its stream closes the file in the main process when it ends or is cancelled. */
export function desktopFileInput(file: OpenedFile, bridge: FileReader, chunkBytes = CHUNK_BYTES): TraceFileInput {
  return { name: file.name, size: file.size, stream: () => chunkStream(file, bridge, chunkBytes) };
}

function chunkStream(file: OpenedFile, bridge: FileReader, chunkBytes: number): ReadableStream<Uint8Array> {
  let offset = 0;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // The bytes are all read (or no longer wanted): a failure to close the handle is not the load's.
    await bridge.closeFile(file.id).catch(() => undefined);
  };
  return new ReadableStream<Uint8Array>(
    {
      // Pull-based: the next chunk is asked for only when the reader wants more, so a slow parser slows the reads.
      async pull(controller) {
        if (offset >= file.size) {
          controller.close();
          await close();
          return;
        }
        let chunk: Uint8Array;
        try {
          chunk = await bridge.readFileChunk(file.id, offset, Math.min(chunkBytes, file.size - offset));
        } catch (error) {
          await close();
          throw error;
        }
        if (chunk.byteLength === 0) {
          await close();
          throw new Error(`${file.name} got shorter while it was read (${offset} of ${file.size} bytes)`);
        }
        offset += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel: close,
    },
    // One chunk read ahead: the next IPC read overlaps parsing without buffering much.
    new CountQueuingStrategy({ highWaterMark: 1 }),
  );
}

/**
 * Closes files whose load is over, whether or not their stream was ever
 * opened (a load cancelled before it got to them). Closing twice is harmless.
 */
export async function releaseDesktopFiles(files: readonly OpenedFile[], bridge: FileReader): Promise<void> {
  await Promise.all(files.map((file) => bridge.closeFile(file.id).catch(() => undefined)));
}
