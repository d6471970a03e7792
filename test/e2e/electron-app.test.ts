/**
 * The desktop app itself: the built main, preload and renderer in a real
 * Electron, driven by Playwright, started as a user (or a file manager's
 * "Open with") would: with --open-samples and a trace file on the command
 * line. Both must end up as datasets with an overview.
 *
 * Electron's binary is downloaded apart from its npm package; where it is not
 * installed this test is skipped, saying so, and for no other reason.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, LOAD_TIMEOUT, projectRoot } from './harness.js';

interface ElectronBinaryScript {
  locateElectron(): { executable?: string; reason?: string };
}
interface BuildScript {
  buildElectron(options: { outDir: string }): Promise<void>;
}
const importScript = async <T>(name: string) => (await import(fileURLToPath(new URL(`../../scripts/${name}`, import.meta.url)))) as T;

const { locateElectron } = await importScript<ElectronBinaryScript>('electron-binary.mjs');
const electron = locateElectron();
const FIXTURE = path.join(projectRoot, 'test', 'fixtures', 'external', 'zipkin', 'yelp.json');

if (!electron.executable) {
  const skipped = `Electron binary not installed: ${electron.reason}`;
  console.warn(skipped);
  describe('electron app', () => it.skip(skipped, () => {}));
} else {
  const executablePath = electron.executable;
  describe('electron app', () => {
    let appDir: string;
    let app: ElectronApplication;
    let page: Page;

    beforeAll(async () => {
      // An app folder of its own (package.json, dist/electron, dist-web), so a running `npm start` keeps its build.
      appDir = mkdtempSync(path.join(os.tmpdir(), 'hopscope-e2e-electron-'));
      copyFileSync(path.join(projectRoot, 'package.json'), path.join(appDir, 'package.json'));
      const { buildElectron } = await importScript<BuildScript>('build.mjs');
      await Promise.all([buildWeb(path.join(appDir, 'dist-web')), buildElectron({ outDir: path.join(appDir, 'dist', 'electron') })]);
      app = await _electron.launch({
        executablePath,
        // Containers run as root, where Chromium's own sandbox cannot start (the renderer's sandbox option is unaffected).
        args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), appDir, '--open-samples', FIXTURE],
        cwd: appDir,
        timeout: LOAD_TIMEOUT,
      });
      page = await app.firstWindow({ timeout: LOAD_TIMEOUT });
    });

    afterAll(async () => {
      await app?.close();
      if (appDir) rmSync(appDir, { recursive: true, force: true });
    });

    it('loads the samples and the file from the command line, each with its overview', async () => {
      const nav = (dataset: string) => page.locator(`[data-testid="nav-dataset"][data-dataset="${dataset}"]`);
      // Files open as a dataset named after the file.
      for (const dataset of ['before', 'after', path.basename(FIXTURE)]) await nav(dataset).waitFor({ timeout: LOAD_TIMEOUT });
      await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });

      for (const dataset of ['before', path.basename(FIXTURE)]) {
        await nav(dataset).click();
        const stats = page.locator(`[data-testid="overview"][data-dataset="${dataset}"]`).getByTestId('overview-stats');
        await stats.waitFor({ timeout: LOAD_TIMEOUT });
        expect(await stats.textContent()).toMatch(/spans/i);
      }
    });
  });
}
