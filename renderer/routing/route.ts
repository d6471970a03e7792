/**
 * The app's state that belongs in the address: which dataset, which view,
 * which trace and span, and the view's settings. Kept in the URL hash so
 * back/forward, reload and a copied link all land on the same screen (the
 * hash works the same over http:// and Electron's app:// scheme).
 *
 *   #/                                      start screen
 *   #/samples                               start screen, loading the bundled samples
 *   #/d/before                              overview of dataset "before"
 *   #/d/before/traces?service=payment&err=1 trace list, filtered
 *   #/d/before/trace/4c16…?span=8a5b…&all=1 trace view, a span selected
 *   #/d/before/map?color=errors&focus=order service map (and the critical-path flame)
 *   #/d/before/hotspots                     ranked hotspot tables
 *   #/d/before/sql?q=SELECT…                SQL console
 *   #/compare?a=before&b=after              before/after comparison
 *   #/compare/traces?ad=before&at=…&bd=after&bt=…  two traces compared
 *
 * Pure: parse and format only, no DOM (so it is unit-tested directly).
 */
import { FLAME_FRACTIONS, type FlameFraction } from '../../shared/engine/dataset-analysis-api.js';
import type { TraceFilter } from '../../shared/engine/views-api.js';
import { TRACE_SORT_KEYS, type Brush, type TraceSort, type TraceSortKey } from '../views/traces/trace-table-model.js';

export type { Brush, TraceSort, TraceSortKey };

export interface TraceViewSettings {
  /** Show every span in full colour instead of highlighting the critical path. */
  showAll: boolean;
  /** Critical-path skew tolerance (fraction of the parent); undefined = the engine's default. */
  skewTolerance?: number;
  followAsync: boolean;
  clock: 'raw' | 'adjusted';
  search: string;
}

export type MapColor = 'p99' | 'errors';

export interface MapSettings {
  /** What edge colour encodes. */
  color: MapColor;
  /** Show only the services within `depth` calls of this one. */
  focus: string | null;
  depth: number;
  /** A trace whose path through the map is highlighted. */
  traceId: string | null;
  /** Which traces the aggregate critical-path flame covers: all, the slowest 10%, the slowest 1%. */
  flame: FlameFraction;
}

export const DEFAULT_MAP_SETTINGS: MapSettings = { color: 'p99', focus: null, depth: 2, traceId: null, flame: 1 };

export type Route =
  | { view: 'start'; loadSamples: boolean }
  | { view: 'overview'; dataset: string }
  | { view: 'traces'; dataset: string; filter: TraceFilter; sort: TraceSort; brush: Brush | null }
  | { view: 'trace'; dataset: string; traceId: string; spanId: string | null; settings: TraceViewSettings }
  | { view: 'map'; dataset: string; settings: MapSettings }
  | { view: 'hotspots'; dataset: string }
  | { view: 'sql'; dataset: string; sql: string }
  | { view: 'compare'; a: string | null; b: string | null }
  | { view: 'compare-traces'; a: TraceRef; b: TraceRef };

export interface TraceRef {
  dataset: string;
  traceId: string;
}

export const DEFAULT_SORT: TraceSort = { key: 'duration', descending: true };
export const DEFAULT_TRACE_SETTINGS: TraceViewSettings = { showAll: false, followAsync: false, clock: 'adjusted', search: '' };

export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart = '', queryPart = ''] = splitOnce(raw, '?');
  const parts = pathPart
    .split('/')
    .filter((p) => p !== '')
    .map(safeDecode);
  const q = new URLSearchParams(queryPart);
  if (parts[0] === 'compare') {
    const a = { dataset: q.get('ad') ?? '', traceId: q.get('at') ?? '' };
    const b = { dataset: q.get('bd') ?? '', traceId: q.get('bt') ?? '' };
    if (parts[1] === 'traces' && a.dataset && a.traceId && b.dataset && b.traceId) return { view: 'compare-traces', a, b };
    return { view: 'compare', a: q.get('a') || null, b: q.get('b') || null };
  }
  if (parts[0] !== 'd' || parts[1] === undefined) return { view: 'start', loadSamples: parts[0] === 'samples' };
  const dataset = parts[1];
  if (parts[2] === 'traces') return { view: 'traces', dataset, filter: parseFilter(q), sort: parseSort(q), brush: parseBrush(q) };
  if (parts[2] === 'trace' && parts[3] !== undefined) {
    return { view: 'trace', dataset, traceId: parts[3], spanId: q.get('span') || null, settings: parseSettings(q) };
  }
  if (parts[2] === 'map') return { view: 'map', dataset, settings: parseMapSettings(q) };
  if (parts[2] === 'hotspots') return { view: 'hotspots', dataset };
  if (parts[2] === 'sql') return { view: 'sql', dataset, sql: q.get('q') ?? '' };
  return { view: 'overview', dataset };
}

export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'start':
      return route.loadSamples ? '#/samples' : '#/';
    case 'overview':
      return `#/d/${encodeURIComponent(route.dataset)}`;
    case 'traces': {
      const q = new URLSearchParams();
      const f = route.filter;
      if (f.service !== undefined) q.set('service', f.service);
      if (f.operation !== undefined) q.set('op', f.operation);
      if (f.minDurationNs !== undefined) q.set('min', String(f.minDurationNs));
      if (f.maxDurationNs !== undefined) q.set('max', String(f.maxDurationNs));
      if (f.hasError !== undefined) q.set('err', f.hasError ? '1' : '0');
      if (f.attribute !== undefined) q.set('attr', `${f.attribute.key}=${f.attribute.value}`);
      if (f.peer !== undefined) q.set('peer', f.peer);
      if (f.edge !== undefined) {
        q.set('caller', f.edge.from);
        q.set('callee', f.edge.to);
        if (f.edge.mode) q.set('mode', f.edge.mode);
      }
      if (f.traceIds !== undefined) q.set('ids', f.traceIds.join(','));
      if (f.fromNs !== undefined) q.set('from', String(f.fromNs));
      if (f.toNs !== undefined) q.set('to', String(f.toNs));
      if (route.sort.key !== DEFAULT_SORT.key || route.sort.descending !== DEFAULT_SORT.descending) {
        q.set('sort', `${route.sort.descending ? '-' : ''}${route.sort.key}`);
      }
      if (route.brush) {
        const b = route.brush;
        q.set('brush', [b.fromNs, b.toNs, b.minDurationNs, b.maxDurationNs].join(','));
      }
      return withQuery(`#/d/${encodeURIComponent(route.dataset)}/traces`, q);
    }
    case 'trace': {
      const q = new URLSearchParams();
      if (route.spanId) q.set('span', route.spanId);
      const s = route.settings;
      if (s.showAll) q.set('all', '1');
      if (s.followAsync) q.set('async', '1');
      if (s.clock === 'raw') q.set('clock', 'raw');
      if (s.skewTolerance !== undefined) q.set('tol', String(s.skewTolerance));
      if (s.search) q.set('q', s.search);
      return withQuery(`#/d/${encodeURIComponent(route.dataset)}/trace/${encodeURIComponent(route.traceId)}`, q);
    }
    case 'map': {
      const q = new URLSearchParams();
      const s = route.settings;
      if (s.color !== DEFAULT_MAP_SETTINGS.color) q.set('color', s.color);
      if (s.focus !== null) {
        q.set('focus', s.focus);
        q.set('depth', String(s.depth));
      }
      if (s.traceId !== null) q.set('trace', s.traceId);
      if (s.flame !== DEFAULT_MAP_SETTINGS.flame) q.set('flame', String(s.flame));
      return withQuery(`#/d/${encodeURIComponent(route.dataset)}/map`, q);
    }
    case 'hotspots':
      return `#/d/${encodeURIComponent(route.dataset)}/hotspots`;
    case 'compare': {
      const q = new URLSearchParams();
      if (route.a !== null) q.set('a', route.a);
      if (route.b !== null) q.set('b', route.b);
      return withQuery('#/compare', q);
    }
    case 'compare-traces': {
      const q = new URLSearchParams({ ad: route.a.dataset, at: route.a.traceId, bd: route.b.dataset, bt: route.b.traceId });
      return withQuery('#/compare/traces', q);
    }
    case 'sql': {
      const q = new URLSearchParams();
      if (route.sql) q.set('q', route.sql);
      return withQuery(`#/d/${encodeURIComponent(route.dataset)}/sql`, q);
    }
  }
}

function parseMapSettings(q: URLSearchParams): MapSettings {
  const depth = finite(q.get('depth'));
  const flame = finite(q.get('flame'));
  return {
    color: q.get('color') === 'errors' ? 'errors' : 'p99',
    focus: q.get('focus') || null,
    depth: depth !== undefined && depth >= 0 ? Math.min(Math.trunc(depth), 20) : DEFAULT_MAP_SETTINGS.depth,
    traceId: q.get('trace') || null,
    flame: FLAME_FRACTIONS.find((f) => f === flame) ?? DEFAULT_MAP_SETTINGS.flame,
  };
}

function parseFilter(q: URLSearchParams): TraceFilter {
  const filter: TraceFilter = {};
  const text = (key: string) => q.get(key) ?? undefined;
  const service = text('service');
  if (service) filter.service = service;
  const op = text('op');
  if (op) filter.operation = op;
  const min = finite(q.get('min'));
  if (min !== undefined) filter.minDurationNs = min;
  const max = finite(q.get('max'));
  if (max !== undefined) filter.maxDurationNs = max;
  const err = q.get('err');
  if (err === '1' || err === '0') filter.hasError = err === '1';
  const attr = q.get('attr');
  if (attr?.includes('=')) {
    const [key = '', value = ''] = splitOnce(attr, '=');
    if (key) filter.attribute = { key, value };
  }
  const peer = q.get('peer');
  if (peer) filter.peer = peer;
  const caller = q.get('caller');
  const callee = q.get('callee');
  if (caller && callee) {
    const mode = q.get('mode');
    filter.edge = { from: caller, to: callee, ...(mode === 'sync' || mode === 'async' ? { mode } : {}) };
  }
  const ids = q.get('ids');
  if (ids !== null) filter.traceIds = ids.split(',').filter((id) => id !== '');
  const from = bigint(q.get('from'));
  if (from !== undefined) filter.fromNs = from;
  const to = bigint(q.get('to'));
  if (to !== undefined) filter.toNs = to;
  return filter;
}

function parseSort(q: URLSearchParams): TraceSort {
  const raw = q.get('sort');
  if (!raw) return { ...DEFAULT_SORT };
  const descending = raw.startsWith('-');
  const key = (descending ? raw.slice(1) : raw) as TraceSortKey;
  return TRACE_SORT_KEYS.includes(key) ? { key, descending } : { ...DEFAULT_SORT };
}

function parseBrush(q: URLSearchParams): Brush | null {
  const parts = q.get('brush')?.split(',');
  if (parts?.length !== 4) return null;
  const fromNs = bigint(parts[0]!);
  const toNs = bigint(parts[1]!);
  const minDurationNs = finite(parts[2]!);
  const maxDurationNs = finite(parts[3]!);
  if (fromNs === undefined || toNs === undefined || minDurationNs === undefined || maxDurationNs === undefined) return null;
  return { fromNs, toNs, minDurationNs, maxDurationNs };
}

function parseSettings(q: URLSearchParams): TraceViewSettings {
  const settings: TraceViewSettings = {
    showAll: q.get('all') === '1',
    followAsync: q.get('async') === '1',
    clock: q.get('clock') === 'raw' ? 'raw' : 'adjusted',
    search: q.get('q') ?? '',
  };
  const tol = finite(q.get('tol'));
  if (tol !== undefined && tol >= 0 && tol <= 1) settings.skewTolerance = tol;
  return settings;
}

function finite(text: string | null): number | undefined {
  if (text === null || text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function bigint(text: string | null): bigint | undefined {
  if (text === null || !/^-?\d+$/.test(text)) return undefined;
  return BigInt(text);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** A malformed %-escape (hand-edited URL) keeps its text rather than throwing. */
function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function withQuery(path: string, q: URLSearchParams): string {
  const query = q.toString();
  return query ? `${path}?${query}` : path;
}
