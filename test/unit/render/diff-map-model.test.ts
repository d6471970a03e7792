import { describe, expect, it } from 'vitest';
import { diffMapModel } from '../../../shared/render/diff-map-model.js';
import type { MapEdge, ServiceMapModel } from '../../../shared/render/service-map-model.js';

const edge = (from: string, to: string, p50Ns: number, rest: Partial<MapEdge> = {}): MapEdge => ({
  from,
  to,
  mode: 'sync',
  calls: 1,
  traces: 1,
  callsPerTrace: 1,
  errorRate: 0,
  p50Ns,
  p90Ns: p50Ns,
  p99Ns: p50Ns,
  retryAmplification: null,
  examples: [],
  leg: 'direct',
  call: { from, to, mode: rest.mode ?? 'sync' },
  ...rest,
});
const model = (edges: MapEdge[]): ServiceMapModel => ({
  nodes: [...new Set(edges.flatMap((e) => [e.from, e.to]))].map((service) => ({
    service,
    virtual: false,
    broker: false,
    spans: 1,
    traces: 1,
    errorRate: 0,
    onCriticalPaths: null,
    criticalShare: 0,
    badges: [],
  })),
  edges,
});

describe('diffMapModel', () => {
  it.each([
    { name: 'unchanged within 10%', a: [edge('gw', 'order', 100)], b: [edge('gw', 'order', 109)], changes: ['gw→order same'] },
    { name: 'slower', a: [edge('gw', 'order', 100)], b: [edge('gw', 'order', 150)], changes: ['gw→order slower'] },
    { name: 'faster', a: [edge('gw', 'order', 100)], b: [edge('gw', 'order', 50)], changes: ['gw→order faster'] },
    {
      name: 'a sync call replaced by an async one through a broker',
      a: [edge('order', 'inv', 100)],
      b: [
        edge('order', 'topic', 5, { mode: 'async', leg: 'publish', call: { from: 'order', to: 'inv', mode: 'async' } }),
        edge('topic', 'inv', 80, { mode: 'async', leg: 'deliver', call: { from: 'order', to: 'inv', mode: 'async' } }),
      ],
      changes: ['order→topic added', 'topic→inv added', 'order→inv removed'],
    },
  ])('$name', ({ a, b, changes }) => {
    const d = diffMapModel(model(a), model(b));
    expect(d.edges.map((e, i) => `${e.from}→${e.to} ${d.changes[i]!.change}`)).toEqual(changes);
    expect(new Set(d.nodes.map((n) => n.service))).toEqual(new Set([...a, ...b].flatMap((e) => [e.from, e.to])));
  });
});
