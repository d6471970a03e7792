/**
 * Byte-stream plumbing on web-standard APIs only (DecompressionStream,
 * TextDecoder), so the same code runs in Node, a browser worker and Electron.
 */
import { Decompress } from 'fzstd';

export type ByteSource = AsyncIterable<Uint8Array>;

export interface Peeked {
  head: Uint8Array;
  /** True when the head is the whole stream. */
  complete: boolean;
  /** The whole stream again, head included. */
  stream: ByteSource;
}

/** Reads at least `minBytes` (or to the end) without losing them. */
export async function peek(source: ByteSource, minBytes: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let complete = false;
  while (length < minBytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = concat(chunks, length);
  async function* stream(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    if (complete) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, complete, stream: stream() };
}

export function concat(chunks: Uint8Array[], length = chunks.reduce((n, c) => n + c.length, 0)): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function* gunzip(source: ByteSource): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const input = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  const reader = input.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

export async function* unzstd(source: ByteSource): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    ready.push(data);
  });
  for await (const chunk of source) {
    decoder.push(chunk);
    while (ready.length > 0) yield ready.shift()!;
  }
  decoder.push(new Uint8Array(0), true);
  while (ready.length > 0) yield ready.shift()!;
}

/** Counts bytes as they pass and stops when `signal` aborts. */
export async function* metered(source: ByteSource, onBytes: (n: number) => void, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    signal?.throwIfAborted();
    onBytes(chunk.length);
    yield chunk;
  }
}

/** Number of UTF-8 bytes in `s` (for turning character offsets into byte offsets). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Browsers hand out ReadableStreams that are not always async-iterable. */
export function byteSourceOf(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): ByteSource {
  if (Symbol.asyncIterator in stream) return stream as AsyncIterable<Uint8Array>;
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        reader.releaseLock();
      }
    },
  };
}
