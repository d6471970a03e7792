/** Desktop files as engine inputs (renderer/desktop/desktop-files.ts), read through a fake bridge. */
import { describe, expect, it } from 'vitest';
import type { OpenedFile } from '../../../electron/bridge-api.js';
import { CHUNK_BYTES, desktopFileInput, releaseDesktopFiles, type FileReader } from '../../../renderer/desktop/desktop-files.js';

const content = new Uint8Array(10_500).map((_, i) => (i * 31 + 7) % 256);
const file: OpenedFile = { id: 'f1', name: 'trace.json', size: content.byteLength };

/** A bridge serving `bytes` as the main process would (a range cut at the end), logging every call. */
function fakeBridge(bytes = content) {
  const reads: [id: string, offset: number, length: number][] = [];
  const closed: string[] = [];
  const bridge: FileReader = {
    readFileChunk: async (id, offset, length) => {
      reads.push([id, offset, length]);
      return bytes.slice(offset, offset + length);
    },
    closeFile: async (id) => void closed.push(id),
  };
  return { bridge, reads, closed };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return chunks;
}

const streamOf = (input: ReturnType<typeof desktopFileInput>) => input.stream() as ReadableStream<Uint8Array>;

describe('desktop files', () => {
  it('reads 4 MiB chunks by default and reports the size, for progress', () => {
    expect(CHUNK_BYTES).toBe(4 * 1024 * 1024);
    const input = desktopFileInput(file, fakeBridge().bridge);
    expect(input.name).toBe('trace.json');
    expect(input.size).toBe(10_500);
    expect(input.stream()).toBeInstanceOf(ReadableStream);
  });

  it("yields the file's exact bytes in chunks, then closes it once", async () => {
    const { bridge, reads, closed } = fakeBridge();
    const chunks = await readAll(streamOf(desktopFileInput(file, bridge, 4096)));
    expect(chunks.map((c) => c.byteLength)).toEqual([4096, 4096, 2308]);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(content));
    // Never past the end: the last read asks for what is left.
    expect(reads).toEqual([
      ['f1', 0, 4096],
      ['f1', 4096, 4096],
      ['f1', 8192, 2308],
    ]);
    expect(closed).toEqual(['f1']);
  });

  it('reads only as the consumer pulls (one chunk ahead at most)', async () => {
    const { bridge, reads } = fakeBridge();
    const reader = streamOf(desktopFileInput(file, bridge, 1000)).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads.length).toBeLessThanOrEqual(2);
    await reader.cancel();
  });

  it('cancelling closes the file and reads no more', async () => {
    const { bridge, reads, closed } = fakeBridge();
    const reader = streamOf(desktopFileInput(file, bridge, 1000)).getReader();
    expect((await reader.read()).value).toEqual(content.slice(0, 1000));
    await reader.cancel();
    const readsAtCancel = reads.length;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(reads.length).toBe(readsAtCancel);
    expect(closed).toEqual(['f1']);
    expect((await reader.read()).done).toBe(true);
  });

  it('an empty file ends at once', async () => {
    const { bridge, reads, closed } = fakeBridge(new Uint8Array(0));
    expect(await readAll(streamOf(desktopFileInput({ ...file, size: 0 }, bridge)))).toEqual([]);
    expect(reads).toEqual([]);
    expect(closed).toEqual(['f1']);
  });

  it('fails (and closes the file) when a read fails or the file got shorter', async () => {
    const failing = fakeBridge();
    failing.bridge.readFileChunk = async () => Promise.reject(new Error('Refused to read a file: no such open file.'));
    await expect(readAll(streamOf(desktopFileInput(file, failing.bridge)))).rejects.toThrow(/no such open file/);
    expect(failing.closed).toEqual(['f1']);

    const shrunk = fakeBridge(content.slice(0, 5000));
    await expect(readAll(streamOf(desktopFileInput(file, shrunk.bridge, 4096)))).rejects.toThrow(/got shorter/);
    expect(shrunk.closed).toEqual(['f1']);
  });

  it('releases files after a load, ignoring ones already closed', async () => {
    const { bridge, closed } = fakeBridge();
    bridge.closeFile = async (id) => {
      closed.push(id);
      if (id === 'gone') throw new Error('already closed');
    };
    await releaseDesktopFiles([file, { ...file, id: 'gone' }], bridge);
    expect(closed.sort()).toEqual(['f1', 'gone']);
  });
});
