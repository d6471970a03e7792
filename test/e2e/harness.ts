/**
 * What the end-to-end tests run on: the real web build, served by the real
 * server (scripts/build.mjs, scripts/web.mjs), in Debian's Chromium.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Chromium without a sandbox (containers run as root), GPU or any network traffic of its own. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`The end-to-end tests need Chromium at ${CHROMIUM_PATH} (Debian: apt-get install -y chromium; or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

interface BuildScript {
  buildWeb(options: { outDir: string; logLevel?: 'info' | 'warn' | 'error' | 'silent' }): Promise<void>;
}
interface WebScript {
  serveDirectory(root: string, options: { host?: string; port?: number }): Promise<{ url: string; close(): Promise<void> }>;
}

// The scripts are plain .mjs run by node; imported by path so that TypeScript takes the shapes declared above.
async function importScript<T>(name: string): Promise<T> {
  const specifier = fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url));
  return (await import(specifier)) as T;
}

/** Builds the renderer into `outDir` (not dist-web/, which a running `npm run web` may be serving). */
export async function buildWeb(outDir: string): Promise<void> {
  const { buildWeb } = await importScript<BuildScript>('build.mjs');
  await buildWeb({ outDir, logLevel: 'error' });
}

/** Serves `root` on 127.0.0.1, on a free port. */
export async function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const { serveDirectory } = await importScript<WebScript>('web.mjs');
  return serveDirectory(root, { host: '127.0.0.1', port: 0 });
}
