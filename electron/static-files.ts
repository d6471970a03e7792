/**
 * Which file a URL path names under the web build, and its content type.
 * Used by both servers of the renderer: Electron's app:// handler
 * (app-protocol.ts) and `npm run web` (scripts/web.mjs). No Electron imports,
 * so the plain Node script can load it too.
 */
import path from 'node:path';

// wasm must be application/wasm for streaming compilation.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Maps a URL path to a file under `root`, or null when it could point
 * anywhere else: `..` and `.` segments, empty segments, and segments that
 * decode to a separator, a drive colon or a NUL are all refused.
 */
export function resolveUnderRoot(root: string, urlPath: string): string | null {
  if (!urlPath.startsWith('/')) return null;
  const raw = urlPath === '/' ? ['index.html'] : urlPath.slice(1).split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\:\0]/.test(decoded)) return null;
    segments.push(decoded);
  }
  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, ...segments);
  const relative = path.relative(resolvedRoot, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
