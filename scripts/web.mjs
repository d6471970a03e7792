/**
 * `npm run web [-- --port N]`: builds the renderer and serves dist-web/ on
 * 127.0.0.1 (port from --port, else $PORT, else 5178). Offline: a small
 * static file server, nothing fetched from anywhere.
 *
 * Also imported: start.mjs falls back to it when Electron is unavailable, and
 * the end-to-end test serves its own build with serveDirectory().
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { buildWeb, isMainModule, webBuildDir } from './build.mjs';

export const DEFAULT_PORT = 5178;

// The path and content-type rules are the app:// handler's own (TypeScript, loaded through tsx).
const { contentTypeOf, resolveUnderRoot } = await tsImport('../electron/static-files.ts', import.meta.url);

/**
 * Serves the files under `root` (GET/HEAD only; no path can leave `root`).
 * Resolves once listening, with the URL and a close() function.
 */
export async function serveDirectory(root, { host = '127.0.0.1', port = DEFAULT_PORT } = {}) {
  // The Content-Security-Policy, written by the build (see electron/csp.ts).
  const { policy } = JSON.parse(await readFile(path.join(root, 'content-security-policy.json'), 'utf8'));
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return end(response, 405);
      const file = resolveUnderRoot(root, new URL(request.url ?? '/', 'http://localhost').pathname);
      if (!file) return end(response, 400);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) return end(response, 404);
      response.writeHead(200, {
        'Content-Type': contentTypeOf(file),
        'Content-Length': info.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': policy,
      });
      if (request.method === 'HEAD') return response.end();
      await pipeline(createReadStream(file), response);
    } catch (error) {
      if (!response.headersSent) end(response, 500);
      else response.destroy(error);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Browsers keep idle connections open; without this, close() waits for them to time out.
        server.closeAllConnections();
      }),
  };
}

function end(response, status) {
  response.writeHead(status).end();
}

/** --port N (or --port=N), else $PORT, else the default. */
export function portFromCommandLine(args = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: false });
  const text = typeof values.port === 'string' ? values.port : (env.PORT ?? String(DEFAULT_PORT));
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port number: ${text}`);
  return port;
}

/** Serves the already-built dist-web/ and prints where. Stops on Ctrl+C. */
export async function serveWebBuild(port) {
  const { url, close } = await serveDirectory(webBuildDir, { port }).catch((error) => {
    if (error.code === 'EADDRINUSE')
      throw new Error(`port ${port} is in use: choose another with --port N (or PORT=N; 0 for any free port)`);
    throw error;
  });
  // #/samples: the page opens with the bundled before/after samples loading.
  console.log(`Hopscope is served at ${url}#/samples (Ctrl+C to stop)`);
  process.once('SIGINT', () => void close().then(() => process.exit(0)));
  process.once('SIGTERM', () => void close().then(() => process.exit(0)));
}

if (isMainModule(import.meta.url)) {
  const port = portFromCommandLine();
  await buildWeb();
  await serveWebBuild(port);
}
