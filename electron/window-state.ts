/**
 * The main window comes back where it was: same size and place (when that is
 * still on a screen), maximized or not, and on the last view (the route in
 * the URL hash, renderer/routing/route.ts). Kept in userData/window-state.json,
 * written when the window closes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ORIGIN, isAppUrl, OPEN_SAMPLES_FLAG } from './app-protocol.js';

export const WINDOW_STATE_NAME = 'window-state.json';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized) bounds, so un-maximizing after a restart goes back to them. */
  bounds?: Bounds;
  maximized: boolean;
  /** The last route, e.g. '#/d/before/map?color=errors'. */
  hash?: string;
}

/** How much of a window must overlap a display's work area to count as on it: enough to grab the title bar. */
const MIN_VISIBLE = { width: 100, height: 40 };

/** A route longer than this is not restored (a SQL query can be long, but the hash is not a store). */
const MAX_HASH_LENGTH = 8192;

/** The state stored in `text`; anything unreadable or out of shape is dropped field by field. */
export function parseWindowState(text: string): WindowState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { maximized: false };
  }
  if (typeof value !== 'object' || value === null) return { maximized: false };
  const record = value as Record<string, unknown>;
  const state: WindowState = { maximized: record.maximized === true };
  const bounds = parseBounds(record.bounds);
  if (bounds) state.bounds = bounds;
  if (typeof record.hash === 'string' && isRestorableHash(record.hash)) state.hash = record.hash;
  return state;
}

function parseBounds(value: unknown): Bounds | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { x, y, width, height } = value as Record<string, unknown>;
  const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0) return undefined;
  return { x, y, width, height };
}

/**
 * Whether `bounds` can still be reached on one of the displays (their work
 * areas, from screen.getAllDisplays()): a monitor unplugged since, or a
 * resolution change, can leave the saved place off every screen.
 */
export function isOnSomeDisplay(bounds: Bounds, workAreas: readonly Bounds[]): boolean {
  return workAreas.some((area) => {
    const width = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const height = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height;
  });
}

/** The saved bounds to open the window with, or none (the default size, centred) when they are off every display. */
export function restoredBounds(state: WindowState, workAreas: readonly Bounds[]): Bounds | undefined {
  return state.bounds && isOnSomeDisplay(state.bounds, workAreas) ? state.bounds : undefined;
}

/**
 * `#/samples` is not restored: it loads the bundled samples, which only the
 * command line asks for (otherwise every start would load them again).
 */
function isRestorableHash(hash: string): boolean {
  return hash.startsWith('#/') && hash !== '#/' && hash !== '#/samples' && hash.length <= MAX_HASH_LENGTH;
}

/** The route of a page of the app (webContents.getURL()), or none for the start screen or a page that is not ours. */
export function routeHashOf(url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  const hash = new URL(url).hash;
  return isRestorableHash(hash) ? hash : undefined;
}

/** The page the window opens: the samples when the command line asks for them, else the last view, else the start screen. */
export function startUrlFor(argv: readonly string[], lastHash: string | undefined): string {
  const hash = argv.includes(OPEN_SAMPLES_FLAG) ? '#/samples' : (lastHash ?? '');
  return `${APP_ORIGIN}/index.html${hash}`;
}

/** What is saved about a window: the parts of BrowserWindow read here. */
export interface StatefulWindow {
  getNormalBounds(): Bounds;
  isMaximized(): boolean;
  webContents: { getURL(): string };
}

export function captureWindowState(window: StatefulWindow): WindowState {
  const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
  const hash = routeHashOf(window.webContents.getURL());
  if (hash) state.hash = hash;
  return state;
}

export function loadWindowState(file: string): WindowState {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return { maximized: false };
  }
}

/** Written synchronously: it happens on close, and the process may quit right after. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(state, null, 2));
  } catch (error) {
    console.warn('Hopscope could not save the window state:', error);
  }
}
