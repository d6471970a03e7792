/**
 * Files handed from the main process to a window's page (renderer-channel.ts)
 * with `electron` mocked: real temp files are opened, and the page's reads
 * return exactly the bytes asked for, from its own files only.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenedFile } from '../../electron/bridge-api.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  return {
    handlers,
    ipcMain: { handle: vi.fn((channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler)) },
    dialog: { showMessageBox: vi.fn(async () => ({ response: 0 })) },
  };
});
vi.mock('electron', () => ({ ipcMain: electron.ipcMain, dialog: electron.dialog }));

/** A BrowserWindow as far as renderer-channel.ts uses it; its page is loaded unless told otherwise. */
class FakeWindow extends EventEmitter {
  destroyed = false;
  readonly webContents = Object.assign(new EventEmitter(), {
    loading: false,
    url: 'app://hopscope/index.html',
    sent: [] as [string, unknown][],
    isLoading() {
      return this.loading;
    },
    getURL() {
      return this.url;
    },
    send(channel: string, payload: unknown) {
      this.sent.push([channel, payload]);
    },
  });
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
}

const appFrame = { parent: null, url: 'app://hopscope/index.html#/' };
const eventFrom = (window: FakeWindow, frame: object = appFrame) => ({ sender: window.webContents, senderFrame: frame });

let root: string;
const bytes = new Uint8Array(10_000).map((_, i) => (i * 7 + 3) % 256);
let channel: typeof import('../../electron/renderer-channel.js');
let readChunk: Handler;
let closeFile: Handler;
/** Windows whose senders the "main.ts" predicate accepts. */
const ourWindows = new Set<FakeWindow>();

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'hopscope-channel-'));
  writeFileSync(path.join(root, 'trace.json'), bytes);
  writeFileSync(path.join(root, 'empty.json'), '');
  mkdirSync(path.join(root, 'folder'));
  channel = await import('../../electron/renderer-channel.js');
  channel.registerRendererChannel((event) => [...ourWindows].some((w) => (w.webContents as unknown) === event.sender));
  readChunk = electron.handlers.get('hopscope:read-chunk') as Handler;
  closeFile = electron.handlers.get('hopscope:close-file') as Handler;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function newWindow(): FakeWindow {
  const window = new FakeWindow();
  ourWindows.add(window);
  return window;
}

/** Sends `files` to a new window and waits for the files-opened message. */
async function opened(names: string[], window = newWindow()): Promise<{ window: FakeWindow; files: OpenedFile[] }> {
  channel.sendFilesToWindow(
    window as never,
    names.map((name) => path.join(root, name)),
  );
  await vi.waitFor(() => expect(window.webContents.sent.length).toBeGreaterThan(0));
  const [name, files] = window.webContents.sent[0]!;
  expect(name).toBe('hopscope:files-opened');
  return { window, files: files as OpenedFile[] };
}

describe('electron renderer channel', () => {
  it('sends ids, base names and sizes (never paths), and reads exact byte ranges', async () => {
    const { window, files } = await opened(['trace.json', 'empty.json']);
    expect(files.map(({ name, size }) => ({ name, size }))).toEqual([
      { name: 'trace.json', size: 10_000 },
      { name: 'empty.json', size: 0 },
    ]);
    expect(JSON.stringify(files)).not.toContain(root);
    const id = files[0]!.id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const event = eventFrom(window);
    expect(await readChunk(event, id, 0, 4096)).toEqual(bytes.slice(0, 4096));
    expect(await readChunk(event, id, 1234, 1)).toEqual(bytes.slice(1234, 1235));
    // Past the end: only what is there, then nothing.
    expect(await readChunk(event, id, 9000, 4096)).toEqual(bytes.slice(9000));
    expect(await readChunk(event, id, 10_000, 4096)).toEqual(new Uint8Array(0));
    expect(await readChunk(event, files[1]!.id, 0, 10)).toEqual(new Uint8Array(0));
  });

  it('refuses foreign senders, unknown ids, bad offsets and lengths', async () => {
    const { window, files } = await opened(['trace.json']);
    const id = files[0]!.id;
    const event = eventFrom(window);
    const stranger = new FakeWindow();
    const other = newWindow();
    await expect(readChunk(eventFrom(stranger), id, 0, 10)).rejects.toThrow(/not come from a Hopscope window/);
    await expect(readChunk(eventFrom(window, { parent: {}, url: appFrame.url }), id, 0, 10)).rejects.toThrow(/Hopscope page/);
    await expect(readChunk(eventFrom(window, { parent: null, url: 'https://example.com/' }), id, 0, 10)).rejects.toThrow(/Hopscope page/);
    // Another of our windows cannot read this window's file.
    await expect(readChunk(eventFrom(other), id, 0, 10)).rejects.toThrow(/another window/);
    await expect(readChunk(event, 'not-an-id', 0, 10)).rejects.toThrow(/no such open file/);
    await expect(readChunk(event, 42, 0, 10)).rejects.toThrow(/must be a string/);
    for (const offset of [-1, 10_001, 1.5, '0', Number.NaN]) {
      await expect(readChunk(event, id, offset, 10)).rejects.toThrow(/offset/);
    }
    for (const length of [0, -5, 2.5, 8 * 1024 * 1024 + 1, 2 ** 40, '10']) {
      await expect(readChunk(event, id, 0, length)).rejects.toThrow(/length/);
    }
    await expect(readChunk(event, id, 0)).rejects.toThrow(/expected \(id, offset, length\)/);
    // The largest allowed length is fine.
    expect(await readChunk(event, id, 0, 8 * 1024 * 1024)).toEqual(bytes);
  });

  it('close forgets the file; closing again is harmless; a closed window forgets its files', async () => {
    const { window, files } = await opened(['trace.json', 'trace.json']);
    const [first, second] = files.map((f) => f.id);
    expect(first).not.toBe(second);
    const event = eventFrom(window);
    await expect(closeFile(eventFrom(newWindow()), first)).rejects.toThrow(/another window/);
    await expect(closeFile(event, first)).resolves.toBeUndefined();
    await expect(readChunk(event, first, 0, 10)).rejects.toThrow(/no such open file/);
    await expect(closeFile(event, first)).resolves.toBeUndefined();
    await expect(closeFile(event, 7)).rejects.toThrow(/one file id/);
    expect(await readChunk(event, second, 0, 3)).toEqual(bytes.slice(0, 3));
    window.close();
    await expect(readChunk(event, second, 0, 3)).rejects.toThrow(/no such open file/);
  });

  it('queues messages until the page has loaded', async () => {
    const window = newWindow();
    window.webContents.loading = true;
    channel.sendFilesToWindow(window as never, [path.join(root, 'trace.json')]);
    channel.sendCommand(window as never, 'export-report');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(window.webContents.sent).toEqual([]);
    window.webContents.loading = false;
    window.webContents.emit('did-finish-load');
    // The files took a moment to open, so the command was queued first.
    expect(window.webContents.sent.map(([name]) => name)).toEqual(['hopscope:command', 'hopscope:files-opened']);
    expect(window.webContents.sent[0]![1]).toBe('export-report');
    // Once loaded, straight away.
    channel.sendCommand(window as never, 'reload-datasets');
    expect(window.webContents.sent.at(-1)).toEqual(['hopscope:command', 'reload-datasets']);
  });

  it('skips files it cannot read and names them in a message box', async () => {
    electron.dialog.showMessageBox.mockClear();
    const { window, files } = await opened(['missing.json', 'trace.json', 'folder']);
    expect(files.map((f) => f.name)).toEqual(['trace.json']);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    const [parent, options] = electron.dialog.showMessageBox.mock.calls[0] as unknown as [unknown, { message: string; detail: string }];
    expect(parent).toBe(window);
    expect(options.message).toBe('2 files could not be opened.');
    expect(options.detail).toContain('missing.json');
    expect(options.detail).toContain('folder: not a file');
  });

  it('sends nothing when no file could be opened', async () => {
    const window = newWindow();
    electron.dialog.showMessageBox.mockClear();
    channel.sendFilesToWindow(window as never, [path.join(root, 'missing.json')]);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(1));
    expect(window.webContents.sent).toEqual([]);
  });
});
