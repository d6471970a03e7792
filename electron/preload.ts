/**
 * Runs in the sandboxed renderer before the page: exposes `window.hopscope`
 * (bridge-api.ts), plain data only. Bundled to dist/electron/preload.cjs.
 */
import { contextBridge } from 'electron';
import { BRIDGE_KEY, type HopscopeBridge } from './bridge-api.js';

const bridge: HopscopeBridge = {
  platform: process.platform,
  versions: {
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
  },
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
