/**
 * What the end-to-end tests run on: the real web build, served by the real
 * server (scripts/build.mjs, scripts/web.mjs), in Debian's Chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** How long a page may take to load and analyse the samples, or anything else a test waits for. */
export const LOAD_TIMEOUT = 60_000;

export interface WebApp {
  browser: Browser;
  /** Where the build is served. */
  url: string;
  /** A temporary directory for the test's own files (downloads, files to open); close() removes it. */
  workDir: string;
  /** Console errors and uncaught errors of every page opened with openPage (a CSP violation shows up here). */
  pageErrors: string[];
  /** A new page the size of a laptop screen, its errors collected, at `url` + `hash`. */
  openPage(hash?: string): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium, and the web build in a temporary directory served on a free port. `name` tells the directories apart. */
export async function startWebApp(name: string): Promise<WebApp> {
  // Chromium first: without it nothing below can run, and the error says how to get it.
  const browser = await launchChromium();
  const workDir = mkdtempSync(path.join(os.tmpdir(), `hopscope-e2e-${name}-`));
  let server: { url: string; close(): Promise<void> } | undefined;
  const close = async () => {
    await browser.close();
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const buildDir = path.join(workDir, 'dist-web');
    await buildWeb(buildDir);
    server = await serve(buildDir);
  } catch (e) {
    // The test never gets the app to close, and an open browser would keep the run alive.
    await close();
    throw e;
  }
  const url = server.url;
  const pageErrors: string[] = [];
  const openPage = async (hash = '') => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 950 }, acceptDownloads: true });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url + hash);
    return page;
  };
  return { browser, url, workDir, pageErrors, openPage, close };
}

/** The app as `npm start` opens it: #/samples, with both samples loaded and the before overview showing. */
export async function openSamplesApp(name: string): Promise<WebApp & { page: Page }> {
  const app = await startWebApp(name);
  try {
    const page = await app.openPage('#/samples');
    await page.locator('[data-testid="overview"][data-dataset="before"]').getByTestId('overview-stats').waitFor({ timeout: LOAD_TIMEOUT });
    await page.locator('[data-testid="nav-dataset"][data-dataset="after"]').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });
    return { ...app, page };
  } catch (e) {
    await app.close();
    throw e;
  }
}
