/**
 * Reads one trace file from a byte stream into spans, whatever its format:
 * decompress (gzip/zstd) → sniff the content → stream it through the right
 * reader → validate each span. Never holds the file as one string.
 *
 * Failures do not throw: the report says where reading stopped, and every
 * span before that point has already been handed to `onSpan`.
 */
import { jsonFormatId, readerFor } from '../formats/readers.js';
import { sniffCompression, sniffContent } from '../formats/sniff.js';
import { createOtlpProtoReader, ProtoFormatError } from '../formats/otlp/otlp-proto.js';
import type { SpanOutput } from '../formats/reader.js';
import { JsonRecordSplitter, JsonSyntaxError } from '../io/json-record-splitter.js';
import { gunzip, metered, peek, unzstd, utf8Length, type ByteSource } from '../io/byte-streams.js';
import { utf8Pieces } from '../io/utf8-pieces.js';
import type { FileLoadReport } from '../model/load-report.js';
import type { Span } from '../model/span.js';
import { SpanIdSet } from './span-id-set.js';
import { SpanValidator } from './span-validator.js';

export interface ReadProgress {
  path: string;
  /** Bytes read from the file (compressed bytes for compressed files). */
  bytesRead: number;
  totalBytes: number | undefined;
  spansLoaded: number;
}

export interface ReadOptions {
  /** Shown in reports and errors. */
  path: string;
  totalBytes?: number;
  signal?: AbortSignal;
  /** Spans already loaded into the same dataset: duplicates are rejected (and new spans added). */
  seen?: SpanIdSet;
  onSpan(span: Span): void;
  /** Called after each chunk: the place to write batches out (awaited, so storage keeps pace). */
  afterChunk?(): Promise<void>;
  onProgress?(progress: ReadProgress): void;
}

const SNIFF_BYTES = 64 * 1024;

export async function readTraceFile(source: ByteSource, options: ReadOptions): Promise<FileLoadReport> {
  const validator = new SpanValidator(options.seen ?? new SpanIdSet());
  const warnings: string[] = [];
  const report: FileLoadReport = {
    path: options.path,
    format: null,
    compression: 'none',
    bytesRead: 0,
    spansRead: 0,
    spansLoaded: 0,
    rejected: [],
    missingParent: 0,
    failure: null,
    warnings,
  };
  const out: SpanOutput = {
    span(span) {
      if (validator.check(span)) options.onSpan(span);
    },
    reject(reason, example) {
      validator.problems.add(reason, example);
    },
    warn(message) {
      if (!warnings.includes(message)) warnings.push(message);
    },
  };
  const progress = () =>
    options.onProgress?.({
      path: options.path,
      bytesRead: report.bytesRead,
      totalBytes: options.totalBytes,
      spansLoaded: validator.loaded,
    });
  const afterChunk = async () => {
    progress();
    await options.afterChunk?.();
  };

  let decompressedOffset = 0;
  try {
    const raw = await peek(
      metered(source, (n) => (report.bytesRead += n), options.signal),
      8,
    );
    report.compression = sniffCompression(raw.head);
    const content = report.compression === 'gzip' ? gunzip(raw.stream) : report.compression === 'zstd' ? unzstd(raw.stream) : raw.stream;
    const peeked = await peek(
      (async function* () {
        for await (const chunk of content) {
          yield chunk;
          decompressedOffset += chunk.length;
        }
      })(),
      SNIFF_BYTES,
    );
    const sniffed = sniffContent(peeked.head, peeked.complete);
    if (sniffed.kind === 'empty') throw new UnreadableFile('the file is empty (no trace data)', 0);
    if (sniffed.kind === 'unknown') throw new UnreadableFile(`unknown format: ${sniffed.reason}`, 0);
    if (sniffed.kind === 'otlp-proto') {
      report.format = 'otlp-proto';
      const reader = createOtlpProtoReader(out, { delimited: sniffed.delimited });
      for await (const chunk of peeked.stream) {
        reader.push(chunk);
        await afterChunk();
      }
      reader.end();
    } else {
      const reader = readerFor(sniffed.flavour, out);
      const offsets = new CharToByteOffsets(startsWithBom(peeked.head) ? 3 : 0);
      const splitter = new JsonRecordSplitter((record) => {
        let value = record.value;
        if (value === undefined) {
          try {
            value = JSON.parse(record.text);
          } catch (e) {
            throw new JsonSyntaxError(`invalid JSON: ${(e as Error).message}`, record.charOffset);
          }
        }
        reader.accept(record.path, value, record.document);
      });
      try {
        for await (const piece of utf8Pieces(peeked.stream)) {
          offsets.add(piece.text, piece.byteLength);
          splitter.push(piece.text);
          offsets.forgetBefore(splitter.settledOffset);
          await afterChunk();
        }
        splitter.end();
      } catch (e) {
        if (e instanceof JsonSyntaxError) throw new UnreadableFile(e.message, offsets.byteOffset(e.charOffset));
        throw e;
      } finally {
        report.format = jsonFormatId(sniffed.flavour, splitter.documentCount);
        // Readers that buffer (Zipkin, a streamed Jaeger trace) hand over what they have even when reading stopped early.
        reader.finish();
      }
    }
    await afterChunk();
  } catch (e) {
    if (options.signal?.aborted) throw e;
    if (e instanceof UnreadableFile || e instanceof ProtoFormatError) {
      report.failure = { message: e.message, byteOffset: e.byteOffset };
    } else {
      // Decompression and I/O errors: the offset is how far the content got.
      report.failure = { message: describeStreamError(e, report.compression), byteOffset: decompressedOffset };
    }
  }
  report.spansLoaded = validator.loaded;
  report.rejected = validator.problems.list();
  report.spansRead = report.spansLoaded + validator.problems.total;
  return report;
}

class UnreadableFile extends Error {
  constructor(
    message: string,
    readonly byteOffset: number,
  ) {
    super(message);
  }
}

function startsWithBom(head: Uint8Array): boolean {
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

function describeStreamError(e: unknown, compression: FileLoadReport['compression']): string {
  const message = e instanceof Error ? e.message : String(e);
  if (compression !== 'none') return `the ${compression} data is corrupt or truncated (${message})`;
  return message;
}

/**
 * Maps character offsets in the decoded text back to byte offsets in the
 * content, for error messages. Keeps only the chunks that an error can still
 * point into.
 */
class CharToByteOffsets {
  private chunks: { charStart: number; byteStart: number; text: string }[] = [];
  private chars = 0;
  private bytes = 0;

  /** `skipped`: bytes before the first character (a byte order mark the decoder dropped). */
  constructor(private skipped: number) {}

  add(text: string, byteLength: number): void {
    this.chunks.push({ charStart: this.chars, byteStart: this.bytes + this.skipped, text });
    this.skipped = 0;
    this.chars += text.length;
    this.bytes += byteLength;
  }

  forgetBefore(charOffset: number): void {
    while (this.chunks.length > 1 && this.chunks[1]!.charStart <= charOffset) this.chunks.shift();
  }

  byteOffset(charOffset: number): number {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const c = this.chunks[i]!;
      if (c.charStart <= charOffset) return c.byteStart + utf8Length(c.text.slice(0, charOffset - c.charStart));
    }
    return charOffset;
  }
}
