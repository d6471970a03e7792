/**
 * The store-only ZIP writer, checked by other implementations: Info-ZIP's
 * `unzip -t` / `unzip -p` and Python's zipfile (.ci/run installs both),
 * and by reading the central directory here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, zipFiles } from '../../../shared/export/zip.js';

const text = (s: string) => new TextEncoder().encode(s);
const binary = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256);
const FILES = [
  { name: 'report.md', data: text('# Report\n\n![map](report-images/map.png)\n') },
  { name: 'report-images/map.png', data: binary },
  { name: 'report-images/größe – 日本.svg', data: text('<svg xmlns="http://www.w3.org/2000/svg"/>') },
  { name: 'empty.txt', data: new Uint8Array(0) },
];

const dir = mkdtempSync(path.join(tmpdir(), 'hopscope-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const archive = path.join(dir, 'export.zip');
writeFileSync(archive, zipFiles(FILES));

/** The entries as the central directory lists them (name, sizes, CRC, flags, method), following the end record. */
function centralDirectory(zip: Uint8Array) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  let at = view.getUint32(end + 16, true);
  expect(at + size).toBe(end);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = view.getUint16(at + 28, true);
    const offset = view.getUint32(at + 42, true);
    const compressed = view.getUint32(at + 20, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    // The local header repeats the name; the data follows it.
    expect(view.getUint32(offset, true)).toBe(0x04034b50);
    const dataAt = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
    entries.push({
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressed,
      size: view.getUint32(at + 24, true),
      data: zip.slice(dataAt, dataAt + compressed),
    });
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return entries;
}

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('lists every file, stored, with UTF-8 names, sizes and CRCs, in its central directory', () => {
    const entries = centralDirectory(zipFiles(FILES));
    expect(entries.map((e) => e.name)).toEqual(FILES.map((f) => f.name));
    for (const [i, e] of entries.entries()) {
      expect(e).toMatchObject({
        flags: 0x0800,
        method: 0,
        size: FILES[i]!.data.length,
        compressed: FILES[i]!.data.length,
        crc: crc32(FILES[i]!.data),
      });
      expect(e.data).toEqual(FILES[i]!.data);
    }
  });

  it('makes the same bytes for the same files', () => {
    expect(zipFiles(FILES)).toEqual(zipFiles(FILES));
    expect(centralDirectory(zipFiles([]))).toEqual([]);
  });

  it('passes unzip -t, and unzip unpacks each file byte for byte, under its UTF-8 name, readable', () => {
    expect(execFileSync('unzip', ['-t', archive], { encoding: 'utf8' })).toContain('No errors detected');
    for (const f of FILES) expect(new Uint8Array(execFileSync('unzip', ['-p', archive, f.name]))).toEqual(f.data);
    const out = path.join(dir, 'unpacked');
    execFileSync('unzip', ['-q', archive, '-d', out]);
    for (const f of FILES) {
      expect(new Uint8Array(readFileSync(path.join(out, f.name)))).toEqual(f.data);
      expect(statSync(path.join(out, f.name)).mode & 0o777).toBe(0o644);
    }
  });

  it("passes Python's zipfile: no CRC errors, UTF-8 names, same contents", () => {
    const script = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps({"bad": z.testzip(), "files": [[i.filename, i.compress_type, i.flag_bits, hashlib.sha256(z.read(i)).hexdigest()] for i in z.infolist()]}))`;
    const out = JSON.parse(execFileSync('python3', ['-c', script, archive], { encoding: 'utf8' })) as {
      bad: null;
      files: [string, number, number, string][];
    };
    expect(out.bad).toBeNull();
    const sha = (data: Uint8Array) =>
      execFileSync('python3', ['-c', 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'], {
        input: data,
        encoding: 'utf8',
      }).trim();
    expect(out.files).toEqual(FILES.map((f) => [f.name, 0, 0x0800, sha(f.data)]));
  });

  it('refuses names that would unpack elsewhere, and the same name twice', () => {
    const data = new Uint8Array(1);
    for (const name of ['', '/etc/passwd', '../up.txt', 'a/../../b', 'a\\\\b', 'a//b', 'dir/'])
      expect(() => zipFiles([{ name, data }]), name).toThrow(/cannot zip/);
    expect(() =>
      zipFiles([
        { name: 'a.md', data },
        { name: 'a.md', data },
      ]),
    ).toThrow('cannot zip "a.md" twice');
  });
});
