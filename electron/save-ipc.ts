/**
 * The main-process side of saveFile / saveFiles (bridge-api.ts): checks who
 * is asking and what (save-request.ts), asks the user for a path with the
 * native save dialog, and writes there. The page never names a path itself:
 * the only paths written are the one the user picked and, for saveFiles,
 * plain file names inside `<stem>-images/` beside it (the stem of the
 * suggested name).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isFromAppPage } from './ipc-sender.js';
import { SAVE_FILE_CHANNEL, SAVE_FILES_CHANNEL, type SaveData, type SaveFilter, type SaveResult } from './bridge-api.js';
import { assetFolderName } from '../shared/text/file-names.js';
import { parseSaveFileRequest, parseSaveFilesRequest, SaveRequestError } from './save-request.js';

/** Finds which of the app's own windows shows `sender`, if any (main.ts keeps the list). */
export type OwnWindowLookup = (sender: WebContents) => BrowserWindow | undefined;

/** The folder of the last export, where the next dialog starts; for this run of the app only. */
let lastFolder: string | undefined;

export function registerSaveIpc(ownWindow: OwnWindowLookup): void {
  ipcMain.handle(SAVE_FILE_CHANNEL, async (event, ...args: unknown[]): Promise<SaveResult> => {
    const window = trustedWindow(event, ownWindow);
    const request = parseSaveFileRequest(onlyArgument(args));
    const file = await askForPath(window, request.suggestedName, request.filters);
    if (file === undefined) return { saved: false };
    await write(file, request.data);
    lastFolder = path.dirname(file);
    return { saved: true, path: file };
  });

  ipcMain.handle(SAVE_FILES_CHANNEL, async (event, ...args: unknown[]): Promise<SaveResult> => {
    const window = trustedWindow(event, ownWindow);
    const request = parseSaveFilesRequest(onlyArgument(args));
    const file = await askForPath(window, request.suggestedName, request.filters);
    if (file === undefined) return { saved: false };
    if (request.assets.length > 0) {
      // Named after the suggested name, not the one the user may type in the dialog: the
      // document's links were written against it (shared/export/report/report-markdown.ts).
      const folder = path.join(path.dirname(file), assetFolderName(request.suggestedName));
      await mkdir(folder, { recursive: true });
      for (const asset of request.assets) await write(insideFolder(folder, asset.name), asset.data);
    }
    // The document last, so a document on disk never points at images that failed to write.
    await write(file, request.main);
    lastFolder = path.dirname(file);
    return { saved: true, path: file };
  });
}

/**
 * The window to parent the dialog to, once the call is known to come from
 * the app's page: the top frame of one of our own windows, showing app://.
 * Anything else (another web contents, a subframe, a page that navigated
 * elsewhere) is refused.
 */
function trustedWindow(event: IpcMainInvokeEvent, ownWindow: OwnWindowLookup): BrowserWindow {
  const window = ownWindow(event.sender);
  if (!window) throw new SaveRequestError('Refused to save: the request did not come from a Hopscope window.');
  if (!isFromAppPage(event)) throw new SaveRequestError('Refused to save: the request did not come from the Hopscope page.');
  return window;
}

function onlyArgument(args: readonly unknown[]): unknown {
  if (args.length !== 1) throw new SaveRequestError(`Refused to save: expected one request, got ${args.length} arguments.`);
  return args[0];
}

/** The path the user picked, or undefined when they cancelled. */
async function askForPath(window: BrowserWindow, suggestedName: string, filters: SaveFilter[] | undefined): Promise<string | undefined> {
  const folder = lastFolder ?? documentsFolder();
  const { canceled, filePath } = await dialog.showSaveDialog(window, {
    defaultPath: folder === undefined ? suggestedName : path.join(folder, suggestedName),
    ...(filters ? { filters } : {}),
    // Linux asks before overwriting only when told to (macOS and Windows always do); macOS hides "New Folder" otherwise.
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return canceled || !filePath ? undefined : filePath;
}

/** Documents, or nothing when the platform has none (the dialog then picks its own start folder). */
function documentsFolder(): string | undefined {
  try {
    return app.getPath('documents');
  } catch {
    return undefined;
  }
}

/** `folder/name`, re-checked after resolving although the name was validated: a write must never leave the folder. */
function insideFolder(folder: string, name: string): string {
  const file = path.resolve(folder, name);
  if (path.dirname(file) !== path.resolve(folder))
    throw new SaveRequestError(`Refused to save: "${name}" would be written outside ${folder}.`);
  return file;
}

function write(file: string, data: SaveData): Promise<void> {
  return typeof data === 'string' ? writeFile(file, data, 'utf8') : writeFile(file, data);
}
