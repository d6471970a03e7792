/**
 * The app:// scheme the renderer is served from. Serving from a privileged
 * custom scheme (not file://) gives the page a real origin, so 'self' in the
 * CSP, fetch() of the bundled samples and module workers behave as on http,
 * and the handler decides exactly which files the page can reach: only those
 * under the web build folder.
 */
import { readFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { readCspManifest } from './csp.js';
import { contentTypeOf, resolveUnderRoot } from './static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hopscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True when `url` is a page of the app (served by the handler below), the
 * only content trusted to ask the main process for anything. Compared by
 * scheme and host: Node's URL gives non-special schemes like app: the
 * origin "null", so an origin comparison would never match.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Flag on the command line (`npm start` passes it): open with the bundled samples loading. */
export const OPEN_SAMPLES_FLAG = '--open-samples';

/** The page the main window opens: the app, at its `#/samples` route when the command line asks for the samples. */
export function startUrl(argv: readonly string[]): string {
  return `${APP_ORIGIN}/index.html${argv.includes(OPEN_SAMPLES_FLAG) ? '#/samples' : ''}`;
}

export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: URLs resolve and have an origin like http's; secure: a secure context (needed by workers and wasm streaming).
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * The protocol.handle() handler: files under `root` (the web build) only,
 * each with its Content-Security-Policy header. Throws when `root` is not a
 * complete build (no CSP manifest).
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const { policy } = readCspManifest(root);
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return status(404);
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405);
    // `app://hopscope` (no slash) has an empty path.
    const file = resolveUnderRoot(root, url.pathname || '/');
    if (!file) return status(400);
    let body: Uint8Array<ArrayBuffer>;
    try {
      // readFile's Buffer is backed by a plain ArrayBuffer (typed as ArrayBufferLike), so no copy is needed.
      body = (await readFile(file)) as Uint8Array<ArrayBuffer>;
    } catch {
      return status(404);
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      headers: {
        'Content-Type': contentTypeOf(file),
        'Content-Length': String(body.byteLength),
        'Content-Security-Policy': policy,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  };
}

function status(code: number): Response {
  return new Response(null, { status: code });
}
