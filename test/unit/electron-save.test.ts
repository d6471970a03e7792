/**
 * Saving exports in the main process (save-ipc.ts) with `electron` mocked:
 * the dialog answers with paths in a temporary folder, and the files really
 * get written there.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SaveResult } from '../../electron/bridge-api.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<SaveResult>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const state = { documents: '' };
  return {
    handlers,
    state,
    ipcMain: { handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler)) },
    dialog: { showSaveDialog: vi.fn() },
    app: { getPath: vi.fn((name: string) => (name === 'documents' ? state.documents : '/nowhere')) },
  };
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, dialog: electron.dialog, app: electron.app }));

const ourContents = { id: 1 };
const ourWindow = { id: 'main window' };
const appFrame = { parent: null, url: 'app://hopscope/index.html#/sql' };
const ours = { sender: ourContents, senderFrame: appFrame };

let root: string;
let documents: string;
let saveFile: Handler;
let saveFiles: Handler;

/** The dialog's next answer: the user picks `file` (relative to the temp root), or cancels. */
function userPicks(file: string | null): void {
  electron.dialog.showSaveDialog.mockResolvedValueOnce(
    file === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path.join(root, file) },
  );
}

function dialogOptions(call = -1): { defaultPath: string; filters?: unknown } {
  const calls = electron.dialog.showSaveDialog.mock.calls;
  const [window, options] = calls.at(call) as [unknown, { defaultPath: string; filters?: unknown }];
  expect(window).toBe(ourWindow);
  return options;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hopscope-save-'));
  documents = path.join(root, 'Documents');
  mkdirSync(path.join(root, 'exports'), { recursive: true });
  electron.state.documents = documents;
  const { registerSaveIpc } = await import('../../electron/save-ipc.js');
  registerSaveIpc((sender) => (sender === ourContents ? (ourWindow as never) : undefined));
  saveFile = electron.handlers.get('hopscope:save-file') as Handler;
  saveFiles = electron.handlers.get('hopscope:save-files') as Handler;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => electron.dialog.showSaveDialog.mockClear());

// In order: the first save starts in Documents, later ones where the last export went.
describe('electron save: saveFile', () => {
  it('returns saved:false and writes nothing when the user cancels (the dialog starts in Documents)', async () => {
    userPicks(null);
    await expect(saveFile(ours, { suggestedName: 'query.csv', data: 'a,b\n' })).resolves.toEqual({ saved: false });
    expect(dialogOptions().defaultPath).toBe(path.join(documents, 'query.csv'));
    expect(readdirSync(root).sort()).toEqual(['exports']);
  });

  it('shows the dialog with the filters, writes text as UTF-8, and returns the path', async () => {
    const filters = [{ name: 'CSV file', extensions: ['csv'] }];
    userPicks('exports/query.csv');
    const result = await saveFile(ours, { suggestedName: 'query.csv', data: 'naïve,✓\n', filters });
    expect(result).toEqual({ saved: true, path: path.join(root, 'exports', 'query.csv') });
    expect(dialogOptions()).toMatchObject({ defaultPath: path.join(documents, 'query.csv'), filters });
    expect(readFileSync(result.path!)).toEqual(Buffer.from('naïve,✓\n', 'utf8'));
  });

  it('starts the next dialog in the folder of the last export, and writes bytes as they are', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    userPicks('exports/figure.png');
    const result = await saveFile(ours, { suggestedName: 'figure.png', data: bytes });
    expect(dialogOptions().defaultPath).toBe(path.join(root, 'exports', 'figure.png'));
    expect(dialogOptions()).not.toHaveProperty('filters');
    expect(new Uint8Array(readFileSync(result.path!))).toEqual(bytes);
  });
});

describe('electron save: saveFiles', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

  it('writes the document where the user chose and its images into <stem>-images/ beside it', async () => {
    userPicks('exports/report.md');
    const result = await saveFiles(ours, {
      suggestedName: 'report.md',
      main: '# Report\n\n![map](report-images/map.png)\n',
      assets: [
        { name: 'map.png', data: png },
        { name: 'legend.svg', data: '<svg/>' },
      ],
    });
    expect(result).toEqual({ saved: true, path: path.join(root, 'exports', 'report.md') });
    expect(readFileSync(result.path!, 'utf8')).toContain('# Report');
    const folder = path.join(root, 'exports', 'report-images');
    expect(readdirSync(folder).sort()).toEqual(['legend.svg', 'map.png']);
    expect(new Uint8Array(readFileSync(path.join(folder, 'map.png')))).toEqual(png);
    expect(readFileSync(path.join(folder, 'legend.svg'), 'utf8')).toBe('<svg/>');
  });

  it("names the images folder after the suggested name when the user renames the file: the document's links name it", async () => {
    userPicks('exports/notes.md');
    const request = { suggestedName: 'summary.md', main: '![key](summary-images/key.svg)', assets: [{ name: 'key.svg', data: '<svg/>' }] };
    await expect(saveFiles(ours, request)).resolves.toEqual({ saved: true, path: path.join(root, 'exports', 'notes.md') });
    expect(readdirSync(path.join(root, 'exports', 'summary-images'))).toEqual(['key.svg']);
  });

  it('returns saved:false and writes nothing when the user cancels', async () => {
    userPicks(null);
    const request = { suggestedName: 'other.md', main: '#', assets: [{ name: 'a.png', data: png }] };
    await expect(saveFiles(ours, request)).resolves.toEqual({ saved: false });
    expect(existsSync(path.join(root, 'exports', 'other-images'))).toBe(false);
  });

  it('makes no images folder when there are no images', async () => {
    userPicks('exports/plain.md');
    await expect(saveFiles(ours, { suggestedName: 'plain.md', main: '#', assets: [] })).resolves.toMatchObject({ saved: true });
    expect(existsSync(path.join(root, 'exports', 'plain-images'))).toBe(false);
  });
});

describe('electron save: refused requests', () => {
  const good = { suggestedName: 'report.md', main: '#', assets: [{ name: 'a.png', data: new Uint8Array(1) }] };

  it.each([
    [
      'an asset name that climbs out of the folder',
      { ...good, assets: [{ name: '../x', data: 'x' }] },
      /assets\[0\]\.name "\.\.\/x" is not a plain file name/,
    ],
    ['an absolute asset name', { ...good, assets: [{ name: '/etc/passwd', data: 'x' }] }, /assets\[0\]\.name .* not a plain file name/],
    ['a non-string suggested name', { ...good, suggestedName: 42 }, /suggestedName must be a string, not number/],
    ['a suggested name with a folder', { ...good, suggestedName: 'sub/report.md' }, /suggestedName .* not a plain file name/],
    ['data of the wrong type', { ...good, main: new Uint16Array(2) }, /main must be a Uint8Array or a string, not Uint16Array/],
    [
      'asset data of the wrong type',
      { ...good, assets: [{ name: 'a.png', data: { length: 1 } }] },
      /assets\[0\]\.data must be a Uint8Array or a string/,
    ],
    ['an unknown field', { ...good, path: '/tmp/x' }, /unknown field\(s\): path/],
    ['filters of the wrong shape', { ...good, filters: [{ name: 'PNG', extensions: '.png' }] }, /filters\[0\]\.extensions/],
  ])('refuses %s, before any dialog', async (_what, request, message) => {
    await expect(saveFiles(ours, request)).rejects.toThrow(message);
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it.each([
    ['web contents that are not our window', { sender: { id: 2 }, senderFrame: appFrame }, /not come from a Hopscope window/],
    [
      'a subframe of our window',
      { sender: ourContents, senderFrame: { parent: appFrame, url: appFrame.url } },
      /not come from the Hopscope page/,
    ],
    [
      'our window showing another origin',
      { sender: ourContents, senderFrame: { parent: null, url: 'https://example.com/' } },
      /Hopscope page/,
    ],
    ['a frame that has gone', { sender: ourContents, senderFrame: null }, /not come from the Hopscope page/],
  ])('refuses a request from %s', async (_what, event, message) => {
    await expect(saveFile(event, { suggestedName: 'a.csv', data: 'x' })).rejects.toThrow(message);
    await expect(saveFiles(event, good)).rejects.toThrow(message);
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('refuses a call that carries anything but exactly one request', async () => {
    await expect(saveFile(ours)).rejects.toThrow(/expected one request, got 0/);
    await expect(saveFile(ours, { suggestedName: 'a.csv', data: 'x' }, 'extra')).rejects.toThrow(/got 2/);
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('wrote nothing outside the folders the user chose', () => {
    expect(readdirSync(root).sort()).toEqual(['exports']);
    expect(readdirSync(path.join(root, 'exports')).sort()).toEqual([
      'figure.png',
      'notes.md',
      'plain.md',
      'query.csv',
      'report-images',
      'report.md',
      'summary-images',
    ]);
  });
});
