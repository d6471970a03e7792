/** What the main process accepts from saveFile / saveFiles (save-request.ts, save-names.ts): plain tables, no mocks. */
import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/app-protocol.js';
import { assetFolderName, fileNameProblem, nameWithoutExtension } from '../../shared/text/file-names.js';
import { MAX_ASSETS, MAX_SAVE_BYTES, parseSaveFileRequest, parseSaveFilesRequest, SaveRequestError } from '../../electron/save-request.js';

const bytes = new Uint8Array([1, 2, 3]);

describe('fileNameProblem', () => {
  it.each(['map.png', 'report.md', 'Größe – Übersicht.svg', 'a', '.hidden', 'x'.repeat(255), 'flame (1).png', 'con-map.png'])(
    'accepts %j',
    (name) => expect(fileNameProblem(name)).toBeNull(),
  );

  it.each([
    ['', /empty/],
    ['.', /relative folder/],
    ['..', /relative folder/],
    ['../x', /separator/],
    ['a/b.png', /separator/],
    ['a\\b.png', /separator/],
    ['/etc/passwd', /separator/],
    ['C:\\Windows\\win.ini', /separator/],
    ['C:x.png', /reserved character/],
    ['map.png:stream', /reserved character/],
    ['a\u0000.png', /control character/],
    ['a\n.png', /control character/],
    ['what?.png', /reserved character/],
    ['map.png.', /ends with a dot/],
    ['map.png ', /space/],
    ['nul.png', /device name/],
    ['COM1', /device name/],
    ['x'.repeat(256), /longer than 255 bytes/],
    // 128 two-byte characters: 128 characters but 256 bytes.
    ['é'.repeat(128), /longer than 255 bytes/],
  ])('refuses %j', (name, problem) => expect(fileNameProblem(name)).toMatch(problem));
});

describe('nameWithoutExtension and assetFolderName', () => {
  it.each([
    ['report.md', 'report', 'report-images'],
    ['report', 'report', 'report-images'],
    ['report.v2.md', 'report.v2', 'report.v2-images'],
    ['.md', '.md', '.md-images'],
  ])('%j → %j, %j', (name, stem, folder) => {
    expect(nameWithoutExtension(name)).toBe(stem);
    expect(assetFolderName(name)).toBe(folder);
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://hopscope/index.html', true],
    ['app://hopscope/index.html#/sql', true],
    ['app://hopscope', true],
    ['app://elsewhere/index.html', false],
    ['app://hopscope.example.com/', false],
    ['https://hopscope/index.html', false],
    ['file:///index.html', false],
    ['devtools://devtools/bundled/devtools_app.html', false],
    ['about:blank', false],
    ['', false],
  ])('%j → %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));
});

describe('parseSaveFileRequest', () => {
  it.each([
    ['text', { suggestedName: 'query.csv', data: 'a,b\n' }],
    ['bytes', { suggestedName: 'figure.png', data: bytes }],
    ['a Buffer (a Uint8Array)', { suggestedName: 'figure.png', data: Buffer.from('x') }],
    [
      'filters',
      {
        suggestedName: 'q.csv',
        data: '',
        filters: [
          { name: 'CSV file', extensions: ['csv'] },
          { name: 'All', extensions: ['*'] },
        ],
      },
    ],
    ['filters given as undefined', { suggestedName: 'q.csv', data: '', filters: undefined }],
  ])('accepts %s, keeping exactly the checked fields', (_what, request) => {
    const parsed = parseSaveFileRequest(request);
    // Strict: an undefined filters field is dropped, not passed on to the dialog.
    const expected: Record<string, unknown> = { ...request };
    if (expected.filters === undefined) delete expected.filters;
    expect(parsed).toStrictEqual(expected);
    expect(parsed).not.toBe(request);
  });

  it.each([
    ['no request', undefined, /the request must be a plain object, not undefined/],
    ['null', null, /not null/],
    ['an array', [], /not an array/],
    ['a string', 'query.csv', /not string/],
    ['a class instance', new (class Sneaky {})(), /not Sneaky/],
    ['an unknown field', { suggestedName: 'q.csv', data: '', path: '/etc/passwd' }, /unknown field\(s\): path/],
    ['no name', { data: '' }, /suggestedName must be a string, not undefined/],
    ['a non-string name', { suggestedName: ['q.csv'], data: '' }, /suggestedName must be a string, not an array/],
    ['a name with a folder', { suggestedName: '../q.csv', data: '' }, /suggestedName "\.\.\/q\.csv" is not a plain file name/],
    ['no data', { suggestedName: 'q.csv' }, /data must be a Uint8Array or a string, not undefined/],
    ['an ArrayBuffer', { suggestedName: 'q.csv', data: new ArrayBuffer(1) }, /not ArrayBuffer/],
    ['another typed array', { suggestedName: 'q.csv', data: new Float64Array(1) }, /not Float64Array/],
    ['a number', { suggestedName: 'q.csv', data: 7 }, /not number/],
    ['a look-alike of bytes', { suggestedName: 'q.csv', data: { byteLength: 1, 0: 1 } }, /not Object/],
    ['filters that are not an array', { suggestedName: 'q.csv', data: '', filters: { name: 'CSV' } }, /filters must be an array/],
    ['filters as null', { suggestedName: 'q.csv', data: '', filters: null }, /filters must be an array/],
    ['a filter without a name', { suggestedName: 'q.csv', data: '', filters: [{ extensions: ['csv'] }] }, /filters\[0\]\.name/],
    [
      'a filter with no extensions',
      { suggestedName: 'q.csv', data: '', filters: [{ name: 'CSV', extensions: [] }] },
      /filters\[0\]\.extensions/,
    ],
    ['an extension with its dot', { suggestedName: 'q.csv', data: '', filters: [{ name: 'CSV', extensions: ['.csv'] }] }, /holds string/],
    [
      'a wildcard pattern',
      { suggestedName: 'q.csv', data: '', filters: [{ name: 'CSV', extensions: ['*.csv'] }] },
      /filters\[0\]\.extensions/,
    ],
    ['a non-string extension', { suggestedName: 'q.csv', data: '', filters: [{ name: 'CSV', extensions: [1] }] }, /holds number/],
    [
      'a filter with extra fields',
      { suggestedName: 'q.csv', data: '', filters: [{ name: 'CSV', extensions: ['csv'], x: 1 }] },
      /unknown field/,
    ],
    [
      'too many filters',
      { suggestedName: 'q.csv', data: '', filters: Array(33).fill({ name: 'CSV', extensions: ['csv'] }) },
      /more than 32/,
    ],
  ])('refuses %s', (_what, payload, message) => {
    expect(() => parseSaveFileRequest(payload)).toThrow(SaveRequestError);
    expect(() => parseSaveFileRequest(payload)).toThrow(message);
  });

  it('refuses more than 2 GB, counting text as its UTF-8 bytes', () => {
    // A fake view: only byteLength is read, so no 2 GB is allocated.
    const huge = Object.defineProperty(new Uint8Array(1), 'byteLength', { value: MAX_SAVE_BYTES + 1 });
    expect(() => parseSaveFileRequest({ suggestedName: 'big.bin', data: huge })).toThrow(/more than the 2147483648 allowed/);
    const justFits = Object.defineProperty(new Uint8Array(1), 'byteLength', { value: MAX_SAVE_BYTES });
    expect(() => parseSaveFileRequest({ suggestedName: 'big.bin', data: justFits })).not.toThrow();
  });
});

describe('parseSaveFilesRequest', () => {
  const good = {
    suggestedName: 'report.md',
    main: '# Report',
    assets: [
      { name: 'map.png', data: bytes },
      { name: 'key.svg', data: '<svg/>' },
    ],
  };

  it('accepts a document with images, and one without', () => {
    expect(parseSaveFilesRequest(good)).toEqual(good);
    expect(parseSaveFilesRequest({ ...good, assets: [] })).toEqual({ ...good, assets: [] });
  });

  it.each([
    ['no assets field', { suggestedName: 'r.md', main: '' }, /assets must be an array/],
    [
      'an asset name with "..", as a path',
      { ...good, assets: [{ name: '../x', data: '' }] },
      /assets\[0\]\.name "\.\.\/x" is not a plain file name/,
    ],
    ['the asset name ".."', { ...good, assets: [{ name: '..', data: '' }] }, /relative folder/],
    ['an absolute asset name', { ...good, assets: [{ name: '/tmp/x.png', data: '' }] }, /separator/],
    ['a Windows path as an asset name', { ...good, assets: [{ name: 'C:\\x.png', data: '' }] }, /separator/],
    ['an empty asset name', { ...good, assets: [{ name: '', data: '' }] }, /empty/],
    ['a 256-character asset name', { ...good, assets: [{ name: `${'x'.repeat(252)}.png`, data: '' }] }, /longer than 255/],
    ['a non-string asset name', { ...good, assets: [{ name: 1, data: '' }] }, /assets\[0\]\.name must be a string, not number/],
    [
      'the same asset name twice, in any case',
      {
        ...good,
        assets: [
          { name: 'a.png', data: '' },
          { name: 'A.PNG', data: '' },
        ],
      },
      /assets\[1\]\.name repeats/,
    ],
    [
      'asset data of the wrong type',
      { ...good, assets: [{ name: 'a.png', data: [1, 2] }] },
      /assets\[0\]\.data must be a Uint8Array or a string, not an array/,
    ],
    ['an asset that is not an object', { ...good, assets: ['a.png'] }, /assets\[0\] must be a plain object/],
    ['an asset with extra fields', { ...good, assets: [{ name: 'a.png', data: '', path: '/x' }] }, /assets\[0\] has unknown field/],
    ['main of the wrong type', { ...good, main: null }, /main must be a Uint8Array or a string, not null/],
    ['the single-file field name', { ...good, data: '' }, /unknown field\(s\): data/],
    [
      'too many assets',
      { ...good, assets: Array.from({ length: MAX_ASSETS + 1 }, (_, i) => ({ name: `${i}.png`, data: '' })) },
      /more than 10000/,
    ],
  ])('refuses %s', (_what, payload, message) => {
    expect(() => parseSaveFilesRequest(payload)).toThrow(SaveRequestError);
    expect(() => parseSaveFilesRequest(payload)).toThrow(message);
  });

  it('counts the document and every image towards the 2 GB', () => {
    const half = Object.defineProperty(new Uint8Array(1), 'byteLength', { value: MAX_SAVE_BYTES / 2 });
    const request = { suggestedName: 'r.md', main: half, assets: [{ name: 'a.png', data: half }] };
    expect(() => parseSaveFilesRequest(request)).not.toThrow();
    expect(() => parseSaveFilesRequest({ ...request, assets: [...request.assets, { name: 'b.png', data: 'x' }] })).toThrow(/more than/);
  });
});
