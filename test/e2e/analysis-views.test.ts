/**
 * The analysis views in Chromium: the service map of the before-migration
 * sample (six services, their databases, the retry and N+1 badges), the
 * after-migration map with its dashed async edges through the broker,
 * clicking an edge to filter the trace list, a trace's path on the map, the
 * aggregate critical-path flame, the hotspot tables, the SQL console, and the
 * SmartThings fixture's map laid out without overlaps. Screenshots go to
 * test-artifacts/e2e/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOAD_TIMEOUT, openSamplesApp, projectRoot, type WebApp } from './harness.js';

const screenshots = path.join(projectRoot, 'test-artifacts', 'e2e');
const CHAIN = ['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification'];

let app: WebApp | undefined;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  // Both samples, as `npm start` opens them.
  const opened = await openSamplesApp('views');
  ({ page, pageErrors } = opened);
  app = opened;
});

afterAll(async () => {
  await app?.close();
});

const shot = (name: string) => page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
const node = (service: string) => page.locator(`[data-testid="map-node"][data-service="${service}"]`);
const edge = (from: string, to: string) => page.locator(`[data-testid="map-edge"][data-from="${from}"][data-to="${to}"]`);
const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

/** The middle of an edge's curve on screen (the middle of its bounding box may be off the line). */
function edgeMiddle(from: string, to: string): Promise<{ x: number; y: number }> {
  return edge(from, to)
    .locator('.map-edge-hit')
    .evaluate((el) => {
      const path = el as SVGPathElement;
      const p = path.getPointAtLength(path.getTotalLength() / 2);
      const m = path.getScreenCTM()!;
      return { x: p.x * m.a + p.y * m.c + m.e, y: p.x * m.b + p.y * m.d + m.f };
    });
}

async function mapReady(): Promise<void> {
  await page.getByTestId('service-map').waitFor({ timeout: LOAD_TIMEOUT });
  await page.getByTestId('map-node').first().waitFor({ timeout: LOAD_TIMEOUT });
}

/** Pairs of node cards whose boxes overlap on screen. */
async function overlappingNodes(): Promise<string[]> {
  const boxes = await page.getByTestId('map-node').evaluateAll((els) =>
    els.map((el) => {
      const r = (el as SVGGElement).getBoundingClientRect();
      return { id: (el as SVGGElement).dataset.service ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps.push(`${a.id} × ${b.id}`);
    }
  return overlaps;
}

describe('service map', () => {
  it('shows the six services of the before-migration chain, their databases, and the retry and N+1 badges', async () => {
    await page.locator('[data-testid="nav-dataset"][data-dataset="before"]').click();
    await page.getByTestId('nav-map').click();
    await mapReady();
    expect(page.url()).toMatch(/#\/d\/before\/map$/);
    for (const service of CHAIN) await expect(node(service).getAttribute('data-kind')).resolves.toBe('service');
    for (const service of CHAIN.slice(1)) await expect(node(`postgresql/${service}-db`).getAttribute('data-kind')).resolves.toBe('virtual');
    await expect(node('payment').locator('[data-testid="map-badge"][data-kind="retries"]').count()).resolves.toBe(1);
    await expect(node('inventory').locator('[data-testid="map-badge"][data-kind="n-plus-one"]').count()).resolves.toBe(1);
    // The chain is one synchronous call after another: solid edges, callers left of callees.
    for (let i = 0; i + 1 < CHAIN.length; i++) {
      const e = edge(CHAIN[i]!, CHAIN[i + 1]!);
      await expect(e.getAttribute('data-mode')).resolves.toBe('sync');
      await expect(e.locator('.map-edge-line').getAttribute('stroke-dasharray')).resolves.toBeNull();
      const [a, b] = [await node(CHAIN[i]!).boundingBox(), await node(CHAIN[i + 1]!).boundingBox()];
      expect(a!.x).toBeLessThan(b!.x);
    }
    expect(await overlappingNodes()).toEqual([]);
    await shot('20-map-before');
  });

  it('shows an edge’s numbers on hover', async () => {
    const mid = await edgeMiddle('inventory', 'postgresql/inventory-db');
    await page.mouse.move(mid.x, mid.y);
    const tip = page.getByTestId('map-tooltip');
    await expect(tip.textContent()).resolves.toMatch(/inventory → postgresql\/inventory-db.*p50 \/ p90 \/ p99/);
    await page.mouse.move(5, 5);
  });

  it('colours edges by error rate on request, with a legend', async () => {
    const before = await edge('payment', 'payment-gateway').locator('.map-edge-line').getAttribute('stroke');
    await page.getByTestId('map-color').selectOption('errors');
    await expect.poll(() => page.getByTestId('map-legend').textContent()).toContain('error rate');
    const after = await edge('payment', 'payment-gateway').locator('.map-edge-line').getAttribute('stroke');
    expect(after).not.toBe(before);
    expect(page.url()).toContain('color=errors');
    await page.getByTestId('map-color').selectOption('p99');
  });

  it('filters the trace list to the traces that cross an edge when it is clicked', async () => {
    const mid = await edgeMiddle('payment', 'fulfillment');
    await page.mouse.click(mid.x, mid.y);
    await page.getByTestId('trace-list').waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toContain('caller=payment');
    await expect(page.getByTestId('filter-edge').textContent()).resolves.toContain('payment → fulfillment');
    // 3 of the 300 requests failed at payment and never reached fulfillment.
    await expect.poll(() => page.getByTestId('trace-count').textContent(), { timeout: LOAD_TIMEOUT }).toMatch(/^297 traces/);
    await shot('21-traces-through-edge');
    await page.goBack();
    await mapReady();
  });

  it('highlights the path of a chosen trace', async () => {
    await page.getByTestId('map-trace-slowest').click();
    await page.getByTestId('map-trace-note').waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toMatch(/trace=[0-9a-f]+/);
    await expect.poll(() => page.locator('[data-testid="map-edge"].dimmed').count()).toBeGreaterThan(0);
    // Every request enters through gateway → order; each edge the trace crosses is labelled with its calls.
    await expect(edge('gateway', 'order').getAttribute('class')).resolves.not.toContain('dimmed');
    const lit = page.locator('[data-testid="map-edge"]:not(.dimmed)');
    expect(await lit.count()).toBeGreaterThan(1);
    expect(await lit.locator('.map-edge-label').count()).toBe(await lit.count());
    await shot('22-map-trace-path');
  });

  it('draws the after-migration map with dashed async edges through the broker', async () => {
    await go('#/d/after/map');
    await mapReady();
    await expect(node('orders.placed').getAttribute('data-kind')).resolves.toBe('broker');
    await expect(edge('order', 'orders.placed').getAttribute('data-leg')).resolves.toBe('publish');
    const delivered = page.locator('[data-testid="map-edge"][data-from="orders.placed"]');
    expect(await delivered.count()).toBeGreaterThanOrEqual(2);
    const async = page.locator('[data-testid="map-edge"][data-mode="async"]');
    expect(await async.count()).toBeGreaterThanOrEqual(4);
    for (const line of await async.locator('.map-edge-line').all())
      await expect(line.getAttribute('stroke-dasharray')).resolves.toBeTruthy();
    // No direct order → inventory call is left: it goes through the broker now.
    expect(await edge('order', 'inventory').count()).toBe(0);
    expect(await overlappingNodes()).toEqual([]);
    await shot('23-map-after');
  });

  it('narrows a large map to the neighbourhood of a focus service', async () => {
    const all = await page.getByTestId('map-node').count();
    await page.getByTestId('map-focus').selectOption('payment');
    await page.getByTestId('map-depth').fill('1');
    await expect.poll(() => page.getByTestId('map-node').count()).toBeLessThan(all);
    await expect(node('payment').count()).resolves.toBe(1);
    await page.getByTestId('map-focus').selectOption('');
  });

  it('shows the aggregate critical-path flame for all traces and for the slowest 1%', async () => {
    await go('#/d/before/map');
    await mapReady();
    const flame = page.getByTestId('critical-flame');
    await flame.waitFor({ timeout: LOAD_TIMEOUT });
    const frames = page.getByTestId('flame-frame');
    expect(await frames.count()).toBeGreaterThan(5);
    await expect(page.locator('[data-testid="flame-frame"][data-service="payment-gateway"]').count()).resolves.toBeGreaterThan(0);
    await page.locator('[data-testid="flame-slice"][data-slice="0.01"]').click();
    expect(page.url()).toContain('flame=0.01');
    await expect.poll(() => page.getByTestId('critical-flame-section').textContent()).toMatch(/merged across 3 traces/);
    await page.getByTestId('critical-flame-section').scrollIntoViewIfNeeded();
    await shot('24-critical-flame');
  });

  it('lays out the SmartThings fixture’s map without overlapping nodes', async () => {
    const file = path.join(projectRoot, 'test', 'fixtures', 'external', 'zipkin', 'smartthings-oauth-authorization.json');
    await page.getByRole('banner').getByTestId('open-files').setInputFiles(file);
    const name = 'smartthings-oauth-authorization.json';
    await page.locator(`[data-testid="overview"][data-dataset="${name}"]`).getByTestId('overview-stats').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByTestId('nav-map').click();
    await mapReady();
    expect(await page.getByTestId('map-node').count()).toBeGreaterThan(5);
    expect(await overlappingNodes()).toEqual([]);
    await shot('25-map-smartthings');
  });
});

describe('hotspots', () => {
  it('ranks each kind of hotspot with its evidence and opens an example with its span selected', async () => {
    await go('#/d/before/hotspots');
    await page.getByTestId('hotspots-view').waitFor({ timeout: LOAD_TIMEOUT });
    const table = (kind: string) => page.locator(`[data-testid="hotspot-table"][data-kind="${kind}"]`);
    for (const kind of ['n-plus-one', 'fan-out', 'retries', 'error-origin', 'sync-chain'])
      expect(await table(kind).getByTestId('hotspot-row').count()).toBeGreaterThan(0);
    await expect(table('n-plus-one').getByTestId('hotspot-row').first().textContent()).resolves.toContain('postgresql/inventory-db');
    await expect(table('sync-chain').getByTestId('hotspot-row').first().textContent()).resolves.toContain(CHAIN.join(' → '));
    await expect(table('retries').textContent()).resolves.toContain('payment-gateway');
    await shot('26-hotspots');
    await table('n-plus-one').getByTestId('hotspot-row').first().click();
    await page.getByTestId('flame-chart').waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toMatch(/\/trace\/[0-9a-f]+\?span=[0-9a-f]+/);
  });
});

describe('before/after comparison', () => {
  const row = (testId: string) => page.getByTestId('compare-e2e').getByTestId(testId);

  it('shows what the migration changed: p99 down, sync calls now async through the broker, no N+1, retries off the user path, queue delay', async () => {
    await go('#/d/after');
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-e2e').waitFor({ timeout: LOAD_TIMEOUT });
    expect(page.url()).toContain('#/compare?a=before&b=after');
    await expect(row('e2e-p99').getAttribute('data-significant')).resolves.toBe('1');
    await expect(row('e2e-p99').getByTestId('change').textContent()).resolves.toMatch(/^−9\d(\.\d)?%$/);
    const moved = await page.getByTestId('sync-to-async').allTextContents();
    for (const callee of ['inventory', 'payment', 'fulfillment'])
      expect(moved.some((t) => t.includes(`order → ${callee}`) && t.includes('orders.placed'))).toBe(true);
    await expect(row('e2e-n-plus-one').locator('td').nth(1).textContent()).resolves.toBe('0');
    await expect(row('e2e-retries').locator('td').nth(1).textContent()).resolves.toBe('1.0×');
    await expect(row('e2e-queue').locator('td').nth(0).textContent()).resolves.toBe('0 ns');
    await expect(row('e2e-queue').locator('td').nth(1).textContent()).resolves.toMatch(/^[\d.]+ (ms|s)$/);
    await expect(page.getByTestId('compare-headline').textContent()).resolves.toMatch(/The user waits less .*the work completes/);
    await page.getByTestId('latency-cdf').waitFor();
    await page.getByTestId('diff-legend').waitFor();
    expect(await page.getByTestId('change-row').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="diff-frame"]').count()).toBeGreaterThan(3);
    await shot('28-compare');
  });

  it('compares a typical trace of each side, call trees aligned and flame charts on one time scale', async () => {
    await page.getByTestId('compare-typical-traces').click();
    await page.getByTestId('trace-compare-flame').nth(1).waitFor({ timeout: LOAD_TIMEOUT });
    await expect(page.getByTestId('trace-compare-flame').count()).resolves.toBe(2);
    await page.getByTestId('aligned-row').first().waitFor({ timeout: LOAD_TIMEOUT });
    expect(await page.locator('[data-testid="aligned-row"][data-presence="both"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="aligned-row"][data-presence="a"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="aligned-row"][data-presence="b"]').count()).toBeGreaterThan(0);
    await shot('29-compare-traces');
  });
});

describe('SQL console', () => {
  it('runs a query and shows the count SQL gives', async () => {
    await go('#/d/before/sql');
    await page.getByTestId('sql-editor').waitFor({ timeout: LOAD_TIMEOUT });
    await page.getByTestId('sql-schema').getByText('spans', { exact: true }).first().waitFor();
    await page.locator('[data-testid="sql-editor"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type("SELECT count(*) AS n FROM spans WHERE dataset = 'before'");
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('sql-status').textContent(), { timeout: LOAD_TIMEOUT }).toMatch(/^1 row/);
    await expect(page.getByTestId('sql-results').getByRole('cell').first().textContent()).resolves.toBe('13324');
    await shot('27-sql-console');
  });

  it('exports the result as CSV', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('sql-export-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('hopscope-query.csv');
    const chunks: Buffer[] = [];
    for await (const chunk of (await file.createReadStream())!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe('n\r\n13324\r\n');
  });

  it('refuses a statement that would change the data, inline', async () => {
    await page.locator('[data-testid="sql-editor"] .cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('DELETE FROM spans');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('sql-error').textContent()).toMatch(/queries only|read-only/);
    // Nothing was deleted.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('SELECT count(*) AS n FROM spans');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => page.getByTestId('sql-results').getByRole('cell').first().textContent()).toMatch(/^\d{5,}$/);
    await expect(page.getByTestId('sql-history').textContent()).resolves.toContain("dataset = 'before'");
  });

  it('ran without console errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
