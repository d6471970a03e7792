/**
 * One trace: the flame chart with its critical path, the latency
 * accumulation strip under it, and the selected span's details beside it.
 * The settings (highlight, tolerance, async, clock, search) and the
 * selected span live in the URL, so back/forward and links keep them.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { TraceDetail } from '../../../shared/engine/views-api.js';
import { formatNs } from '../../../shared/text/units.js';
import { criticalPathChromeTrace } from '../../../shared/export/chrome-trace.js';
import { fileStem } from '../../../shared/export/figure.js';
import { accumulationFigure } from '../../../shared/export/figures/accumulation-figure.js';
import { traceFlameFigure } from '../../../shared/export/figures/trace-flame-figure.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { saveFile } from '../../export/save-file.js';
import { togglePicked, usePickedTraces } from '../../export/report-selection.js';
import { formatCount } from '../../format.js';
import { DEFAULT_MAP_SETTINGS, type TraceViewSettings } from '../../routing/route.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import { AccumulationStrip } from './AccumulationStrip.js';
import { FlameChart } from './flame/FlameChart.js';
import { SpanDetailsPanel } from './SpanDetailsPanel.js';

interface Props {
  engine: HopscopeEngine;
  dataset: string;
  traceId: string;
  spanId: string | null;
  settings: TraceViewSettings;
  revision: number;
  navigate: Navigate;
}

export function TraceView({ engine, dataset, traceId, spanId, settings, revision, navigate }: Props) {
  const { clock, followAsync, skewTolerance } = settings;
  const detail = useAsync(
    () => engine.trace(dataset, traceId, { clock, followAsync, ...(skewTolerance === undefined ? {} : { skewTolerance }) }),
    [engine, dataset, traceId, clock, followAsync, skewTolerance, revision],
  );
  const go = (next: { spanId?: string | null; settings?: Partial<TraceViewSettings>; traceId?: string }, replace = false) =>
    navigate(
      {
        view: 'trace',
        dataset,
        traceId: next.traceId ?? traceId,
        spanId: next.spanId === undefined ? spanId : next.spanId,
        settings: { ...settings, ...next.settings },
      },
      { replace },
    );

  return (
    <section className="trace-view" data-testid="trace-view" data-trace-id={traceId}>
      <TraceToolbar settings={settings} onChange={(s, replace) => go({ settings: s }, replace)} />
      {detail.state === 'loading' && <p className="muted">Reading the trace…</p>}
      {detail.state === 'failed' && (
        <p className="problems" role="alert" data-testid="trace-error">
          {detail.error}
        </p>
      )}
      {detail.state === 'ready' && (
        <TraceBody
          engine={engine}
          detail={detail.value}
          spanId={spanId}
          settings={settings}
          onSelect={(id) => go({ spanId: id }, true)}
          onOpenLink={(linkedTrace, linkedSpan) => go({ traceId: linkedTrace, spanId: linkedSpan })}
          onShowOnMap={() => navigate({ view: 'map', dataset, settings: { ...DEFAULT_MAP_SETTINGS, traceId } })}
        />
      )}
    </section>
  );
}

function TraceBody({
  engine,
  detail,
  spanId,
  settings,
  onSelect,
  onOpenLink,
  onShowOnMap,
}: {
  engine: HopscopeEngine;
  detail: TraceDetail;
  spanId: string | null;
  settings: TraceViewSettings;
  onSelect(spanId: string | null): void;
  onOpenLink(traceId: string, spanId: string): void;
  onShowOnMap(): void;
}) {
  const indexOf = useMemo(() => new Map(detail.spans.spanId.map((id, i) => [id, i])), [detail]);
  const selected = spanId === null ? null : (indexOf.get(spanId) ?? null);
  const select = (span: number | null) => onSelect(span === null ? null : detail.spans.spanId[span]!);
  const path = detail.criticalPath;
  const picked = usePickedTraces().some((p) => p.dataset === detail.dataset && p.traceId === detail.traceId);
  const stem = fileStem('trace', detail.dataset, detail.traceId.slice(0, 16));
  return (
    <>
      <div className="trace-exports" role="group" aria-label="Export">
        <span className="muted">Flame chart</span>
        <ExportMenu
          what="flame chart with its critical path"
          testId="export-flame"
          figure={(palette) => traceFlameFigure(detail, { palette })}
          data={[
            {
              label: 'Trace as OTLP JSON',
              run: async () => {
                await saveFile(`${stem}.otlp.json`, await engine.exportTraceOtlp(detail.dataset, detail.traceId), 'application/json');
              },
            },
            {
              label: 'Critical path as Chrome trace (Perfetto, speedscope)',
              run: async () => {
                await saveFile(`${stem}-critical-path.json`, criticalPathChromeTrace(detail), 'application/json');
              },
            },
          ]}
        />
        {detail.hops.length > 0 && (
          <>
            <span className="muted">Accumulation</span>
            <ExportMenu
              what="latency accumulation"
              testId="export-accumulation"
              figure={(palette) => accumulationFigure(detail, { palette })}
            />
          </>
        )}
        <label title="Show this trace's critical path in the postmortem report (Report in the header)">
          <input
            type="checkbox"
            checked={picked}
            onChange={() => togglePicked({ dataset: detail.dataset, traceId: detail.traceId })}
            data-testid="add-to-report"
          />{' '}
          In the report
        </label>
      </div>
      <p className="trace-summary" data-testid="trace-summary">
        <span className="mono">{detail.traceId}</span> · {formatNs(detail.durationNs)} · {formatCount(detail.spans.size)} spans · critical
        path <strong data-testid="critical-path-length">{formatNs(path.end - path.start)}</strong> through {path.segments.length} segments
        {path.queueNs > 0 && <> · {formatNs(path.queueNs)} waiting in queues</>}
        {path.skewAdjustments > 0 && <> · skew tolerance changed the path {path.skewAdjustments}×</>}
        {detail.clockAdjustedSpans > 0 && <> · {formatCount(detail.clockAdjustedSpans)} spans shifted for clock skew</>}
        {path.outsideParent.length > 0 && <> · {path.outsideParent.length} spans lie outside their parent (off the path)</>} ·{' '}
        <button type="button" className="link" onClick={onShowOnMap} data-testid="show-on-map">
          Show on the service map
        </button>
      </p>
      <div className={`trace-layout${selected !== null ? ' with-details' : ''}`}>
        <div className="trace-main">
          <FlameChart detail={detail} showAll={settings.showAll} search={settings.search} selectedSpan={selected} onSelectSpan={select} />
          <AccumulationStrip detail={detail} selectedSpan={selected} onSelectSpan={select} />
        </div>
        {selected !== null && (
          <SpanDetailsPanel engine={engine} detail={detail} span={selected} onClose={() => select(null)} onOpenLink={onOpenLink} />
        )}
      </div>
    </>
  );
}

function TraceToolbar({
  settings,
  onChange,
}: {
  settings: TraceViewSettings;
  onChange(s: Partial<TraceViewSettings>, replace?: boolean): void;
}) {
  const search = useRef<HTMLInputElement>(null);
  // "/" focuses the search, as in most viewers.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      e.preventDefault();
      search.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const tolerancePercent = ((settings.skewTolerance ?? 0.01) * 100).toString();
  return (
    <div className="trace-toolbar" role="toolbar" aria-label="Trace view settings">
      <div className="segmented" role="group" aria-label="Highlight">
        <button type="button" aria-pressed={!settings.showAll} onClick={() => onChange({ showAll: false })} data-testid="show-critical">
          Critical path
        </button>
        <button type="button" aria-pressed={settings.showAll} onClick={() => onChange({ showAll: true })} data-testid="show-all">
          All spans
        </button>
      </div>
      <label title="A child that overlaps the next one by less than this share of its parent still counts as before it (clock skew)">
        Skew tolerance{' '}
        <input
          type="number"
          min={0}
          max={50}
          step={0.5}
          value={tolerancePercent}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v >= 0 && v <= 50) onChange({ skewTolerance: v / 100 }, true);
          }}
          data-testid="skew-tolerance"
          style={{ width: '4.5em' }}
        />
        %
      </label>
      <label title="Follow producer → consumer hand-offs and links to the end of the work, with queue delay as its own segment">
        <input
          type="checkbox"
          checked={settings.followAsync}
          onChange={(e) => onChange({ followAsync: e.target.checked })}
          data-testid="follow-async"
        />{' '}
        Follow async
      </label>
      <label>
        Clock{' '}
        <select
          value={settings.clock}
          onChange={(e) => onChange({ clock: e.target.value === 'raw' ? 'raw' : 'adjusted' })}
          data-testid="clock"
        >
          <option value="adjusted">adjusted for skew</option>
          <option value="raw">as recorded</option>
        </select>
      </label>
      <input
        ref={search}
        type="search"
        placeholder="Search spans ( / )"
        aria-label="Search spans by service, operation or id"
        defaultValue={settings.search}
        onChange={(e) => onChange({ search: e.target.value }, true)}
        data-testid="span-search"
      />
    </div>
  );
}
