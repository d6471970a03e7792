/**
 * Hotspots as ranked tables, one per kind: N+1 loops, fan-out, retries and
 * their amplification, error origins, long synchronous chains. Each row has
 * its evidence (how often, the time at stake) and its example traces; a row
 * opens its clearest example with the span selected.
 */
import type { ReactNode } from 'react';
import type { SpanRef } from '../../../shared/engine/analysis-api.js';
import type { DatasetAnalysis } from '../../../shared/engine/dataset-analysis-api.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { TraceFilter } from '../../../shared/engine/views-api.js';
import * as hotspotRows from '../../../shared/render/hotspot-rows.js';
import { formatNs } from '../../../shared/text/units.js';
import { DEFAULT_SORT, DEFAULT_TRACE_SETTINGS } from '../../routing/route.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import type { Figure, FigurePalette } from '../../../shared/export/figure.js';
import { hotspotFigure } from '../../../shared/export/figures/hotspot-figures.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import './hotspots.css';

interface Props {
  engine: HopscopeEngine;
  dataset: string;
  revision: number;
  navigate: Navigate;
}

interface Column<T> {
  title: string;
  cell(row: T): ReactNode;
  numeric?: boolean;
}

interface Row {
  key: string;
  examples: SpanRef[];
  /** The trace-list filter for all the traces behind the row. */
  filter: TraceFilter;
}

export function HotspotsView({ engine, dataset, revision, navigate }: Props) {
  const analysis = useAsync(() => engine.analyze(dataset), [engine, dataset, revision]);
  if (analysis.state === 'failed')
    return (
      <p className="problems" role="alert">
        The hotspots could not be computed: {analysis.error}
      </p>
    );
  if (analysis.state !== 'ready') return <p className="card">Finding hotspots…</p>;
  const a = analysis.value;
  const open = (ref: SpanRef) =>
    navigate({ view: 'trace', dataset, traceId: ref.traceId, spanId: ref.spanId, settings: { ...DEFAULT_TRACE_SETTINGS } });
  const list = (filter: TraceFilter) => navigate({ view: 'traces', dataset, filter, sort: { ...DEFAULT_SORT }, brush: null });
  const tableProps = { onOpen: open, onList: list };

  return (
    <section className="hotspots-view" data-testid="hotspots-view">
      <HotspotTable
        {...tableProps}
        kind="n-plus-one"
        figure={(palette) => hotspotFigure(a, dataset, 'n-plus-one', palette)}
        title="N+1 loops"
        why="Sequential identical calls from one span: one batched call would do. Time at stake is first call to last, summed."
        rows={nPlusOneRows(a)}
        columns={[
          { title: 'service', cell: (r) => r.service },
          { title: 'operation', cell: (r) => r.operation },
          { title: 'calls', cell: (r) => r.callee },
          { title: 'calls per loop', cell: (r) => `${Math.round(r.meanCalls)} (max ${r.maxCalls})`, numeric: true },
          { title: 'loops', cell: (r) => r.occurrences.toLocaleString(), numeric: true },
          { title: 'traces', cell: (r) => r.traces.toLocaleString(), numeric: true },
          { title: 'time at stake', cell: (r) => formatNs(r.totalNs), numeric: true },
        ]}
      />
      <HotspotTable
        {...tableProps}
        kind="fan-out"
        figure={(palette) => hotspotFigure(a, dataset, 'fan-out', palette)}
        title="Fan-out"
        why="One span calling many others; “savable” is what running the calls fully in parallel would save."
        rows={fanOutRows(a)}
        columns={[
          { title: 'service', cell: (r) => r.service },
          { title: 'operation', cell: (r) => r.operation },
          { title: 'calls', cell: (r) => `${r.meanChildren.toFixed(1)} (max ${r.maxChildren})`, numeric: true },
          { title: 'parallelism', cell: (r) => `${r.meanParallelism.toFixed(1)}×`, numeric: true },
          { title: 'occurrences', cell: (r) => r.occurrences.toLocaleString(), numeric: true },
          { title: 'traces', cell: (r) => r.traces.toLocaleString(), numeric: true },
          { title: 'savable', cell: (r) => formatNs(r.totalSavableNs), numeric: true },
        ]}
      />
      <HotspotTable
        {...tableProps}
        kind="retries"
        figure={(palette) => hotspotFigure(a, dataset, 'retries', palette)}
        title="Retries and amplification"
        why="Calls repeated after a failure. Amplification = calls made ÷ calls requested; compound = the product along a call path, what layered retries do to the callee at worst."
        rows={retryRows(a)}
        columns={[
          { title: 'caller', cell: (r) => r.service },
          { title: 'callee', cell: (r) => r.callee },
          {
            title: 'retried calls',
            cell: (r) => `${r.retriedCalls.toLocaleString()} of ${r.logicalCalls.toLocaleString()}`,
            numeric: true,
          },
          { title: 'amplification', cell: (r) => `${r.amplification.toFixed(2)}×`, numeric: true },
          { title: 'compound (max)', cell: (r) => `${r.compoundMax.toFixed(2)}×`, numeric: true },
          { title: 'extra calls', cell: (r) => (r.calls - r.logicalCalls).toLocaleString(), numeric: true },
        ]}
      />
      <HotspotTable
        {...tableProps}
        kind="error-origin"
        figure={(palette) => hotspotFigure(a, dataset, 'error-origin', palette)}
        title="Error origins"
        why={`Where the errors of failed requests start (${a.hotspots.errors.failedTraces.toLocaleString()} failed traces): the deepest failing span under the root; “passed on” counts the failed spans above it.`}
        rows={errorRows(a)}
        columns={[
          { title: 'service', cell: (r) => r.service },
          { title: 'originated', cell: (r) => r.originated.toLocaleString(), numeric: true },
          { title: 'passed on', cell: (r) => r.propagated.toLocaleString(), numeric: true },
        ]}
      />
      <HotspotTable
        {...tableProps}
        kind="sync-chain"
        figure={(palette) => hotspotFigure(a, dataset, 'sync-chain', palette)}
        title="Long synchronous chains"
        why="Services called one after another while every caller waits: each hop adds its latency to the user’s. Waited = the entry service’s call down the chain."
        rows={chainRows(a)}
        columns={[
          { title: 'chain', cell: (r) => r.services.join(' → ') },
          { title: 'length', cell: (r) => r.services.length, numeric: true },
          { title: 'traces', cell: (r) => r.traces.toLocaleString(), numeric: true },
          { title: 'waited (mean)', cell: (r) => formatNs(r.waitedNs / r.traces), numeric: true },
          { title: 'waited (max)', cell: (r) => formatNs(r.maxWaitedNs), numeric: true },
        ]}
      />
    </section>
  );
}

function HotspotTable<T extends Row>(props: {
  kind: string;
  figure(palette: FigurePalette): Figure;
  title: string;
  why: string;
  rows: T[];
  columns: Column<T>[];
  onOpen(ref: SpanRef): void;
  onList(filter: TraceFilter): void;
}) {
  const { rows, columns } = props;
  return (
    <section className="card hotspot-table" data-testid="hotspot-table" data-kind={props.kind}>
      <header className="section-head">
        <h2>
          {props.title} <span className="muted">({rows.length})</span>
        </h2>
        {rows.length > 0 && <ExportMenu what={`${props.title} table`} testId={`export-hotspots-${props.kind}`} figure={props.figure} />}
      </header>
      <p className="muted">{props.why}</p>
      {rows.length === 0 ? (
        <p data-testid="hotspot-none">None found.</p>
      ) : (
        <table>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.title} className={c.numeric ? 'num' : undefined}>
                  {c.title}
                </th>
              ))}
              <th>examples</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr
                key={row.key}
                data-testid="hotspot-row"
                tabIndex={0}
                onClick={() => row.examples[0] && props.onOpen(row.examples[0])}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && row.examples[0]) props.onOpen(row.examples[0]);
                }}
                title={row.examples[0] ? 'Open the clearest example with its span selected' : undefined}
              >
                {columns.map((c) => (
                  <td key={c.title} className={c.numeric ? 'num' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
                <td className="examples" onClick={(e) => e.stopPropagation()}>
                  {row.examples.slice(0, 3).map((ex) => (
                    <button
                      type="button"
                      className="link mono"
                      key={`${ex.traceId}/${ex.spanId}`}
                      onClick={() => props.onOpen(ex)}
                      data-testid="hotspot-example"
                      title={`${ex.service} “${ex.operation}” in trace ${ex.traceId}`}
                    >
                      {ex.traceId.slice(0, 8)}
                    </button>
                  ))}
                  <button type="button" className="link" onClick={() => props.onList(row.filter)} data-testid="hotspot-traces">
                    all traces
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

// Each row as hotspot-rows.ts selects and orders it (the exported tables list the same rows), plus what only
// the view needs: a key for React and the filter of the trace list behind the row.

function nPlusOneRows(a: DatasetAnalysis) {
  return hotspotRows.nPlusOneRows(a).map((h) => ({
    ...h,
    key: `${h.service}/${h.operation}/${h.callee}`,
    filter: { service: h.service, operation: h.operation },
  }));
}

function fanOutRows(a: DatasetAnalysis) {
  return hotspotRows.fanOutRows(a).map((h) => ({
    ...h,
    key: `${h.service}/${h.operation}`,
    filter: { service: h.service, operation: h.operation },
  }));
}

function retryRows(a: DatasetAnalysis) {
  return hotspotRows.retryRows(a).map((e) => ({
    ...e,
    key: `${e.service}/${e.callee}`,
    filter: { edge: { from: e.service, to: e.callee } },
  }));
}

function errorRows(a: DatasetAnalysis) {
  return hotspotRows.errorRows(a).map((e) => ({ ...e, key: e.service, filter: { service: e.service, hasError: true } }));
}

function chainRows(a: DatasetAnalysis) {
  return hotspotRows.chainRows(a).map((c) => ({
    ...c,
    key: c.services.join('>'),
    filter: { traceIds: [...new Set(c.examples.map((x) => x.traceId))] },
  }));
}
