/**
 * The postmortem report, HTML and Markdown, on the bundled before/after
 * samples plus a trace whose names are markup: self-contained (nothing
 * fetched), every figure embedded and valid, the comparison present with
 * two datasets, and text from traces escaped everywhere.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileInput } from '../../../cli/node-files.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { FIGURE_PALETTES } from '../../../shared/export/figure.js';
import { base64 } from '../../../shared/export/report/base64.js';
import { reportHtml } from '../../../shared/export/report/report-html.js';
import { markdownText, reportMarkdown } from '../../../shared/export/report/report-markdown.js';
import { buildReport, type Report } from '../../../shared/export/report/report-model.js';
import { MARKUP_SERVICE, MARKUP_SPAN, MARKUP_TRACE_ID, markupTraceJson } from '../../helpers/markup-trace.js';
import { createSampleEngine } from '../../helpers/sample-engine.js';
import { byRole, parseXml } from '../../helpers/svg-xml.js';

let engine: HopscopeEngine;
let comparison: Report;
let markup: Report;

beforeAll(async () => {
  engine = await createSampleEngine();
  const dir = mkdtempSync(path.join(tmpdir(), 'hopscope-report-'));
  const file = path.join(dir, 'markup.otlp.json');
  writeFileSync(file, markupTraceJson());
  await engine.load('<b>markup</b>', [fileInput(file)]);
  const palette = FIGURE_PALETTES.light;
  const fixed = new Date('2026-11-21T10:00:00Z');
  comparison = await buildReport(engine, {
    datasets: ['before', 'after'],
    comparison: { a: 'before', b: 'after' },
    palette,
    generatedAt: fixed,
  });
  markup = await buildReport(engine, {
    datasets: ['<b>markup</b>'],
    traces: [{ dataset: '<b>markup</b>', traceId: MARKUP_TRACE_ID }],
    palette,
    generatedAt: fixed,
  });
}, 120_000);
afterAll(async () => {
  await engine.close();
});

/** Every URL-bearing attribute value and CSS url() in the document. */
function references(html: string): string[] {
  const attrs = [...html.matchAll(/\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1]!);
  const css = [...html.matchAll(/url\(\s*['"]?([^'")]+)/gi)].map((m) => m[1]!);
  return [...attrs, ...css];
}

function embeddedSvgs(html: string): string[] {
  return [...html.matchAll(/src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)"/g)].map((m) =>
    Buffer.from(m[1]!, 'base64').toString('utf8'),
  );
}

describe('HTML report', () => {
  it('references nothing outside itself: images are data: URIs, no scripts, no stylesheets', () => {
    const html = reportHtml(comparison);
    const refs = references(html);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.startsWith('data:image/svg+xml;base64,')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import/i);
    expect(html).toContain(`http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:`);
  });

  it('holds both datasets, their findings, the comparison and the selected traces, with every figure valid', () => {
    const html = reportHtml(comparison);
    expect(html).toContain('<h2>Comparison: before → after</h2>');
    expect(html).toContain('<h2>Dataset before</h2>');
    expect(html).toContain('<h2>Dataset after</h2>');
    for (const d of comparison.datasets)
      for (const f of d.findings) expect(html).toContain(f.text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    const svgs = embeddedSvgs(html);
    const figures = [
      ...comparison.comparison!.figures,
      ...comparison.datasets.flatMap((d) => d.figures),
      ...comparison.traces.flatMap((t) => t.figures),
    ];
    expect(svgs).toHaveLength(figures.length);
    expect(svgs).toEqual(figures.map((f) => f.svg));
    for (const svg of svgs) expect(byRole(parseXml(svg), 'legend').length + byRole(parseXml(svg), 'title').length).toBeGreaterThan(0);
    // Default selection: the slowest trace of each dataset, with its hop table.
    expect(comparison.traces.map((t) => t.dataset)).toEqual(['before', 'after']);
    for (const t of comparison.traces) {
      expect(t.hops.rows.length).toBeGreaterThan(0);
      expect(html).toContain(`<code>${t.traceId}</code>`);
    }
    expect(comparison.comparison!.tables.map((t) => t.title)).toContain('End to end');
  });

  it('escapes span, service and dataset names that are markup', () => {
    const html = reportHtml(markup);
    expect(html).not.toContain(MARKUP_SPAN);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>markup</b>');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;b&gt;markup&lt;/b&gt;');
    // Inside the embedded images too: the flame chart names the span, as text.
    const svgs = embeddedSvgs(html);
    expect(svgs.length).toBeGreaterThan(0);
    const named = svgs.filter((svg) => svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
    expect(named.length).toBeGreaterThan(0);
    for (const svg of svgs) {
      expect(svg).not.toContain(MARKUP_SPAN);
      expect(parseXml(svg).getElementsByTagName('script')).toHaveLength(0);
    }
    const hopRows = markup.traces[0]!.hops.rows.map((r) => r[2]);
    expect(hopRows).toContain(MARKUP_SPAN);
    expect(markup.traces[0]!.hops.rows.map((r) => r[1])).toContain(MARKUP_SERVICE);
  });
});

describe('Markdown report', () => {
  it('puts every figure beside it as an image file and links each one', async () => {
    const md = await reportMarkdown(comparison, { stem: 'postmortem' });
    const figures = [
      ...comparison.comparison!.figures,
      ...comparison.datasets.flatMap((d) => d.figures),
      ...comparison.traces.flatMap((t) => t.figures),
    ];
    expect(md.folder).toBe('postmortem-images');
    expect(md.assets).toHaveLength(figures.length);
    const links = [...md.markdown.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    expect(links).toEqual(md.assets.map((a) => `postmortem-images/${a.name}`));
    for (const a of md.assets) expect(a.name).toMatch(/^\d\d-[a-z0-9-]+\.svg$/);
    expect(md.markdown).toMatch(/^## Comparison: before → after$/m);
    expect(md.markdown).toMatch(/^\| --- \| ---: \| ---: \| ---: \|$/m);
  });

  it('uses the rasteriser for PNG images when given one', async () => {
    const md = await reportMarkdown(markup, { stem: 'r', rasterize: async (f) => new TextEncoder().encode(`png of ${f.name}`) });
    for (const a of md.assets) {
      expect(a.name.endsWith('.png')).toBe(true);
      expect(new TextDecoder().decode(a.data as Uint8Array)).toMatch(/^png of /);
    }
  });

  it('escapes markup and Markdown syntax from traces', async () => {
    const md = await reportMarkdown(markup, { stem: 'r' });
    expect(md.markdown).not.toContain(MARKUP_SPAN);
    expect(md.markdown).not.toContain('<script');
    expect(md.markdown).not.toContain('<b>');
    expect(md.markdown).toContain(markdownText(MARKUP_SPAN));
    expect(markdownText(MARKUP_SPAN)).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(markdownText('a | b *c* [d](e)')).toBe('a \\| b \\*c\\* \\[d\\]\\(e\\)');
  });
});

describe('base64', () => {
  it.each([[''], ['a'], ['ab'], ['abc'], ['abcd'], ['ünïcødé ✓'], ['x'.repeat(100_001)]])('matches Node for %#', (s) => {
    const bytes = new TextEncoder().encode(s);
    expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});
