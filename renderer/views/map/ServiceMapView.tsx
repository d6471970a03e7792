/**
 * The service map as a route: the map of a dataset (or the neighbourhood of
 * one service), a trace's path through it, and under it the aggregate
 * critical-path flame. Everything that defines the screen is in the URL.
 */
import { useMemo } from 'react';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { FlameFractionPicker } from '../../components/FlameFractionPicker.js';
import { neighbourhood } from '../../../shared/render/map-focus.js';
import { serviceMapModel, type ServiceMapModel } from '../../../shared/render/service-map-model.js';
import { formatNs } from '../../../shared/text/units.js';
import { criticalFlameFigure } from '../../../shared/export/figures/critical-flame-figure.js';
import { serviceMapFigure } from '../../../shared/export/figures/map-figure.js';
import { datasetSubtitle } from '../../../shared/export/view-figures.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { useTheme } from '../../hooks/use-theme.js';
import { DEFAULT_SORT, DEFAULT_TRACE_SETTINGS, type MapSettings, type Route } from '../../routing/route.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import { CriticalFlameGraph } from './CriticalFlameGraph.js';
import { callKey, ServiceMap, type Highlight } from './ServiceMap.js';
import './service-map.css';

interface Props {
  engine: HopscopeEngine;
  dataset: string;
  settings: MapSettings;
  revision: number;
  navigate: Navigate;
}

/** Above this many services the whole map is hard to read; the view suggests a focus. */
const LARGE_MAP = 60;

export function ServiceMapView({ engine, dataset, settings, revision, navigate }: Props) {
  const theme = useTheme();
  const analysis = useAsync(() => engine.analyze(dataset), [engine, dataset, revision]);
  const slowest = useAsync(() => engine.overview(dataset).then((o) => o.slowestTraceId), [engine, dataset, revision]);
  const traceEdges = useAsync(
    () => (settings.traceId ? engine.traceEdges(dataset, settings.traceId) : Promise.resolve(null)),
    [engine, dataset, settings.traceId, revision],
  );
  const model = useMemo(() => (analysis.state === 'ready' ? serviceMapModel(analysis.value) : null), [analysis]);
  const shown = useMemo(() => (model ? focused(model, settings.focus, settings.depth) : null), [model, settings.focus, settings.depth]);
  const highlight = useMemo<Highlight | null>(() => {
    if (traceEdges.state !== 'ready' || !traceEdges.value) return null;
    const edges = new Map(traceEdges.value.map((e) => [callKey(e), e.calls]));
    const services = new Set<string>();
    for (const e of model?.edges ?? []) {
      if (!edges.has(callKey(e.call))) continue;
      services.add(e.from);
      services.add(e.to);
    }
    return { edges, services };
  }, [traceEdges, model]);

  const set = (change: Partial<MapSettings>, replace = true) =>
    navigate({ view: 'map', dataset, settings: { ...settings, ...change } }, { replace });

  if (analysis.state === 'failed')
    return (
      <p className="problems" role="alert">
        The service map could not be computed: {analysis.error}
      </p>
    );
  if (!model || !shown || analysis.state !== 'ready') return <p className="card">Computing the service map…</p>;
  const services = model.nodes.map((n) => n.service).sort((a, b) => a.localeCompare(b));
  const flame = analysis.value.accumulation.flames.find((f) => f.slowest === settings.flame)?.flame;

  return (
    <section className="map-view" data-testid="map-view">
      <div className="map-toolbar">
        <label>
          Colour edges by{' '}
          <select
            value={settings.color}
            onChange={(e) => set({ color: e.target.value === 'errors' ? 'errors' : 'p99' })}
            data-testid="map-color"
          >
            <option value="p99">p99 latency</option>
            <option value="errors">error rate</option>
          </select>
        </label>
        <label>
          Focus{' '}
          <select
            value={settings.focus ?? ''}
            onChange={(e) => set({ focus: e.target.value || null })}
            data-testid="map-focus"
            title="Show only the services within a few calls of this one"
          >
            <option value="">whole map</option>
            {services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        {settings.focus !== null && (
          <label>
            depth{' '}
            <input
              type="number"
              min={1}
              max={20}
              value={settings.depth}
              onChange={(e) => set({ depth: Math.max(1, Math.min(20, Number(e.target.value) || 1)) })}
              data-testid="map-depth"
            />
          </label>
        )}
        <TracePicker
          traceId={settings.traceId}
          slowest={slowest.state === 'ready' ? slowest.value : null}
          onChange={(traceId) => set({ traceId }, false)}
        />
        <span className="spacer" />
        <span className="muted">
          {shown.nodes.length} of {model.nodes.length} nodes · {shown.edges.length} edges
        </span>
        <ExportMenu
          what="service map"
          testId="export-map"
          figure={(palette) =>
            serviceMapFigure(shown, dataset, {
              palette,
              colorBy: settings.color,
              subtitle:
                datasetSubtitle(dataset, analysis.value.traces) +
                (settings.focus !== null && shown !== model ? ` · within ${settings.depth} calls of ${settings.focus}` : ''),
            })
          }
        />
      </div>
      {model.nodes.length > LARGE_MAP && settings.focus === null && (
        <p className="notice">
          {model.nodes.length} services: choose a focus service to see its neighbourhood, or zoom in (wheel) and drag to pan.
        </p>
      )}
      {settings.traceId && traceEdges.state === 'ready' && traceEdges.value?.length === 0 && (
        <p className="problems" role="alert">
          Trace {settings.traceId} makes no calls between services in “{dataset}”.
        </p>
      )}
      {highlight && settings.traceId && (
        <p className="muted" data-testid="map-trace-note">
          Highlighted: the calls of trace{' '}
          <button type="button" className="link" onClick={() => navigate(traceRoute(dataset, settings.traceId!))}>
            {settings.traceId.slice(0, 16)}…
          </button>{' '}
          (×n: its calls along the edge).
        </p>
      )}
      <ServiceMap
        model={shown}
        colorBy={settings.color}
        theme={theme}
        highlight={highlight}
        onEdgeClick={(e) => navigate({ view: 'traces', dataset, filter: { edge: e.call }, sort: { ...DEFAULT_SORT }, brush: null })}
        onNodeClick={(n) =>
          navigate({
            view: 'traces',
            dataset,
            // A node that sent no spans is known only from the calls into it (a broker: the calls through it).
            filter: n.virtual ? { peer: n.service } : { service: n.service },
            sort: { ...DEFAULT_SORT },
            brush: null,
          })
        }
      />
      <section className="card flame-section" data-testid="critical-flame-section">
        <header className="flame-header">
          <h2>Where end-to-end latency goes</h2>
          <ExportMenu
            what="critical-path flame graph"
            testId="export-critical-flame"
            figure={(palette) => criticalFlameFigure(analysis.value, { palette, fraction: settings.flame })}
          />
          <FlameFractionPicker value={settings.flame} onChange={(flame) => set({ flame })} testId="flame-slice" />
        </header>
        <p className="muted">
          Call paths merged across {flame ? flame.traces.toLocaleString() : 0} traces
          {flame && settings.flame !== 1 ? ` (critical path ≥ ${formatNs(flame.thresholdNs)})` : ''}; width is time on the critical path, so
          the widest frames are the call chains that dominate what users wait for.
        </p>
        {flame && flame.traces > 0 ? <CriticalFlameGraph flame={flame} theme={theme} /> : <p>No complete traces to merge.</p>}
      </section>
    </section>
  );
}

function TracePicker({
  traceId,
  slowest,
  onChange,
}: {
  traceId: string | null;
  slowest: string | null;
  onChange(id: string | null): void;
}) {
  return (
    <form
      className="trace-picker"
      onSubmit={(e) => {
        e.preventDefault();
        const value = new FormData(e.currentTarget).get('trace');
        onChange(typeof value === 'string' && value.trim() ? value.trim() : null);
      }}
    >
      <label>
        Trace{' '}
        <input name="trace" defaultValue={traceId ?? ''} key={traceId ?? ''} placeholder="trace id" data-testid="map-trace" size={18} />
      </label>
      {slowest && (
        <button type="button" onClick={() => onChange(slowest)} data-testid="map-trace-slowest">
          Slowest
        </button>
      )}
      {traceId && (
        <button type="button" onClick={() => onChange(null)}>
          Clear
        </button>
      )}
    </form>
  );
}

/** The map limited to the focus service's neighbourhood (callers up, callees down). */
function focused(model: ServiceMapModel, focus: string | null, depth: number): ServiceMapModel {
  if (focus === null || !model.nodes.some((n) => n.service === focus)) return model;
  const keep = neighbourhood(model.edges, focus, depth);
  return {
    nodes: model.nodes.filter((n) => keep.has(n.service)),
    edges: model.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
  };
}

function traceRoute(dataset: string, traceId: string): Route {
  return { view: 'trace', dataset, traceId, spanId: null, settings: { ...DEFAULT_TRACE_SETTINGS } };
}
