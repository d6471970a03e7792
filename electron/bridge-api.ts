/**
 * What the preload script exposes to the renderer as `window.hopscope`.
 * Plain data, and one named, typed function per thing the page may ask the
 * main process to do (never a generic IPC passthrough). The main process
 * validates every call anyway (save-request.ts): the page is not trusted.
 */
export interface HopscopeBridge {
  readonly platform: string;
  readonly versions: {
    readonly electron: string;
    readonly chrome: string;
    readonly node: string;
  };
  /** Asks for a path with the native save dialog and writes `data` there (a string as UTF-8). */
  saveFile(request: SaveFileRequest): Promise<SaveResult>;
  /**
   * Like saveFile for a document with images: they go into `<stem>-images/` beside the chosen file,
   * the stem of `suggestedName` (save-names.ts), which is what the document's links name.
   */
  saveFiles(request: SaveFilesRequest): Promise<SaveResult>;
}

/** The file types the save dialog offers, as Electron's FileFilter: extensions without the dot, or '*'. */
export interface SaveFilter {
  name: string;
  extensions: string[];
}

/** Bytes, or text written as UTF-8. A Blob cannot cross IPC, so the renderer reads it into bytes first. */
export type SaveData = Uint8Array | string;

export interface SaveFileRequest {
  /** A plain file name (no folder): the dialog starts in the last export folder, or Documents. */
  suggestedName: string;
  data: SaveData;
  filters?: SaveFilter[];
}

export interface SaveAsset {
  /** A plain file name inside `<stem>-images/`. */
  name: string;
  data: SaveData;
}

export interface SaveFilesRequest {
  suggestedName: string;
  main: SaveData;
  assets: SaveAsset[];
  filters?: SaveFilter[];
}

/** saved is false when the user cancelled the dialog; failures reject instead. */
export interface SaveResult {
  saved: boolean;
  /** Where the (main) file was written. */
  path?: string;
}

/** The global name the bridge is exposed under. */
export const BRIDGE_KEY = 'hopscope';

/** The IPC channels behind saveFile and saveFiles, one each. */
export const SAVE_FILE_CHANNEL = 'hopscope:save-file';
export const SAVE_FILES_CHANNEL = 'hopscope:save-files';
