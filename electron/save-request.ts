/**
 * Checks what the renderer sends with saveFile / saveFiles before the main
 * process acts on it. The page is treated as untrusted (a bug or injected
 * script there must not be able to write outside the folder the user chose),
 * so every field is checked for type, shape and size, unknown fields are
 * refused, and a new object holding only the checked fields is returned.
 * No Electron imports: unit-tested as is.
 */
import type { SaveAsset, SaveData, SaveFileRequest, SaveFilesRequest, SaveFilter } from './bridge-api.js';
import { fileNameProblem } from '../shared/text/file-names.js';

/** Everything one request writes, together: far above any export, low enough that a runaway payload is refused. */
export const MAX_SAVE_BYTES = 2 * 1024 ** 3;
/** Images beside one document: a report has tens; this only bounds the work a bad request can cause. */
export const MAX_ASSETS = 10_000;
export const MAX_FILTERS = 32;
export const MAX_FILTER_EXTENSIONS = 32;
export const MAX_FILTER_NAME_LENGTH = 200;

// What Electron's FileFilter takes: an extension without its dot, or '*' for all files.
const EXTENSION = /^(\*|[A-Za-z0-9_-]{1,32})$/;

/** A request the main process refuses; its message says which field and why. */
export class SaveRequestError extends Error {
  override name = 'SaveRequestError';
}

export function parseSaveFileRequest(payload: unknown): SaveFileRequest {
  const request = record(payload, 'the request', ['suggestedName', 'data', 'filters']);
  const data = saveData(request.data, 'data');
  checkTotalSize([data]);
  return withFilters({ suggestedName: plainName(request.suggestedName, 'suggestedName'), data }, request.filters);
}

export function parseSaveFilesRequest(payload: unknown): SaveFilesRequest {
  const request = record(payload, 'the request', ['suggestedName', 'main', 'assets', 'filters']);
  const main = saveData(request.main, 'main');
  const assets = assetList(request.assets);
  checkTotalSize([main, ...assets.map((asset) => asset.data)]);
  return withFilters({ suggestedName: plainName(request.suggestedName, 'suggestedName'), main, assets }, request.filters);
}

function assetList(value: unknown): SaveAsset[] {
  if (!Array.isArray(value)) fail('assets', 'must be an array');
  if (value.length > MAX_ASSETS) fail('assets', `has more than ${MAX_ASSETS} entries`);
  // Lower-cased: on a case-insensitive file system "A.png" and "a.png" are one file, and the second would overwrite the first.
  const seen = new Set<string>();
  return value.map((item: unknown, index) => {
    const at = `assets[${index}]`;
    const asset = record(item, at, ['name', 'data']);
    const name = plainName(asset.name, `${at}.name`);
    if (seen.has(name.toLowerCase())) fail(`${at}.name`, `repeats "${name}"`);
    seen.add(name.toLowerCase());
    return { name, data: saveData(asset.data, `${at}.data`) };
  });
}

function withFilters<T extends object>(request: T, value: unknown): T & { filters?: SaveFilter[] } {
  return value === undefined ? request : { ...request, filters: filterList(value) };
}

function filterList(value: unknown): SaveFilter[] {
  if (!Array.isArray(value)) fail('filters', 'must be an array when given');
  if (value.length > MAX_FILTERS) fail('filters', `has more than ${MAX_FILTERS} entries`);
  return value.map((item: unknown, index) => {
    const at = `filters[${index}]`;
    const filter = record(item, at, ['name', 'extensions']);
    const { name, extensions } = filter;
    if (typeof name !== 'string' || name === '' || name.length > MAX_FILTER_NAME_LENGTH) {
      fail(`${at}.name`, `must be a string of 1 to ${MAX_FILTER_NAME_LENGTH} characters`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) fail(`${at}.name`, 'contains a control character');
    if (!Array.isArray(extensions) || extensions.length === 0 || extensions.length > MAX_FILTER_EXTENSIONS) {
      fail(`${at}.extensions`, `must be an array of 1 to ${MAX_FILTER_EXTENSIONS} extensions`);
    }
    for (const extension of extensions as unknown[]) {
      if (typeof extension !== 'string' || !EXTENSION.test(extension)) {
        fail(`${at}.extensions`, `holds ${describe(extension)}: an extension is letters, digits, '-' or '_' without the dot, or '*'`);
      }
    }
    return { name, extensions: [...(extensions as string[])] };
  });
}

function plainName(value: unknown, at: string): string {
  if (typeof value !== 'string') fail(at, `must be a string, not ${describe(value)}`);
  const problem = fileNameProblem(value);
  if (problem) fail(at, `${JSON.stringify(value.slice(0, 80))} is not a plain file name: it ${problem}`);
  return value;
}

function saveData(value: unknown, at: string): SaveData {
  // Exactly bytes or text: other typed arrays and ArrayBuffers would be written in a platform-dependent byte order or not at all.
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  return fail(at, `must be a Uint8Array or a string, not ${describe(value)}`);
}

function checkTotalSize(parts: readonly SaveData[]): void {
  let total = 0;
  for (const part of parts) total += typeof part === 'string' ? Buffer.byteLength(part, 'utf8') : part.byteLength;
  if (total > MAX_SAVE_BYTES) fail('the request', `writes ${total} bytes, more than the ${MAX_SAVE_BYTES} allowed`);
}

/** `value` as a plain object with only the `allowed` keys (what structured clone makes of an object literal). */
function record(value: unknown, at: string, allowed: readonly string[]): Record<string, unknown> {
  const prototype = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (prototype !== Object.prototype && prototype !== null) fail(at, `must be a plain object, not ${describe(value)}`);
  const unknown = Object.keys(value as object).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) fail(at, `has unknown field(s): ${unknown.slice(0, 5).join(', ')}`);
  return value as Record<string, unknown>;
}

/** What a refused value is, for the error message: its type or class, never its contents. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === 'string' && name !== '' ? name : 'an object';
  }
  return typeof value;
}

function fail(at: string, message: string): never {
  throw new SaveRequestError(`Refused to save: ${at} ${message}.`);
}
