/**
 * Runs in the sandboxed renderer before the page: exposes `window.hopscope`
 * (bridge-api.ts): plain data, and named functions that each invoke one
 * fixed IPC channel. Bundled to dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL, type HopscopeBridge, type SaveResult } from './bridge-api.js';

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
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
