/**
 * Saving an export from the renderer. In Electron the preload's bridge shows
 * the native save dialog and the main process writes the file (and, for a
 * document with images, the images into `<stem>-images/` beside it). The
 * browser build cannot write files, so it downloads: the file itself, or a
 * zip holding the document and its `<stem>-images/` folder, since a download
 * is one file.
 */
import type { SaveData, SaveFilter } from '../../electron/bridge-api.js';
import { assetFolderName, fileNameProblem, nameWithoutExtension } from '../../shared/text/file-names.js';
import { zipFiles } from '../../shared/export/zip.js';

/** What can be saved: bytes, text (written as UTF-8), or a Blob. */
export type FileData = Uint8Array | string | Blob;

/** An image (or any file) saved beside the document; `name` is a plain file name. */
export interface FileAsset {
  name: string;
  data: FileData;
}

/** How long a download's object URL stays valid after the click: the browser reads it asynchronously. */
const REVOKE_AFTER_MS = 10_000;

/**
 * Saves one file named `name` (a suggestion in Electron: the user picks the
 * path). False when the user cancelled the dialog; true once written, or
 * once the browser's download has started (whether it then completes is
 * not visible to the page).
 */
export async function saveFile(name: string, data: FileData, mime: string): Promise<boolean> {
  const bridge = window.hopscope;
  if (bridge?.saveFile) {
    const result = await bridge.saveFile({ suggestedName: name, data: await bridgeData(data), ...filtersFor(name) });
    return result.saved;
  }
  download(name, data instanceof Blob ? data : new Blob([blobPart(data)], { type: mime }));
  return true;
}

/**
 * Saves a document (`main`, named `name`) with its assets beside it in
 * `<stem>-images/` (Electron), or as `<stem>.zip` holding both (browser).
 * Without assets this is saveFile. Same result as saveFile.
 */
export async function saveFiles(name: string, main: FileData, assets: readonly FileAsset[], mime: string): Promise<boolean> {
  if (assets.length === 0) return saveFile(name, main, mime);
  // Checked here too (the main process checks again) so the browser's zip never holds an entry that unpacks elsewhere.
  for (const asset of assets) {
    const problem = fileNameProblem(asset.name);
    if (problem) throw new Error(`Cannot save "${asset.name}" beside ${name}: the name ${problem}.`);
  }
  const bridge = window.hopscope;
  if (bridge?.saveFiles) {
    const bridged = await Promise.all(assets.map(async (asset) => ({ name: asset.name, data: await bridgeData(asset.data) })));
    const result = await bridge.saveFiles({ suggestedName: name, main: await bridgeData(main), assets: bridged, ...filtersFor(name) });
    return result.saved;
  }
  const folder = assetFolderName(name);
  const entries = await Promise.all([
    bytes(main).then((data) => ({ name, data })),
    ...assets.map(async (asset) => ({ name: `${folder}/${asset.name}`, data: await bytes(asset.data) })),
  ]);
  download(`${nameWithoutExtension(name)}.zip`, new Blob([blobPart(zipFiles(entries))], { type: 'application/zip' }));
  return true;
}

/** The save dialog's file type, from the name's extension (none when it has no usable one). */
function filtersFor(name: string): { filters?: SaveFilter[] } {
  const stem = nameWithoutExtension(name);
  const extension = stem === name ? '' : name.slice(stem.length + 1);
  return /^[A-Za-z0-9_-]{1,32}$/.test(extension) ? { filters: [{ name: `${extension.toUpperCase()} file`, extensions: [extension] }] } : {};
}

/** A Blob cannot cross IPC: it is read into bytes; text stays text (the main process writes it as UTF-8). */
async function bridgeData(data: FileData): Promise<SaveData> {
  return data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
}

async function bytes(data: FileData): Promise<Uint8Array> {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  return data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
}

/** Exports are built in ordinary ArrayBuffers, never shared ones, so the bytes go into the Blob without a copy. */
function blobPart(data: Uint8Array | string): BlobPart {
  return data as Uint8Array<ArrayBuffer> | string;
}

/** Downloads `blob` as `name` through a temporary <a download> on an object URL. */
function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
