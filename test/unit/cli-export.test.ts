/**
 * `hopscope render` and `hopscope report` as users run them: a separate
 * process, files written where --out says, SVG that parses, PNG that
 * decodes at twice the SVG's size, the report self-contained.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MARKUP_SPAN, MARKUP_TRACE_ID, markupTraceJson } from '../helpers/markup-trace.js';
import { hopscope } from '../helpers/run-cli.js';
import { byRole, parseXml } from '../helpers/svg-xml.js';

const BEFORE = 'sample-traces/before-migration.otlp.jsonl.gz';
const AFTER = 'sample-traces/after-migration.otlp.jsonl.gz';

let dir: string;
let markupFile: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hopscope-cli-export-'));
  markupFile = path.join(dir, 'markup.otlp.json');
  writeFileSync(markupFile, markupTraceJson());
});

const svgSize = (svg: string) => {
  const root = parseXml(svg).documentElement!;
  return { width: Number(root.getAttribute('width')), height: Number(root.getAttribute('height')) };
};

describe('hopscope render', () => {
  it('renders the map as SVG and as a PNG twice its size', async () => {
    const svgOut = path.join(dir, 'map.svg');
    const pngOut = path.join(dir, 'map.png');
    expect((await hopscope('render', 'map', BEFORE, '--out', svgOut)).code).toBe(0);
    const r = await hopscope('render', 'map', BEFORE, '--out', pngOut);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${pngOut}: Service dependency map`);
    const svg = readFileSync(svgOut, 'utf8');
    const doc = parseXml(svg);
    expect(byRole(doc, 'node').length).toBeGreaterThan(6);
    expect(byRole(doc, 'edge').length).toBeGreaterThan(5);
    expect(byRole(doc, 'legend-item').length).toBeGreaterThan(3);
    const png = PNG.sync.read(readFileSync(pngOut));
    const size = svgSize(svg);
    expect([png.width, png.height]).toEqual([size.width * 2, size.height * 2]);
    // Something was drawn: not every pixel is the background.
    const first = png.data.readUInt32BE(0);
    let differing = 0;
    for (let i = 0; i < png.data.length; i += 4) if (png.data.readUInt32BE(i) !== first) differing++;
    expect(differing).toBeGreaterThan(png.width * png.height * 0.02);
  });

  it('renders a chosen trace as a flame chart with its critical path', async () => {
    const out = path.join(dir, 'flame.svg');
    const r = await hopscope('render', 'flame', markupFile, '--trace', MARKUP_TRACE_ID, '--out', out);
    expect(r.code).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).not.toContain(MARKUP_SPAN);
    const doc = parseXml(svg);
    expect(byRole(doc, 'span')).toHaveLength(3);
    expect(byRole(doc, 'critical').length).toBeGreaterThan(0);
  });

  it('renders the comparison charts and the diff flame graph of two file sets', async () => {
    for (const view of ['compare', 'diff-flame', 'diff-map']) {
      const out = path.join(dir, `${view}.png`);
      const r = await hopscope('render', view, BEFORE, '--vs', AFTER, '--out', out);
      expect(r.code, r.stderr).toBe(0);
      const png = PNG.sync.read(readFileSync(out));
      expect(png.width).toBeGreaterThanOrEqual(1280);
    }
  });

  it('writes one file per hotspot table', async () => {
    const out = path.join(dir, 'hot.svg');
    const r = await hopscope('render', 'hotspots', BEFORE, '--out', out);
    expect(r.code).toBe(0);
    const written = readdirSync(dir).filter((f) => f.startsWith('hot-') && f.endsWith('.svg'));
    expect(written.length).toBeGreaterThanOrEqual(3);
    expect(r.stdout.trim().split('\n')).toHaveLength(written.length);
    for (const f of written) expect(byRole(parseXml(readFileSync(path.join(dir, f), 'utf8')), 'row').length).toBeGreaterThan(0);
  });

  it.each([
    [['render', 'nope', BEFORE, '--out', 'x.svg'], /render needs a VIEW first, one of: map, flame/],
    [['render', 'map', BEFORE, '--out', 'x.pdf'], /--out must end in \.svg or \.png/],
    [['render', 'map', BEFORE], /render needs --out/],
    [['render', 'compare', BEFORE, '--out', 'x.svg'], /compares two datasets/],
    [['render', 'map', BEFORE, '--trace', 'abc', '--out', 'x.svg'], /--trace applies to the flame and accumulation views/],
    [['report', BEFORE, '--out', 'x.pdf'], /--out must end in \.html or \.md/],
  ])('refuses %j with a clear message', async (args, message) => {
    const r = await hopscope(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('hopscope report', () => {
  it('writes a self-contained HTML report with the comparison', async () => {
    const out = path.join(dir, 'report.html');
    const r = await hopscope('report', BEFORE, '--vs', AFTER, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Comparison: before-migration → after-migration</h2>');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
    expect(html.match(/<img src="data:image\/svg\+xml;base64,/g)!.length).toBeGreaterThan(6);
  });

  it('writes Markdown with PNG images beside it and escapes the chosen trace', async () => {
    const out = path.join(dir, 'notes.md');
    const r = await hopscope('report', markupFile, '--trace', MARKUP_TRACE_ID, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    expect(md).not.toContain(MARKUP_SPAN);
    const links = [...md.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(1);
    for (const link of links) {
      expect(link).toMatch(/^notes-images\/\d\d-.+\.png$/);
      expect(existsSync(path.join(dir, link))).toBe(true);
      const png = PNG.sync.read(readFileSync(path.join(dir, link)));
      expect(png.width).toBeGreaterThan(0);
    }
    expect(md).toContain(`Trace \`${MARKUP_TRACE_ID}\``);
  });

  it('refuses a trace that is in none of the files', async () => {
    const r = await hopscope('report', markupFile, '--trace', 'ffffffffffffffffffffffffffffffff', '--out', path.join(dir, 'x.html'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('trace ffffffffffffffffffffffffffffffff is in none of the files');
  });
});
