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
   * the stem of `suggestedName` (shared/text/file-names.ts), which is what the document's links name.
   */
  saveFiles(request: SaveFilesRequest): Promise<SaveResult>;
  /**
   * Files the main process opened for the page (menu, command line, Open-with, a second launch).
   * Sent before a listener subscribed are kept and handed to the first one. Returns the unsubscribe.
   */
  onFilesOpened(listener: (files: OpenedFile[]) => void): () => void;
  /** Menu commands the page carries out. Returns the unsubscribe. */
  onCommand(listener: (command: DesktopCommand) => void): () => void;
  /**
   * Up to `length` bytes (at most MAX_CHUNK_BYTES) of an opened file from `offset`: fewer only at
   * its end (its size when opened). The main process reads just that range, never the whole file.
   */
  readFileChunk(id: string, offset: number, length: number): Promise<Uint8Array>;
  /** Lets the main process close the file; later reads of it fail. Closing it again does nothing. */
  closeFile(id: string): Promise<void>;
}

/** A file the main process opened and the page may read by `id`; its path stays in the main process. */
export interface OpenedFile {
  /** Random, unguessable: only ids the main process handed out are read. */
  id: string;
  /** The file's base name, for the dataset name and messages. */
  name: string;
  /** In bytes, when it was opened: reads stop there, so progress adds up. */
  size: number;
}

/** What the menu asks the page to do. */
export const DESKTOP_COMMANDS = ['open-samples', 'export-report', 'reload-datasets'] as const;
export type DesktopCommand = (typeof DESKTOP_COMMANDS)[number];

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

/** Main → page: OpenedFile[] to load as a new dataset. */
export const FILES_OPENED_CHANNEL = 'hopscope:files-opened';
/** Main → page: one DesktopCommand. */
export const COMMAND_CHANNEL = 'hopscope:command';
/** Page → main: (id, offset, length) → Uint8Array. */
export const READ_CHUNK_CHANNEL = 'hopscope:read-chunk';
/** Page → main: (id) → void. */
export const CLOSE_FILE_CHANNEL = 'hopscope:close-file';
/** The most one readFileChunk may ask for: a chunk is copied across IPC, so it stays small. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
