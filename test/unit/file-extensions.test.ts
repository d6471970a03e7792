/** Which file names the desktop app claims (dialogs, OS file associations, command-line paths). */
import { describe, expect, it } from 'vitest';
import { isTraceFileName, TRACE_FILE_EXTENSIONS } from '../../shared/formats/file-extensions.js';

describe('TRACE_FILE_EXTENSIONS', () => {
  it('is each readable format plain, gzip and zstd, without leading dots', () => {
    expect([...TRACE_FILE_EXTENSIONS].sort()).toEqual(
      ['json', 'jsonl', 'ndjson', 'pb'].flatMap((base) => [base, `${base}.gz`, `${base}.zst`]).sort(),
    );
    expect(new Set(TRACE_FILE_EXTENSIONS).size).toBe(TRACE_FILE_EXTENSIONS.length);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(TRACE_FILE_EXTENSIONS)).toBe(true);
  });
});

describe('isTraceFileName', () => {
  it.each([
    'trace.json',
    'before-migration.otlp.jsonl.gz',
    'after-migration.otlp.pb.gz',
    'spans.ndjson.zst',
    'EXPORT.JSON',
    'dump.Json.GZ',
    '/home/me/traces/a.pb',
    'C:\\Users\\me\\traces\\a.jsonl',
  ])('accepts %s', (name) => expect(isTraceFileName(name)).toBe(true));

  it.each([
    'notes.txt',
    'archive.gz',
    'archive.tar.zst',
    'trace.proto',
    'trace.json.bak',
    'trace.jsonx',
    '.json',
    '/home/me/.json',
    'dir.json/notes.txt',
    '',
  ])('refuses %s', (name) => expect(isTraceFileName(name)).toBe(false));
});
