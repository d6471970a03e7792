/**
 * The web app in Chromium, as a user drives it: open a sample by clicking,
 * read the overview, open the slowest trace, see its critical path and the
 * latency accumulation, click a span and read its details, use the trace
 * list, open files (Zipkin, OTLP protobuf) through the file input, cancel a
 * big load, and see a malformed file's error. Screenshots of each step go
 * to test-artifacts/e2e/.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TIMEOUT, projectRoot, startWebApp, type WebApp } from './harness.js';

const screenshots = path.join(projectRoot, 'test-artifacts', 'e2e');

let app: WebApp;
let page: Page;

beforeAll(async () => {
  app = await startWebApp('web');
  mkdirSync(screenshots, { recursive: true });
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
});

const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
/** The header's "Open files…" input (the start screen has one too). */
const openFilesInput = () => page.getByRole('banner').getByTestId('open-files');
const idle = () => page.getByTestId('load-progress').waitFor({ state: 'detached', timeout: LOAD_TIMEOUT });
const overviewOf = (name: string) => page.locator(`[data-testid="overview"][data-dataset="${name}"]`);
const number = async (testId: string) => Number((await page.getByTestId(testId).textContent())?.replaceAll(',', ''));

/** The overview of `name` has its numbers (the analysis ran). */
async function overviewReady(name: string): Promise<void> {
  await overviewOf(name).getByTestId('overview-stats').waitFor({ timeout: LOAD_TIMEOUT });
}

/** The centre of the widest span bar on the flame chart (the trace's root), in page coordinates. */
async function widestBarCentre(): Promise<{ x: number; y: number } | null> {
  const canvas = page.getByTestId('flame-canvas');
  const spans = Number(await page.getByTestId('flame-chart').getAttribute('data-spans'));
  const box = await canvas.boundingBox();
  const rect = await canvas.evaluate((el, n) => {
    type Rect = { x: number; y: number; width: number; height: number };
    const rectOf = (el as unknown as { hopscopeSpanRect(i: number): Rect | null }).hopscopeSpanRect;
    let best: Rect | null = null;
    for (let i = 0; i < n; i++) {
      const r = rectOf(i);
      if (r && (!best || r.width > best.width || (r.width === best.width && r.y < best.y))) best = r;
    }
    return best;
  }, spans);
  if (!box || !rect) return null;
  return { x: box.x + rect.x + rect.width / 2, y: box.y + rect.y + rect.height / 2 };
}

describe('web app', () => {
  it('opens the before-migration sample with one click and shows its overview', async () => {
    await page.getByTestId('start-screen').waitFor();
    await shot('01-start');
    await page.locator('[data-testid="open-sample"][data-sample="before"]').click();
    await overviewReady('before');
    expect(page.url()).toMatch(/#\/d\/before$/);

    // The numbers `hopscope load` and SQL give for the same file.
    expect(await number('overview-traces')).toBe(300);
    expect(await number('overview-spans')).toBe(13_324);
    expect(await number('overview-services')).toBe(6);
    for (const p of ['p50', 'p90', 'p99'])
      await expect(page.getByTestId(`overview-${p}`).textContent()).resolves.toMatch(/^[\d.]+ (ms|s)$/);
    await page.getByTestId('latency-histogram').waitFor();

    // The findings say what the sample was built to show.
    const finding = (kind: string) => page.locator(`[data-testid="finding"][data-kind="${kind}"]`);
    await expect(finding('n-plus-one').textContent()).resolves.toMatch(/inventory makes \d+ sequential calls to postgresql\/inventory-db/);
    await expect(finding('retries').textContent()).resolves.toMatch(/payment to payment-gateway [\d.]+×/);
    await expect(finding('error-origin').textContent()).resolves.toMatch(/payment originates the errors/);
    await expect(page.getByTestId('load-report').textContent()).resolves.toContain('otlp-jsonl, gzip');
    await shot('02-overview-before');
  });

  it('opens the slowest trace: the flame chart with its critical path and the latency accumulation strip', async () => {
    await page.getByTestId('open-slowest').click();
    const chart = page.getByTestId('flame-chart');
    await chart.waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toMatch(/#\/d\/before\/trace\/[0-9a-f]{32}$/);
    expect(Number(await chart.getAttribute('data-spans'))).toBe(44);
    expect(Number(await chart.getAttribute('data-critical-spans'))).toBeGreaterThan(5);
    expect(await chart.getAttribute('data-show-all')).toBe('false');
    await expect(page.getByTestId('critical-path-length').textContent()).resolves.toMatch(/^8\.8\d* s$/);

    const strip = page.getByTestId('accumulation-strip');
    await expect(strip.textContent()).resolves.toMatch(/hops through \d services add up to 8\.8/);
    expect(await page.getByTestId('hop').count()).toBeGreaterThan(5);
    await shot('03-trace-critical-path');
  });

  it('selects a span by clicking its bar and shows its details', async () => {
    // The root's bar spans the chart's full width.
    const root = await widestBarCentre();
    expect(root).not.toBeNull();
    await page.mouse.click(root!.x, root!.y);
    const details = page.getByTestId('span-details');
    await details.waitFor();
    await expect(details.getByTestId('span-details-service').textContent()).resolves.toBe('gateway');
    await expect(details.getByTestId('span-details-operation').textContent()).resolves.toBe('POST /orders');
    await expect(details.getByTestId('span-details-status').textContent()).resolves.toMatch(/error: .*payment/);
    await expect(details.getByTestId('span-attributes').textContent()).resolves.toContain('http.route/orders');
    await expect(details.getByTestId('span-resource').textContent()).resolves.toContain('service.namegateway');
    expect(page.url()).toMatch(/\?span=[0-9a-f]{16}$/);
    await shot('04-span-details');

    // "All spans" turns the highlight off; the setting is in the URL.
    await page.getByTestId('show-all').click();
    await expect.poll(() => page.getByTestId('flame-chart').getAttribute('data-show-all')).toBe('true');
    expect(page.url()).toContain('all=1');
  });

  it('goes back to the overview with the browser’s back button', async () => {
    await page.goBack();
    await page.goBack();
    await overviewReady('before');
    await page.goForward();
    await page.getByTestId('flame-chart').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByTestId('nav-overview').click();
    await overviewReady('before');
  });

  it('lists, filters and sorts traces', async () => {
    await page.getByTestId('nav-traces').click();
    await page.getByTestId('trace-list').waitFor();
    await expect.poll(() => page.getByTestId('trace-count').textContent(), { timeout: LOAD_TIMEOUT }).toMatch(/^300 traces/);
    expect(await page.getByTestId('trace-row').count()).toBeGreaterThan(5);
    await page.getByTestId('trace-scatter').waitFor();
    // Sorted slowest first by default: the first row is the slowest trace.
    const first = await page.getByTestId('trace-row').first().getAttribute('data-trace-id');

    await page.getByTestId('filter-error').selectOption({ label: 'errors only' });
    await expect.poll(() => page.getByTestId('trace-count').textContent(), { timeout: LOAD_TIMEOUT }).toMatch(/^43 traces/);
    expect(page.url()).toContain('err=1');
    await shot('05-trace-list');

    await page.getByTestId('trace-row').first().click();
    await page.getByTestId('flame-chart').waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toContain(`/trace/${first}`);
  });

  it('opens a Zipkin file through the file input into a dataset named after it', async () => {
    const yelp = path.join(projectRoot, 'test', 'fixtures', 'external', 'zipkin', 'yelp.json');
    await openFilesInput().setInputFiles(yelp);
    await overviewReady('yelp.json');
    expect(await number('overview-spans')).toBe(16);
    await expect(page.getByTestId('load-report').textContent()).resolves.toContain('zipkin-json');
    await shot('06-opened-zipkin');

    // On the start screen every dataset has its card, the sample included.
    await page.getByRole('button', { name: 'Hopscope' }).click();
    const card = (name: string) => page.locator(`[data-testid="dataset"][data-dataset="${name}"]`);
    await card('yelp.json').waitFor();
    const services = await card('yelp.json')
      .getByTestId('service')
      .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.service ?? ''));
    expect(services.sort()).toEqual(['mobile_api', 'routing', 'spectre', 'unknown', 'yelp-main', 'yelp_main/api_proxy']);
    await expect(card('before').getByTestId('dataset-spans').textContent()).resolves.toBe('13,324');
  });

  it('reads OTLP protobuf in the browser as it does in Node', async () => {
    await openFilesInput().setInputFiles(path.join(projectRoot, 'sample-traces', 'after-migration.otlp.pb.gz'));
    await overviewReady('after-migration.otlp.pb.gz');
    expect(await number('overview-spans')).toBe(8_178);
    await expect(page.getByTestId('load-report').textContent()).resolves.toContain('otlp-proto, gzip');
  });

  it('shows progress while a file loads, and cancelling keeps nothing of it', async () => {
    // ~120 MB of OTLP JSON lines: the sample ten times, each copy under other trace ids so that every span is
    // stored (duplicates would be skipped quickly). Seconds to load, so there is time to cancel.
    const sample = gunzipSync(readFileSync(path.join(projectRoot, 'sample-traces', 'before-migration.otlp.jsonl.gz'))).toString();
    const copies = Array.from({ length: 10 }, (_, i) => sample.replace(/"traceId":"[0-9a-f]/g, `"traceId":"${i.toString(16)}`));
    const big = path.join(app.workDir, 'big.otlp.jsonl');
    writeFileSync(big, copies.join(''));
    await openFilesInput().setInputFiles(big);

    const progress = page.getByTestId('load-progress');
    await expect
      .poll(() => progress.textContent(), { timeout: LOAD_TIMEOUT })
      .toMatch(/Loading big\.otlp\.jsonl into “big\.otlp\.jsonl”: .+ of 1\d\d MB, [\d,]+ spans/);
    await shot('07-loading');
    await page.getByTestId('cancel-load').click();

    await expect.poll(() => page.getByTestId('load-problems').textContent(), { timeout: LOAD_TIMEOUT }).toContain('cancelled');
    await expect(progress.count()).resolves.toBe(0);
    await expect(page.locator('[data-testid="nav-dataset"][data-dataset="big.otlp.jsonl"]').count()).resolves.toBe(0);
  });

  it('reports a malformed file by name, with the byte offset where reading stopped', async () => {
    await idle();
    const broken = path.join(app.workDir, 'broken.json');
    writeFileSync(broken, '{"resourceSpans": [ {"resource": ');
    await openFilesInput().setInputFiles(broken);

    const problems = page.getByTestId('load-problems');
    await expect.poll(() => problems.textContent(), { timeout: LOAD_TIMEOUT }).toMatch(/broken\.json: reading stopped at byte \d+/);
    // Nothing was read from it, so it leaves no empty dataset behind.
    await expect(page.locator('[data-testid="nav-dataset"][data-dataset="broken.json"]').count()).resolves.toBe(0);
    await shot('08-broken-file');
  });

  it('reaches the critical path of the slowest before-migration trace in at most three clicks from `npm start`', async () => {
    // `npm start` / `npm run web` open #/samples: both samples load and the before overview opens by itself.
    const fresh = await app.openPage('#/samples');
    await fresh
      .locator('[data-testid="overview"][data-dataset="before"] [data-testid="overview-stats"]')
      .waitFor({ timeout: LOAD_TIMEOUT });
    await fresh.getByTestId('open-slowest').click(); // click 1
    const chart = fresh.getByTestId('flame-chart');
    await chart.waitFor({ timeout: LOAD_TIMEOUT });
    expect(Number(await chart.getAttribute('data-critical-spans'))).toBeGreaterThan(0);
    expect(await chart.getAttribute('data-show-all')).toBe('false');
    // Both samples are loaded, ready to compare.
    await expect(
      fresh.locator('[data-testid="nav-dataset"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.dataset)),
    ).resolves.toEqual(['before', 'after']);
    await shot('09-three-clicks', fresh);
    await fresh.close();
  });

  it('ran without console errors (e.g. Content-Security-Policy violations)', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
