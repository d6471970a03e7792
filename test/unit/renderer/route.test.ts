/** The URL hash holds the app's place: every route survives a round trip, and bad input falls back safely. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAP_SETTINGS,
  DEFAULT_SORT,
  DEFAULT_TRACE_SETTINGS,
  formatRoute,
  parseRoute,
  type Route,
} from '../../../renderer/routing/route.js';

const routes: { name: string; route: Route; hash: string }[] = [
  { name: 'start', route: { view: 'start', loadSamples: false }, hash: '#/' },
  { name: 'start with samples', route: { view: 'start', loadSamples: true }, hash: '#/samples' },
  { name: 'overview', route: { view: 'overview', dataset: 'before' }, hash: '#/d/before' },
  {
    name: 'a dataset name that needs escaping',
    route: { view: 'overview', dataset: 'yelp.json (2)/x?y#z' },
    hash: '#/d/yelp.json%20(2)%2Fx%3Fy%23z',
  },
  {
    name: 'trace list, unfiltered',
    route: { view: 'traces', dataset: 'before', filter: {}, sort: { ...DEFAULT_SORT }, brush: null },
    hash: '#/d/before/traces',
  },
  {
    name: 'trace list with every filter, a sort and a brush',
    route: {
      view: 'traces',
      dataset: 'after',
      filter: {
        service: 'payment',
        operation: 'POST /payments',
        minDurationNs: 250_000_000,
        maxDurationNs: 9e9,
        hasError: false,
        attribute: { key: 'http.route', value: '/a=b&c' },
        traceIds: ['t1', 't2'],
        fromNs: 1_772_445_630_009_030_000n,
        toNs: 1_772_445_640_000_000_000n,
      },
      sort: { key: 'syncChain', descending: false },
      brush: { fromNs: 1n, toNs: 2n, minDurationNs: 3, maxDurationNs: 4.5 },
    },
    hash: '#/d/after/traces?service=payment&op=POST+%2Fpayments&min=250000000&max=9000000000&err=0&attr=http.route%3D%2Fa%3Db%26c&ids=t1%2Ct2&from=1772445630009030000&to=1772445640000000000&sort=syncChain&brush=1%2C2%2C3%2C4.5',
  },
  {
    name: 'trace view, defaults',
    route: { view: 'trace', dataset: 'before', traceId: 'abc', spanId: null, settings: { ...DEFAULT_TRACE_SETTINGS } },
    hash: '#/d/before/trace/abc',
  },
  {
    name: 'trace view, a span selected and every setting changed',
    route: {
      view: 'trace',
      dataset: 'before',
      traceId: 'abc',
      spanId: 's1',
      settings: { showAll: true, followAsync: true, clock: 'raw', skewTolerance: 0.05, search: 'payment gw' },
    },
    hash: '#/d/before/trace/abc?span=s1&all=1&async=1&clock=raw&tol=0.05&q=payment+gw',
  },
  {
    name: 'trace list through a map edge and a callee',
    route: {
      view: 'traces',
      dataset: 'after',
      filter: { peer: 'orders.placed', edge: { from: 'order', to: 'inventory', mode: 'async' } },
      sort: { ...DEFAULT_SORT },
      brush: null,
    },
    hash: '#/d/after/traces?peer=orders.placed&caller=order&callee=inventory&mode=async',
  },
  {
    name: 'service map, defaults',
    route: { view: 'map', dataset: 'before', settings: { ...DEFAULT_MAP_SETTINGS } },
    hash: '#/d/before/map',
  },
  {
    name: 'service map, every setting changed',
    route: { view: 'map', dataset: 'before', settings: { color: 'errors', focus: 'payment', depth: 3, traceId: 'abc', flame: 0.01 } },
    hash: '#/d/before/map?color=errors&focus=payment&depth=3&trace=abc&flame=0.01',
  },
  { name: 'hotspots', route: { view: 'hotspots', dataset: 'before' }, hash: '#/d/before/hotspots' },
  { name: 'SQL console, empty', route: { view: 'sql', dataset: 'before', sql: '' }, hash: '#/d/before/sql' },
  {
    name: 'SQL console with a statement',
    route: { view: 'sql', dataset: 'before', sql: "SELECT * FROM spans WHERE name = 'a&b'" },
    hash: '#/d/before/sql?q=SELECT+*+FROM+spans+WHERE+name+%3D+%27a%26b%27',
  },
];

describe('routes', () => {
  it.each(routes)('$name: formats and parses back', ({ route, hash }) => {
    expect(formatRoute(route)).toBe(hash);
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each([
    { name: 'empty hash', hash: '', route: { view: 'start', loadSamples: false } },
    { name: 'unknown path', hash: '#/nowhere', route: { view: 'start', loadSamples: false } },
    { name: 'dataset without a name', hash: '#/d/', route: { view: 'start', loadSamples: false } },
    { name: 'unknown view of a dataset', hash: '#/d/before/what', route: { view: 'overview', dataset: 'before' } },
    { name: 'trace without an id', hash: '#/d/before/trace', route: { view: 'overview', dataset: 'before' } },
    { name: 'broken escape', hash: '#/d/%E0%A4%A', route: { view: 'overview', dataset: '%E0%A4%A' } },
  ])('$name falls back safely', ({ hash, route }) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('ignores malformed values instead of applying them', () => {
    const route = parseRoute('#/d/x/traces?min=abc&err=maybe&attr=novalue&sort=-bogus&brush=1,2,x,4&from=1.5');
    expect(route).toEqual({ view: 'traces', dataset: 'x', filter: {}, sort: DEFAULT_SORT, brush: null });
    const trace = parseRoute('#/d/x/trace/t?tol=7&clock=sideways');
    expect(trace).toMatchObject({ settings: { clock: 'adjusted' } });
    expect((trace as { settings: object }).settings).not.toHaveProperty('skewTolerance');
    expect(parseRoute('#/d/x/map?color=blue&depth=-2&flame=0.5')).toEqual({ view: 'map', dataset: 'x', settings: DEFAULT_MAP_SETTINGS });
    expect(parseRoute('#/d/x/traces?caller=a&mode=sync')).toMatchObject({ filter: {} });
  });
});
