/**
 * Decodes a UTF-8 byte stream into text pieces that end at a line break.
 *
 *   bytes:   {"resourceSpans":[…]}\n{"resourceSp | ans":[…]}\n{"res | …
 *   pieces:  {"resourceSpans":[…]}\n              {"resourceSpans":[…]}\n  …
 *
 * Cutting at the last newline of each chunk (a byte search, far cheaper than
 * searching text) means JSON lines reach the record splitter as whole lines:
 * it parses them without gluing strings together or rescanning them. The
 * bytes after the last newline wait for the next chunk. Text with no line
 * breaks (minified JSON) is let through once HOLD_LIMIT bytes are waiting,
 * so memory stays bounded whatever the layout.
 *
 * One streaming decoder serves every piece: a newline is always a character
 * boundary, and it still handles a UTF-8 sequence split by a forced cut and
 * drops a byte order mark at the very start.
 */
import { concat, type ByteSource } from './byte-streams.js';

export interface TextPiece {
  text: string;
  /** Bytes the text was decoded from (a leading byte order mark included). */
  byteLength: number;
}

const NEWLINE = 10;
const HOLD_LIMIT = 16 * 1024 * 1024;

export async function* utf8Pieces(source: ByteSource): AsyncGenerator<TextPiece> {
  const decoder = new TextDecoder('utf-8');
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  for await (const chunk of source) {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline < 0 && heldBytes + chunk.length < HOLD_LIMIT) {
      held.push(chunk);
      heldBytes += chunk.length;
      continue;
    }
    const cut = lastNewline < 0 ? chunk.length : lastNewline + 1;
    const bytes = heldBytes > 0 ? concat([...held, chunk.subarray(0, cut)], heldBytes + cut) : chunk.subarray(0, cut);
    // Copied: a source may reuse its chunk's memory once we ask for the next one.
    held = cut < chunk.length ? [chunk.slice(cut)] : [];
    heldBytes = chunk.length - cut;
    yield { text: decoder.decode(bytes, { stream: true }), byteLength: bytes.length };
  }
  const rest = concat(held, heldBytes);
  const text = decoder.decode(rest);
  if (text.length > 0 || rest.length > 0) yield { text, byteLength: rest.length };
}
