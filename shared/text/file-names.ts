/**
 * File-name rules for saved exports, shared by the main process (which
 * validates what the renderer asks it to write) and the renderer (which
 * names the entries of the zip the browser build downloads instead). No
 * Node or Electron imports, so both sides can load it.
 */

/** Longest name most file systems take (ext4 counts bytes, NTFS UTF-16 units); counted in UTF-8 bytes, the stricter of the two. */
export const MAX_FILE_NAME_BYTES = 255;

// Separators, Windows' reserved characters (':' also opens an NTFS alternate stream) and control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[/\\:*?"<>|\u0000-\u001f\u007f]/;
// Windows maps these to devices whatever the extension ("nul.png" is the null device).
const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * Why `name` is not a plain file name (one that can only mean a file inside
 * the folder it is joined to), or null when it is one.
 */
export function fileNameProblem(name: string): string | null {
  if (name === '') return 'is empty';
  if (new TextEncoder().encode(name).length > MAX_FILE_NAME_BYTES) return `is longer than ${MAX_FILE_NAME_BYTES} bytes`;
  if (name === '.' || name === '..') return 'is a relative folder reference';
  if (FORBIDDEN_CHARACTERS.test(name)) return 'contains a path separator, a reserved character or a control character';
  // Windows silently drops trailing dots and spaces, so "a.png." would write "a.png".
  if (/[. ]$/.test(name)) return 'ends with a dot or a space';
  if (WINDOWS_DEVICE_NAMES.test(name)) return 'is a reserved device name on Windows';
  return null;
}

/** The name without its last extension: "report.md" → "report"; a leading dot is not an extension (".md" stays ".md"). */
export function nameWithoutExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** The folder beside a saved document that holds its images: "report.md" → "report-images". */
export function assetFolderName(mainFileName: string): string {
  return `${nameWithoutExtension(mainFileName)}-images`;
}
