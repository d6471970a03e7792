/**
 * Runs in the sandboxed renderer before the page: exposes `window.hopscope`
 * (bridge-api.ts): plain data, and named functions that each invoke one
 * fixed IPC channel. Bundled to dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_KEY,
  CLOSE_FILE_CHANNEL,
  COMMAND_CHANNEL,
  DESKTOP_COMMANDS,
  FILES_OPENED_CHANNEL,
  READ_CHUNK_CHANNEL,
  SAVE_FILE_CHANNEL,
  SAVE_FILES_CHANNEL,
  type DesktopCommand,
  type HopscopeBridge,
  type OpenedFile,
  type SaveResult,
} from './bridge-api.js';

/**
 * Listeners of one main → page channel. The page subscribes only once React
 * has mounted (after the engine's worker started), which can be after the
 * main process sent files it was launched with: what arrives before the
 * first listener is kept and handed to it, so nothing is lost.
 */
function pushChannel<T>(channel: string, toPlain: (payload: unknown) => T | undefined) {
  const listeners = new Set<(value: T) => void>();
  let waiting: T[] = [];
  // Only the payload goes on: the IpcRendererEvent (with its sender and ports) never reaches the page.
  ipcRenderer.on(channel, (_event, payload: unknown) => {
    const value = toPlain(payload);
    if (value === undefined) return;
    if (listeners.size === 0) waiting.push(value);
    for (const listener of listeners) listener(value);
  });
  return (listener: (value: T) => void): (() => void) => {
    listeners.add(listener);
    const kept = waiting;
    waiting = [];
    for (const value of kept) listener(value);
    return () => void listeners.delete(listener);
  };
}

/** A fresh array of fresh objects holding only the expected fields (the main process sends these, but they reach page code). */
function plainFiles(payload: unknown): OpenedFile[] | undefined {
  if (!Array.isArray(payload)) return undefined;
  const files = payload.flatMap((item: unknown): OpenedFile[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { id, name, size } = item as Record<string, unknown>;
    return typeof id === 'string' && typeof name === 'string' && typeof size === 'number' ? [{ id, name, size }] : [];
  });
  return files.length > 0 ? files : undefined;
}

function knownCommand(payload: unknown): DesktopCommand | undefined {
  return DESKTOP_COMMANDS.find((command) => command === payload);
}

const bridge: HopscopeBridge = {
  platform: process.platform,
  versions: {
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
  },
  // One argument only, whatever the page passes: the channel's payload is exactly the request.
  saveFile: (request) => ipcRenderer.invoke(SAVE_FILE_CHANNEL, request) as Promise<SaveResult>,
  saveFiles: (request) => ipcRenderer.invoke(SAVE_FILES_CHANNEL, request) as Promise<SaveResult>,
  onFilesOpened: pushChannel(FILES_OPENED_CHANNEL, plainFiles),
  onCommand: pushChannel(COMMAND_CHANNEL, knownCommand),
  // Exactly the named arguments; the main process checks them again (renderer-channel.ts).
  readFileChunk: (id, offset, length) => ipcRenderer.invoke(READ_CHUNK_CHANNEL, id, offset, length) as Promise<Uint8Array>,
  closeFile: async (id) => {
    await ipcRenderer.invoke(CLOSE_FILE_CHANNEL, id);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
