/**
 * A dataset at a glance: how many traces and spans, how slow and how often
 * failing, the latency distribution, and the analysis engine's top findings
 * in plain words, each leading to the traces that show it.
 */
import { useState } from 'react';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { DatasetOverview, Finding } from '../../../shared/engine/views-api.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { fileStem } from '../../../shared/export/figure.js';
import { FileReport } from '../../components/FileReport.js';
import { saveFile } from '../../export/save-file.js';
import { Stat } from '../../components/Stat.js';
import type { DatasetView } from '../../datasets.js';
import { errorMessage, formatCount, formatTimeRange } from '../../format.js';
import { DEFAULT_SORT, DEFAULT_TRACE_SETTINGS } from '../../routing/route.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import { LatencyHistogram } from './LatencyHistogram.js';

interface Props {
  engine: HopscopeEngine;
  dataset: string;
  view: DatasetView | undefined;
  /** Changes whenever the dataset's spans may have changed (a load), so the numbers are read again. */
  revision: number;
  navigate: Navigate;
}

export function Overview({ engine, dataset, view, revision, navigate }: Props) {
  const overview = useAsync(() => engine.overview(dataset), [engine, dataset, revision]);
  return (
    <section className="overview" data-testid="overview" data-dataset={dataset} aria-busy={overview.state === 'loading'}>
      <header className="section-head">
        <h2>{dataset}</h2>
        <ParquetButton engine={engine} dataset={dataset} />
      </header>
      {overview.state === 'loading' && <p className="muted">Analysing…</p>}
      {overview.state === 'failed' && (
        <p className="problems" role="alert">
          The overview of “{dataset}” could not be computed: {overview.error}
        </p>
      )}
      {overview.state === 'ready' && <OverviewBody overview={overview.value} navigate={navigate} />}
      {view && (
        <details className="card load-report" data-testid="load-report">
          <summary>Load report ({view.files.length === 1 ? '1 file' : `${view.files.length} files`})</summary>
          <ul className="file-reports">
            {view.files.map((report, i) => (
              <FileReport key={i} report={report} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

function OverviewBody({ overview: o, navigate }: { overview: DatasetOverview; navigate: Navigate }) {
  const openTrace = (traceId: string) =>
    navigate({ view: 'trace', dataset: o.dataset, traceId, spanId: null, settings: { ...DEFAULT_TRACE_SETTINGS } });
  const openTraces = (finding: Finding) =>
    navigate({ view: 'traces', dataset: o.dataset, filter: finding.traces, sort: { ...DEFAULT_SORT }, brush: null });
  return (
    <>
      <dl className="stats card" data-testid="overview-stats">
        <Stat label="Traces" value={formatCount(o.traces)} testId="overview-traces" />
        <Stat label="Spans" value={formatCount(o.spans)} testId="overview-spans" />
        <Stat label="Services" value={formatCount(o.services)} testId="overview-services" />
        <Stat
          label="Failed requests"
          value={`${percent(o.errorRate)}`}
          testId="overview-error-rate"
          title={`${formatCount(o.failedTraces)} of ${formatCount(o.traces)}`}
        />
        <Stat label="p50" value={formatNs(o.latencyNs.p50)} testId="overview-p50" />
        <Stat label="p90" value={formatNs(o.latencyNs.p90)} testId="overview-p90" />
        <Stat label="p99" value={formatNs(o.latencyNs.p99)} testId="overview-p99" />
      </dl>
      <p className="time-range" data-testid="overview-time-range">
        {formatTimeRange(o.startNs, o.endNs)}
        {o.errorTraces > o.failedTraces && (
          <span> · {formatCount(o.errorTraces)} traces contain an error span (retried or handled failures included)</span>
        )}
      </p>
      <div className="overview-grid">
        <div className="card">
          <h3>End-to-end latency</h3>
          <LatencyHistogram overview={o} />
          {o.slowestTraceId && (
            <button type="button" className="primary" onClick={() => openTrace(o.slowestTraceId!)} data-testid="open-slowest">
              Slowest trace ({formatNs(o.latencyNs.max)}) →
            </button>
          )}{' '}
          <button
            type="button"
            onClick={() => navigate({ view: 'traces', dataset: o.dataset, filter: {}, sort: { ...DEFAULT_SORT }, brush: null })}
            data-testid="open-trace-list"
          >
            All {formatCount(o.traces)} traces
          </button>
        </div>
        <div className="card">
          <h3>Findings</h3>
          {o.findings.length === 0 ? (
            <p className="muted">Nothing stands out: no N+1 loops, retry amplification, long synchronous chains or dominant bottleneck.</p>
          ) : (
            <ol className="findings" data-testid="findings">
              {o.findings.map((f) => (
                <li key={f.kind} data-testid="finding" data-kind={f.kind}>
                  <span className={`finding-kind kind-${f.kind}`}>{FINDING_LABELS[f.kind]}</span>
                  <span className="finding-text">{f.text}.</span>{' '}
                  <button type="button" className="link" onClick={() => openTraces(f)}>
                    Show traces
                  </button>
                  {f.traceIds[0] && (
                    <>
                      {' · '}
                      <button type="button" className="link" onClick={() => openTrace(f.traceIds[0]!)}>
                        An example
                      </button>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </>
  );
}

const FINDING_LABELS: Record<Finding['kind'], string> = {
  bottleneck: 'Bottleneck',
  'sync-chain': 'Sync chain',
  'n-plus-one': 'N+1',
  retries: 'Retries',
  'error-origin': 'Errors',
  'fan-out': 'Fan-out',
};

/** The dataset's spans (attributes, events and links as JSON columns) as one Parquet file, for DuckDB, pandas or Spark. */
function ParquetButton({ engine, dataset }: { engine: HopscopeEngine; dataset: string }) {
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({ busy: false, problem: null });
  const run = async () => {
    setState({ busy: true, problem: null });
    try {
      await saveFile(`${fileStem(dataset)}.parquet`, await engine.exportParquet(dataset), 'application/vnd.apache.parquet');
      setState({ busy: false, problem: null });
    } catch (e) {
      setState({ busy: false, problem: `The Parquet file could not be written: ${errorMessage(e)}` });
    }
  };
  return (
    <span className="export-menu">
      {state.problem && (
        <span className="problems" role="alert">
          {state.problem}
        </span>
      )}
      <button
        type="button"
        onClick={() => void run()}
        disabled={state.busy}
        data-testid="export-parquet"
        title="Every span of this dataset as one Parquet file"
      >
        {state.busy ? 'Exporting…' : 'Export as Parquet'}
      </button>
    </span>
  );
}
