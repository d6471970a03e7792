/**
 * The web app in Chromium: the bundled samples load on start through the
 * engine worker (DuckDB-wasm), a file opened by the user becomes a dataset,
 * and a broken file is reported by name and byte offset. Screenshots go to
 * test-artifacts/e2e/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb, launchChromium, projectRoot, serve } from './harness.js';

const screenshots = path.join(projectRoot, 'test-artifacts', 'e2e');
const LOAD_TIMEOUT = 60_000;

let workDir: string;
let server: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;
let page: Page;
/** Console errors and uncaught page errors (a CSP violation shows up here). */
const pageErrors: string[] = [];

beforeAll(async () => {
  // Chromium first: without it nothing below can run, and the error says how to get it.
  browser = await launchChromium();
  workDir = mkdtempSync(path.join(os.tmpdir(), 'hopscope-e2e-'));
  const buildDir = path.join(workDir, 'dist-web');
  await buildWeb(buildDir);
  server = await serve(buildDir);
  mkdirSync(screenshots, { recursive: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** The samples are in and nothing is loading: "Open files…" can be used. */
async function idleWithSamples(): Promise<void> {
  await dataset('after').waitFor({ timeout: LOAD_TIMEOUT });
  await page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });
}

const dataset = (name: string) => page.locator(`[data-testid="dataset"][data-dataset="${name}"]`);

async function spanCount(name: string): Promise<number> {
  const text = await dataset(name).getByTestId('dataset-spans').textContent();
  return Number(text?.replaceAll(',', ''));
}

async function services(name: string): Promise<string[]> {
  return dataset(name)
    .getByTestId('service')
    .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.service ?? ''));
}

const yelpFixture = path.join(projectRoot, 'test', 'fixtures', 'external', 'zipkin', 'yelp.json');

describe('web app', () => {
  it('loads the bundled before/after samples into two datasets', async () => {
    await idleWithSamples();

    // The numbers `hopscope load` reports for the same files.
    expect(await spanCount('before')).toBe(13_324);
    expect(await spanCount('after')).toBe(8_178);
    for (const name of ['before', 'after']) {
      expect(await services(name)).toEqual(expect.arrayContaining(['gateway', 'order', 'inventory', 'payment']));
      await expect(dataset(name).getByTestId('dataset-time-range').textContent()).resolves.toMatch(/UTC → .* UTC/);
      await expect(dataset(name).getByTestId('file-report').textContent()).resolves.toContain('otlp-jsonl, gzip');
    }
    await expect(page.getByTestId('load-problems').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(screenshots, 'samples.png'), fullPage: true });
  });

  it('opens a Zipkin file into a new dataset named after it', async () => {
    await idleWithSamples();
    await page.getByTestId('open-files').setInputFiles(yelpFixture);
    await dataset('yelp.json').waitFor({ timeout: LOAD_TIMEOUT });

    expect(await spanCount('yelp.json')).toBe(16);
    expect((await services('yelp.json')).sort()).toEqual([
      'mobile_api',
      'routing',
      'spectre',
      'unknown',
      'yelp-main',
      'yelp_main/api_proxy',
    ]);
    await expect(dataset('yelp.json').getByTestId('file-report').textContent()).resolves.toContain('zipkin-json');
    // The samples are still there.
    expect(await spanCount('before')).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'opened-file.png'), fullPage: true });
  });

  it('reads OTLP protobuf in the browser as it does in Node', async () => {
    await idleWithSamples();
    await page.getByTestId('open-files').setInputFiles(path.join(projectRoot, 'sample-traces', 'after-migration.otlp.pb.gz'));
    const name = 'after-migration.otlp.pb.gz';
    await dataset(name).waitFor({ timeout: LOAD_TIMEOUT });
    expect(await spanCount(name)).toBe(8_178);
    await expect(dataset(name).getByTestId('file-report').textContent()).resolves.toContain('otlp-proto, gzip');
    await expect(dataset(name).getByTestId('dataset-time-range').textContent()).resolves.toBe(
      await dataset('after').getByTestId('dataset-time-range').textContent(),
    );
  });

  it('shows progress while a file loads, and cancelling keeps nothing of it', async () => {
    await idleWithSamples();
    // ~120 MB of OTLP JSON lines: the sample ten times, each copy under other trace ids so that every span is
    // stored (duplicates would be skipped quickly). Seconds to load, so there is time to cancel.
    const sample = gunzipSync(readFileSync(path.join(projectRoot, 'sample-traces', 'before-migration.otlp.jsonl.gz'))).toString();
    const copies = Array.from({ length: 10 }, (_, i) => sample.replace(/"traceId":"[0-9a-f]/g, `"traceId":"${i.toString(16)}`));
    const big = path.join(workDir, 'big.otlp.jsonl');
    writeFileSync(big, copies.join(''));
    await page.getByTestId('open-files').setInputFiles(big);

    const progress = page.getByTestId('load-progress');
    await expect
      .poll(() => progress.textContent(), { timeout: LOAD_TIMEOUT })
      .toMatch(/Loading big\.otlp\.jsonl into “big\.otlp\.jsonl”: .+ of 1\d\d MB, [\d,]+ spans/);
    await page.screenshot({ path: path.join(screenshots, 'loading.png'), fullPage: true });
    await page.getByTestId('cancel-load').click();

    await expect.poll(() => page.getByTestId('load-problems').textContent(), { timeout: LOAD_TIMEOUT }).toContain('cancelled');
    await expect(progress.count()).resolves.toBe(0);
    await expect(dataset('big.otlp.jsonl').count()).resolves.toBe(0);
  });

  it('reports a malformed file by name, with the byte offset where reading stopped', async () => {
    await idleWithSamples();
    const broken = path.join(workDir, 'broken.json');
    writeFileSync(broken, '{"resourceSpans": [ {"resource": ');
    await page.getByTestId('open-files').setInputFiles(broken);

    const problems = page.getByTestId('load-problems');
    await problems.waitFor({ timeout: LOAD_TIMEOUT });
    expect(await problems.textContent()).toMatch(/broken\.json: reading stopped at byte \d+/);
    // Nothing was read from it, so it leaves no empty dataset behind.
    await expect(dataset('broken.json').count()).resolves.toBe(0);
    await page.screenshot({ path: path.join(screenshots, 'broken-file.png'), fullPage: true });
  });

  it('ran without console errors (e.g. Content-Security-Policy violations)', () => {
    expect(pageErrors).toEqual([]);
  });
});
