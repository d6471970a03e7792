/**
 * Exports from the web build in Chromium, checked as the files users get:
 * the service map and a trace's flame chart as SVG (valid XML with nodes,
 * edges, critical-path marks and a legend) and as PNG (decodes at twice
 * the SVG's size), the trace as OTLP JSON and its critical path as Chrome
 * trace JSON, the dataset as Parquet, and the HTML report (self-contained,
 * with the comparison).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byRole, parseXml } from '../helpers/svg-xml.js';
import { LOAD_TIMEOUT, openSamplesApp, type WebApp } from './harness.js';

let app: WebApp | undefined;
let page: Page;
let workDir: string;
let pageErrors: string[];

beforeAll(async () => {
  const opened = await openSamplesApp('exports');
  ({ page, workDir, pageErrors } = opened);
  app = opened;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

const go = (hash: string) => page.evaluate((h) => (window.location.hash = h), hash);

/** Clicks `item` in the export menu `menu` and returns the downloaded file's name and bytes. */
async function exportFrom(menu: string, item: string): Promise<{ name: string; bytes: Buffer }> {
  await page
    .getByTestId(menu)
    .getByRole('button', { name: /^Export/ })
    .click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: LOAD_TIMEOUT }),
    page.getByTestId(menu).getByTestId(item).click(),
  ]);
  const target = path.join(workDir, download.suggestedFilename());
  await download.saveAs(target);
  return { name: download.suggestedFilename(), bytes: readFileSync(target) };
}

function svgSize(svg: string): { width: number; height: number } {
  const root = parseXml(svg).documentElement!;
  return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) };
}

describe('exports from the web build', () => {
  let slowest = '';

  it('exports the service map as SVG and as a 2× PNG', async () => {
    await go('#/d/before/map');
    await page.getByTestId('map-node').first().waitFor({ timeout: LOAD_TIMEOUT });
    const svg = await exportFrom('export-map', 'export-svg');
    expect(svg.name).toBe('service-map-before.svg');
    const doc = parseXml(svg.bytes.toString('utf8'));
    const services = byRole(doc, 'node').map((n) => n.getAttribute('data-service'));
    expect(services).toEqual(expect.arrayContaining(['gateway', 'order', 'inventory', 'payment', 'fulfillment', 'notification']));
    expect(services).toHaveLength(await page.getByTestId('map-node').count());
    expect(byRole(doc, 'edge')).toHaveLength(await page.getByTestId('map-edge').count());
    expect(byRole(doc, 'legend-item').length).toBeGreaterThan(3);
    expect(byRole(doc, 'title')[0]!.textContent).toBe('Service dependency map');

    const png = await exportFrom('export-map', 'export-png');
    expect(png.name).toBe('service-map-before.png');
    const image = PNG.sync.read(png.bytes);
    const size = svgSize(svg.bytes.toString('utf8'));
    expect([image.width, image.height]).toEqual([size.width * 2, size.height * 2]);
  });

  it('exports a trace’s flame chart with its critical path as SVG and PNG', async () => {
    await page.getByTestId('map-trace-slowest').click();
    await page.waitForFunction(() => window.location.hash.includes('trace='));
    slowest = new URLSearchParams((await page.evaluate(() => window.location.hash)).split('?')[1]).get('trace')!;
    await go(`#/d/before/trace/${slowest}`);
    await page.getByTestId('critical-path-length').waitFor({ timeout: LOAD_TIMEOUT });
    const svg = await exportFrom('export-flame', 'export-svg');
    const doc = parseXml(svg.bytes.toString('utf8'));
    expect(byRole(doc, 'span').length).toBeGreaterThan(10);
    expect(byRole(doc, 'critical').length).toBeGreaterThan(0);
    expect(byRole(doc, 'axis')).toHaveLength(1);
    expect(byRole(doc, 'legend-item').length).toBeGreaterThan(2);
    expect(byRole(doc, 'subtitle')[0]!.textContent).toContain(slowest);

    const png = PNG.sync.read((await exportFrom('export-flame', 'export-png')).bytes);
    const size = svgSize(svg.bytes.toString('utf8'));
    expect([png.width, png.height]).toEqual([size.width * 2, size.height * 2]);
  });

  it('exports the trace as OTLP JSON and its critical path as Chrome trace JSON', async () => {
    const otlp = JSON.parse((await exportFrom('export-flame', 'export-data-0')).bytes.toString('utf8')) as {
      resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
    };
    const spans = otlp.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans.length).toBeGreaterThan(10);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([slowest]));

    const chrome = JSON.parse((await exportFrom('export-flame', 'export-data-1')).bytes.toString('utf8')) as {
      traceEvents: { ph: string; dur?: number }[];
    };
    const complete = chrome.traceEvents.filter((e) => e.ph === 'X');
    expect(complete.length).toBeGreaterThan(0);
    const total = (await page.getByTestId('critical-path-length').textContent()) ?? '';
    expect(total).toMatch(/\d/);
  });

  it('exports a hotspot table with the rows the view shows', async () => {
    await go('#/d/before/hotspots');
    const table = page.locator('[data-testid="hotspot-table"][data-kind="n-plus-one"]');
    await table.getByTestId('hotspot-row').first().waitFor({ timeout: LOAD_TIMEOUT });
    const svg = await exportFrom('export-hotspots-n-plus-one', 'export-svg');
    expect(svg.name).toBe('hotspots-n-plus-one-before.svg');
    const doc = parseXml(svg.bytes.toString('utf8'));
    expect(byRole(doc, 'row')).toHaveLength(await table.getByTestId('hotspot-row').count());
    expect(byRole(doc, 'title')[0]!.textContent).toBe('N+1 loops');
  });

  it('exports the dataset as Parquet', async () => {
    await go('#/d/before');
    await page.getByTestId('export-parquet').waitFor({ timeout: LOAD_TIMEOUT });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: LOAD_TIMEOUT }),
      page.getByTestId('export-parquet').click(),
    ]);
    const target = path.join(workDir, download.suggestedFilename());
    await download.saveAs(target);
    const bytes = readFileSync(target);
    expect(download.suggestedFilename()).toBe('before.parquet');
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    expect(bytes.subarray(bytes.length - 4).toString()).toBe('PAR1');
  });

  it('exports the HTML report of both datasets with their comparison', async () => {
    await page.getByTestId('open-report').click();
    await page.getByTestId('report-dialog').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId('report-export').click()]);
    const target = path.join(workDir, download.suggestedFilename());
    await download.saveAs(target);
    const html = readFileSync(target, 'utf8');
    expect(download.suggestedFilename()).toBe('postmortem-before-after.html');
    expect(html).toContain('<h2>Comparison: before → after</h2>');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<img src="data:image\/svg\+xml;base64,/g)!.length).toBeGreaterThan(6);
  }, 150_000);

  it('ran without console errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
