/**
 * The exported service map: the same nodes, edges, dashes and badges as the
 * model the app draws, numbers written on the edges, a legend, and the diff
 * map's colours by change. Parsed as XML, so a malformed export fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { FIGURE_PALETTES } from '../../../shared/export/figure.js';
import { diffMapFigure, serviceMapFigure } from '../../../shared/export/figures/map-figure.js';
import { diffMapModel, EDGE_CHANGE_COLORS } from '../../../shared/render/diff-map-model.js';
import { layoutModel } from '../../../shared/render/map-scales.js';
import { serviceMapModel, type ServiceMapModel } from '../../../shared/render/service-map-model.js';
import { serviceColor } from '../../../shared/render/service-colors.js';
import { MARKUP_SERVICE, MARKUP_SPAN } from '../../helpers/markup-trace.js';
import { createSampleEngine } from '../../helpers/sample-engine.js';
import { byRole, parseXml, textsOf } from '../../helpers/svg-xml.js';

let engine: HopscopeEngine;
let before: ServiceMapModel;
let after: ServiceMapModel;
const light = FIGURE_PALETTES.light;

beforeAll(async () => {
  engine = await createSampleEngine();
  before = serviceMapModel(await engine.analyze('before'));
  after = serviceMapModel(await engine.analyze('after'));
});
afterAll(async () => {
  await engine.close();
});

describe('service map figure', () => {
  it('draws every node and edge of the model, with kinds, dashes and badges', () => {
    const figure = serviceMapFigure(after, 'after', { palette: light, subtitle: 'after' });
    const doc = parseXml(figure.svg);
    const nodes = byRole(doc, 'node');
    expect(nodes.map((n) => n.getAttribute('data-service')).sort()).toEqual(after.nodes.map((n) => n.service).sort());
    const kinds = new Map(nodes.map((n) => [n.getAttribute('data-service'), n.getAttribute('data-kind')]));
    for (const n of after.nodes) expect(kinds.get(n.service)).toBe(n.broker ? 'broker' : n.virtual ? 'virtual' : 'service');

    const edges = byRole(doc, 'edge');
    expect(edges).toHaveLength(layoutModel(after).edges.length);
    for (const e of edges) {
      const line = e.getElementsByTagName('path')[0]!;
      expect(line.getAttribute('stroke-dasharray') !== null).toBe(e.getAttribute('data-mode') === 'async');
      expect(line.getAttribute('marker-end')).toMatch(/^url\(#arrow-\d+\)$/);
    }
    expect(after.edges.some((e) => e.mode === 'async')).toBe(true);

    const badges = byRole(doc, 'badge').map((b) => b.getAttribute('data-kind'));
    expect(badges.sort()).toEqual(after.nodes.flatMap((n) => n.badges.map((b) => b.kind)).sort());
  });

  it('writes the p99 and calls per trace on each edge, and frames it with title, dataset, numbers and legend', () => {
    const figure = serviceMapFigure(before, 'before', { palette: light, subtitle: 'before · 300 traces' });
    const doc = parseXml(figure.svg);
    const labels = byRole(doc, 'edge-label').map((l) => l.textContent ?? '');
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^p99 [\d.]+ (ns|µs|ms|s) · [\d.]+\/trace/);
    expect(byRole(doc, 'title')[0]!.textContent).toBe('Service dependency map');
    expect(byRole(doc, 'subtitle')[0]!.textContent).toBe('before · 300 traces');
    const numbers = byRole(doc, 'key-number').map((n) => textsOf(n).join(' '));
    expect(numbers).toContain(`services ${before.nodes.filter((n) => !n.virtual).length}`);
    const legend = byRole(doc, 'legend-item').map((i) => i.getAttribute('data-kind'));
    expect(legend).toContain('ramp');
    expect(textsOf(byRole(doc, 'legend')[0]!)).toEqual(expect.arrayContaining(['sync call', 'async (messaging)', 'N+1 loop', 'retries']));
    // The service stripe is the app's colour for the service.
    const payment = byRole(doc, 'node').find((n) => n.getAttribute('data-service') === 'payment')!;
    expect(Array.from(payment.getElementsByTagName('rect')).map((r) => r.getAttribute('fill'))).toContain(serviceColor('payment', 'light'));
    expect(figure.width).toBeGreaterThanOrEqual(layoutModel(before).width);
  });

  it('colours the diff map by what happened to each edge', () => {
    const model = diffMapModel(before, after);
    const figure = diffMapFigure(model, 'before', 'after', { palette: light, subtitle: 'before vs after' });
    const doc = parseXml(figure.svg);
    const edges = byRole(doc, 'edge');
    expect(edges.map((e) => e.getAttribute('data-change')).sort()).toEqual(
      layoutModel(model)
        .edges.map((p) => model.changes[p.index]!.change)
        .sort(),
    );
    for (const e of edges) {
      const change = e.getAttribute('data-change') as keyof typeof EDGE_CHANGE_COLORS;
      expect(e.getElementsByTagName('path')[0]!.getAttribute('stroke')).toBe(EDGE_CHANGE_COLORS[change]);
    }
    expect(model.changes.some((c) => c.change === 'added') && model.changes.some((c) => c.change === 'removed')).toBe(true);
  });

  it('escapes service names that are markup', () => {
    const model: ServiceMapModel = {
      nodes: [
        {
          service: 'gateway',
          virtual: false,
          broker: false,
          spans: 1,
          traces: 1,
          errorRate: 0,
          onCriticalPaths: 1,
          criticalShare: 0.5,
          badges: [],
        },
        {
          service: MARKUP_SERVICE,
          virtual: false,
          broker: false,
          spans: 1,
          traces: 1,
          errorRate: 0,
          onCriticalPaths: 1,
          criticalShare: 0.5,
          badges: [{ kind: 'bottleneck', label: 'bottleneck', detail: `slow: ${MARKUP_SPAN}` }],
        },
      ],
      edges: [
        {
          from: 'gateway',
          to: MARKUP_SERVICE,
          mode: 'sync',
          calls: 1,
          traces: 1,
          callsPerTrace: 1,
          errorRate: 0,
          p50Ns: 1e6,
          p90Ns: 1e6,
          p99Ns: 1e6,
          retryAmplification: null,
          examples: [],
          leg: 'direct',
          call: { from: 'gateway', to: MARKUP_SERVICE, mode: 'sync' },
        },
      ],
    };
    const figure = serviceMapFigure(model, MARKUP_SERVICE, { palette: light, subtitle: MARKUP_SERVICE });
    expect(figure.svg).not.toContain('<script');
    expect(figure.svg).not.toContain('<img');
    const doc = parseXml(figure.svg);
    expect(byRole(doc, 'node').map((n) => n.getAttribute('data-service'))).toContain(MARKUP_SERVICE);
    expect(byRole(doc, 'subtitle')[0]!.textContent).toBe(MARKUP_SERVICE);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
  });
});
