/**
 * What the preload script exposes to the renderer as `window.hopscope`.
 * Data only for now; anything callable added later gets its own named,
 * typed function here (never a generic IPC passthrough).
 */
export interface HopscopeBridge {
  readonly platform: string;
  readonly versions: {
    readonly electron: string;
    readonly chrome: string;
    readonly node: string;
  };
}

/** The global name the bridge is exposed under. */
export const BRIDGE_KEY = 'hopscope';
