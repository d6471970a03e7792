import type { HopscopeBridge } from '../electron/bridge-api.js';

declare global {
  interface Window {
    /** Set by the Electron preload script; absent in the plain web build. */
    readonly hopscope?: HopscopeBridge;
  }
}
