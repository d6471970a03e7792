/**
 * Hands files the main process was given (menu, command line, Open-with, a
 * second launch) to a window's page, and lets that page read them in chunks
 * (bridge-api.ts: onFilesOpened, readFileChunk, closeFile). The page only
 * ever gets a random id, a base name and a size: paths stay here, and it can
 * read only files handed to its own window, one bounded range at a time, so
 * a multi-GB trace never crosses IPC whole. Also sends menu commands.
 */
import { randomUUID } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isFromAppPage } from './ipc-sender.js';
import {
  CLOSE_FILE_CHANNEL,
  COMMAND_CHANNEL,
  FILES_OPENED_CHANNEL,
  MAX_CHUNK_BYTES,
  READ_CHUNK_CHANNEL,
  type DesktopCommand,
  type OpenedFile,
} from './bridge-api.js';

interface OpenFile {
  path: string;
  size: number;
  /** Opened when handed out: the page reads what was named even if the path is renamed meanwhile. */
  handle: FileHandle;
  /** Only the page of the window it was handed to may read it. */
  owner: WebContents;
  window: BrowserWindow;
}

/** What one window's page is sent; messages wait while it loads (they would reach no page). */
interface WindowState {
  contents: WebContents;
  waiting: [channel: string, payload: unknown][];
  ids: Set<string>;
}

const openFiles = new Map<string, OpenFile>();
const windows = new WeakMap<BrowserWindow, WindowState>();

export function registerRendererChannel(isOurSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(READ_CHUNK_CHANNEL, async (event, ...args: unknown[]): Promise<Uint8Array> => {
    checkSender(event, isOurSender);
    if (args.length !== 3) refuse(`expected (id, offset, length), got ${args.length} arguments`);
    const [id, offset, length] = args;
    const file = ownFile(event, id);
    if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) > file.size) {
      refuse(`offset must be an integer from 0 to ${file.size}`);
    }
    if (!Number.isSafeInteger(length) || (length as number) < 1 || (length as number) > MAX_CHUNK_BYTES) {
      refuse(`length must be an integer from 1 to ${MAX_CHUNK_BYTES}`);
    }
    return readRange(file, offset as number, length as number);
  });

  ipcMain.handle(CLOSE_FILE_CHANNEL, async (event, ...args: unknown[]): Promise<void> => {
    checkSender(event, isOurSender);
    if (args.length !== 1 || typeof args[0] !== 'string') refuse('expected one file id');
    const file = openFiles.get(args[0]);
    // Already closed is fine: the page closes a file when its stream ends and again when its load ends.
    if (!file) return;
    if (file.owner !== event.sender) refuse('that file was opened for another window');
    await forget(args[0]);
  });
}

/**
 * Opens `paths` for `window`'s page and sends it their ids, names and sizes
 * (one message, so they load as one dataset). Files that cannot be read are
 * left out and named in a message box.
 */
export function sendFilesToWindow(window: BrowserWindow, paths: string[]): void {
  void openAll(window, paths).catch((error: unknown) => console.error('Hopscope could not open files:', error));
}

/** Asks `window`'s page to carry out a menu command. */
export function sendCommand(window: BrowserWindow, command: DesktopCommand): void {
  if (window.isDestroyed()) return;
  send(stateOf(window), COMMAND_CHANNEL, command);
}

async function openAll(window: BrowserWindow, paths: string[]): Promise<void> {
  const opened: OpenedFile[] = [];
  const failed: string[] = [];
  for (const file of paths) {
    try {
      opened.push(await openOne(window, file));
    } catch (error) {
      failed.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (opened.length > 0 && !window.isDestroyed()) send(stateOf(window), FILES_OPENED_CHANNEL, opened);
  if (failed.length > 0 && !window.isDestroyed()) {
    await dialog.showMessageBox(window, {
      type: 'warning',
      message: failed.length === 1 ? 'A file could not be opened.' : `${failed.length} files could not be opened.`,
      detail: failed.join('\n'),
    });
  }
}

async function openOne(window: BrowserWindow, file: string): Promise<OpenedFile> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a file');
    // The window may have closed while the file was opening: its page would never read or close it.
    if (window.isDestroyed()) throw new Error('the window closed');
    const state = stateOf(window);
    const id = randomUUID();
    openFiles.set(id, { path: file, size: stat.size, handle, owner: state.contents, window });
    state.ids.add(id);
    return { id, name: path.basename(file), size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The window's state, created (with its clean-up on close) the first time the window is sent anything. */
function stateOf(window: BrowserWindow): WindowState {
  let state = windows.get(window);
  if (state) return state;
  // Kept now: a closed window's webContents can no longer be read.
  state = { contents: window.webContents, waiting: [], ids: new Set() };
  windows.set(window, state);
  const forgetAll = state.ids;
  window.once('closed', () => {
    for (const id of [...forgetAll]) void forget(id);
    windows.delete(window);
  });
  return state;
}

/** Sends now when the page is up, else once it has loaded (messages to a loading page are lost with it). */
function send(state: WindowState, channel: string, payload: unknown): void {
  if (pageLoaded(state.contents)) {
    state.contents.send(channel, payload);
    return;
  }
  state.waiting.push([channel, payload]);
  if (state.waiting.length > 1) return;
  state.contents.once('did-finish-load', () => {
    const waiting = state.waiting;
    state.waiting = [];
    for (const [queued, value] of waiting) state.contents.send(queued, value);
  });
}

/** Not loading, and something loaded (before loadURL nothing is loading either, but there is no page). */
function pageLoaded(contents: WebContents): boolean {
  return !contents.isLoading() && contents.getURL() !== '';
}

/** A window of ours (main.ts's predicate), its top frame, showing the app's own page. Anything else is refused. */
function checkSender(event: IpcMainInvokeEvent, isOurSender: (event: IpcMainInvokeEvent) => boolean): void {
  if (!isOurSender(event)) refuse('the request did not come from a Hopscope window');
  if (!isFromAppPage(event)) refuse('the request did not come from the Hopscope page');
}

function ownFile(event: IpcMainInvokeEvent, id: unknown): OpenFile {
  if (typeof id !== 'string') refuse('the file id must be a string');
  const file = openFiles.get(id);
  if (!file) refuse('no such open file (it was closed, or never opened)');
  if (file.owner !== event.sender) refuse('that file was opened for another window');
  return file;
}

/** The bytes at [offset, offset + length), cut at the size the file had when opened. */
async function readRange(file: OpenFile, offset: number, length: number): Promise<Uint8Array> {
  const wanted = Math.min(length, file.size - offset);
  const bytes = new Uint8Array(wanted);
  let filled = 0;
  // read() may return less than asked (pipes, network file systems): go on until the range is read or the file ends.
  while (filled < wanted) {
    const { bytesRead } = await file.handle.read(bytes, filled, wanted - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  // A copy when short (the file shrank): IPC clones a view's whole buffer, not just the view.
  return filled === wanted ? bytes : bytes.slice(0, filled);
}

async function forget(id: string): Promise<void> {
  const file = openFiles.get(id);
  if (!file) return;
  openFiles.delete(id);
  windows.get(file.window)?.ids.delete(id);
  await file.handle.close().catch(() => undefined);
}

function refuse(reason: string): never {
  throw new Error(`Refused to read a file: ${reason}.`);
}
