/**
 * The desktop wiring in the real web build, with the Electron bridge
 * stood in for by a fake `window.hopscope` (the Electron binary cannot run
 * here; main and preload are unit-tested against a mocked electron): files
 * the main process opens arrive through `onFilesOpened`, are read in
 * chunks through `readFileChunk` into a new dataset and closed; the menu's
 * commands open the report dialog and load the samples.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/read-spans.js';
import { LOAD_TIMEOUT, startWebApp, type WebApp } from './harness.js';

interface FakeDesktop {
  data: Record<string, Uint8Array>;
  reads: [id: string, offset: number, length: number][];
  closed: string[];
  files?: (files: { id: string; name: string; size: number }[]) => void;
  command?: (command: string) => void;
}

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp('desktop-bridge');
  page = await app.browser.newPage({ viewport: { width: 1400, height: 950 } });
  page.on('console', (m) => {
    if (m.type() === 'error') app.pageErrors.push(m.text());
  });
  page.on('pageerror', (e) => app.pageErrors.push(e.message));
  // What preload.ts exposes, in shape: the page cannot tell the difference.
  await page.addInitScript(() => {
    const desktop: FakeDesktop = { data: {}, reads: [], closed: [] };
    (window as unknown as { __desktop: FakeDesktop }).__desktop = desktop;
    (window as unknown as { hopscope: unknown }).hopscope = {
      platform: 'test',
      versions: { electron: '0', chrome: '0', node: '0' },
      saveFile: async () => ({ saved: false }),
      saveFiles: async () => ({ saved: false }),
      onFilesOpened: (listener: FakeDesktop['files']) => {
        desktop.files = listener;
        return () => undefined;
      },
      onCommand: (listener: FakeDesktop['command']) => {
        desktop.command = listener;
        return () => undefined;
      },
      readFileChunk: async (id: string, offset: number, length: number) => {
        desktop.reads.push([id, offset, length]);
        return desktop.data[id]!.slice(offset, offset + length);
      },
      closeFile: async (id: string) => {
        desktop.closed.push(id);
      },
    };
  });
  await page.goto(app.url);
  await page.waitForFunction(() => (window as unknown as { __desktop: FakeDesktop }).__desktop.files !== undefined, undefined, {
    timeout: LOAD_TIMEOUT,
  });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('desktop bridge in the app', () => {
  it('loads a file the main process opened, reading it in chunks, and closes it', async () => {
    const bytes = readFileSync(fixturePath('external/zipkin/yelp.json'));
    await page.evaluate((data) => {
      const desktop = (window as unknown as { __desktop: FakeDesktop }).__desktop;
      desktop.data['f1'] = Uint8Array.from(data);
      desktop.files!([{ id: 'f1', name: 'yelp.json', size: data.length }]);
    }, Array.from(bytes));
    await page.locator('[data-testid="nav-dataset"][data-dataset="yelp.json"]').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });
    const desktop = await page.evaluate(() => {
      const d = (window as unknown as { __desktop: FakeDesktop }).__desktop;
      return { reads: d.reads, closed: d.closed };
    });
    // Every byte read once, in order, in chunks no larger than the bridge allows.
    let next = 0;
    for (const [id, offset, length] of desktop.reads.filter(([, , l]) => l > 0)) {
      expect(id).toBe('f1');
      expect(offset).toBe(next);
      expect(length).toBeLessThanOrEqual(8 << 20);
      next = Math.min(bytes.length, offset + length);
    }
    expect(next).toBe(bytes.length);
    expect(desktop.closed).toContain('f1');
    await page.locator('[data-testid="nav-dataset"][data-dataset="yelp.json"]').click();
    await expect.poll(() => page.getByTestId('overview-spans').textContent(), { timeout: LOAD_TIMEOUT }).toContain('16');
  });

  it('opens the report dialog on the menu’s Export Report…', async () => {
    await page.evaluate(() => (window as unknown as { __desktop: FakeDesktop }).__desktop.command!('export-report'));
    await expect.poll(() => page.getByTestId('report-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('loads the samples on the menu’s Open Sample', async () => {
    await page.evaluate(() => (window as unknown as { __desktop: FakeDesktop }).__desktop.command!('open-samples'));
    await page.locator('[data-testid="nav-dataset"][data-dataset="after"]').waitFor({ timeout: LOAD_TIMEOUT });
    await page.locator('[data-testid="nav-dataset"][data-dataset="before"]').waitFor({ timeout: LOAD_TIMEOUT });
  });

  it('ran without console errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
