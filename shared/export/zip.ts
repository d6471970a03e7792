/**
 * A store-only ZIP archive (no compression): local headers, the central
 * directory and the end record, CRC-32 per file, names in UTF-8 (flag bit
 * 11). Enough for the browser build to hand over a report and its images as
 * one download; PNGs and SVG text would gain little from deflate anyway.
 *
 * No ZIP64: an archive past 4 GiB or 65,535 files is refused, not written
 * wrong. Timestamps are fixed at 1980-01-01 00:00 (the format's epoch), so the
 * same files always make the same bytes.
 */

export interface ZipEntry {
  /** Path inside the archive, '/'-separated (e.g. "report-images/map.png"). */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_RECORD = 0x06054b50;
/** Version 2.0: the lowest that every unzip accepts for stored files. */
const VERSION = 20;
/**
 * "Made by" Unix: Info-ZIP's unzip takes names from an MS-DOS creator to be
 * in the DOS code page and garbles UTF-8 ones, flag or not. With a Unix
 * creator the external attributes hold the file mode, so each file gets one.
 */
const MADE_BY_UNIX = (3 << 8) | VERSION;
/** A regular file, rw-r--r--, in the high half of the external attributes. */
const UNIX_FILE_MODE = (0o100644 << 16) >>> 0;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DOS_TIME = 0;
/** 1980-01-01: day 1, month 1, year 0 (from 1980). */
const DOS_DATE = (1 << 5) | 1;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_RECORD_SIZE = 22;
const MAX_U32 = 0xffffffff;
const MAX_U16 = 0xffff;

export function zipFiles(files: readonly ZipEntry[]): Uint8Array {
  if (files.length > MAX_U16) throw new Error(`a zip without ZIP64 holds at most ${MAX_U16} files, not ${files.length}`);
  const encoder = new TextEncoder();
  const seen = new Set<string>();
  const entries = files.map((f) => {
    const problem = nameProblem(f.name);
    if (problem) throw new Error(`cannot zip "${f.name}": ${problem}`);
    if (seen.has(f.name)) throw new Error(`cannot zip "${f.name}" twice`);
    seen.add(f.name);
    const name = encoder.encode(f.name);
    if (name.length > MAX_U16) throw new Error(`cannot zip "${f.name.slice(0, 40)}…": the name is too long`);
    return { name, data: f.data, crc: crc32(f.data), offset: 0 };
  });

  const localSize = entries.reduce((sum, e) => sum + LOCAL_HEADER_SIZE + e.name.length + e.data.length, 0);
  const centralSize = entries.reduce((sum, e) => sum + CENTRAL_HEADER_SIZE + e.name.length, 0);
  if (localSize > MAX_U32) throw new Error('the files are too big for a zip without ZIP64 (4 GiB)');
  const out = new Uint8Array(localSize + centralSize + END_RECORD_SIZE);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, at);
    at += b.length;
  };
  /** The fields local and central headers share, from "version needed" to the extra field's length. */
  const common = (e: (typeof entries)[number]) => {
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(STORED);
    u16(DOS_TIME);
    u16(DOS_DATE);
    u32(e.crc);
    u32(e.data.length); // compressed size: stored, so the same
    u32(e.data.length);
    u16(e.name.length);
    u16(0); // no extra field
  };

  for (const e of entries) {
    e.offset = at;
    u32(LOCAL_HEADER);
    common(e);
    bytes(e.name);
    bytes(e.data);
  }
  const centralStart = at;
  for (const e of entries) {
    u32(CENTRAL_HEADER);
    u16(MADE_BY_UNIX);
    common(e);
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32(UNIX_FILE_MODE);
    u32(e.offset);
    bytes(e.name);
  }
  u32(END_RECORD);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(entries.length);
  u16(entries.length);
  u32(centralSize);
  u32(centralStart);
  u16(0); // comment length
  return out;
}

/** Why a name would unpack somewhere unexpected (absolute, `..`, backslashes, empty parts), or null. */
function nameProblem(name: string): string | null {
  if (name === '') return 'the name is empty';
  if (name.startsWith('/')) return 'the name is an absolute path';
  if (name.includes('\\')) return 'the name has a backslash (zip paths use /)';
  if (name.includes('\u0000')) return 'the name has a NUL character';
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'the name has an empty, "." or ".." part';
  return null;
}

let table: Uint32Array | null = null;

/** CRC-32 (IEEE 802.3, the one ZIP uses), table-driven. */
export function crc32(data: Uint8Array): number {
  table ??= crcTable();
  let crc = MAX_U32;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ MAX_U32) >>> 0;
}

function crcTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}
