/**
 * Before/after: two datasets side by side. End-to-end latency with its
 * change and test, the latency distributions overlaid, "the user waits
 * less / the work completes later" in one line, the diff map, the ranked
 * changes, the structural changes, and the differential critical-path flame.
 */
import { useMemo, useState } from 'react';
import type { ChangeRow, Compared, DatasetComparison } from '../../../shared/engine/compare-api.js';
import type { FlameFraction } from '../../../shared/engine/dataset-analysis-api.js';
import { FlameFractionPicker } from '../../components/FlameFractionPicker.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { diffMapModel, EDGE_CHANGE_COLORS, type EdgeChange } from '../../../shared/render/diff-map-model.js';
import { serviceMapModel } from '../../../shared/render/service-map-model.js';
import { changeVerdict, headlineParts, relativeChangeText, subjectText, testText } from '../../../shared/text/compare-text.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { useTheme } from '../../hooks/use-theme.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import { ServiceMap } from '../map/ServiceMap.js';
import { compareChartsFigure } from '../../../shared/export/figures/compare-figure.js';
import { diffFlameFigure } from '../../../shared/export/figures/diff-flame-figure.js';
import { diffMapFigure } from '../../../shared/export/figures/map-figure.js';
import { ExportMenu } from '../../components/ExportMenu.js';
import { DiffFlameGraph } from './DiffFlameGraph.js';
import { LatencyCdf } from './LatencyCdf.js';
import './compare.css';

interface Props {
  engine: HopscopeEngine;
  datasets: string[];
  a: string | null;
  b: string | null;
  revision: number;
  navigate: Navigate;
}

export function CompareView({ engine, datasets, a, b, revision, navigate }: Props) {
  const theme = useTheme();
  const pick = (next: { a?: string | null; b?: string | null }) =>
    navigate({ view: 'compare', a: next.a === undefined ? a : next.a, b: next.b === undefined ? b : next.b }, { replace: true });
  const ready = a !== null && b !== null;
  const result = useAsync(() => (ready ? engine.compare({ dataset: a }, { dataset: b }) : Promise.resolve(null)), [engine, a, b, revision]);
  const maps = useAsync(
    async () => (ready ? diffMapModel(serviceMapModel(await engine.analyze(a)), serviceMapModel(await engine.analyze(b))) : null),
    [engine, a, b, revision],
  );
  // Read only when asked for: it lists every trace of both datasets.
  const compareTypical = async () => {
    if (!ready) return;
    const [ta, tb] = [await medianTrace(engine, a), await medianTrace(engine, b)];
    if (ta && tb) navigate({ view: 'compare-traces', a: { dataset: a, traceId: ta }, b: { dataset: b, traceId: tb } });
  };

  return (
    <section className="compare-view" data-testid="compare-view">
      <div className="compare-pickers">
        <label>
          Baseline{' '}
          <select value={a ?? ''} onChange={(e) => pick({ a: e.target.value || null })} data-testid="compare-a">
            <option value="">choose…</option>
            {datasets.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => pick({ a: b, b: a })} title="Swap baseline and comparison" disabled={!ready}>
          ⇄
        </button>
        <label>
          Comparison{' '}
          <select value={b ?? ''} onChange={(e) => pick({ b: e.target.value || null })} data-testid="compare-b">
            <option value="">choose…</option>
            {datasets.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>
        {ready && (
          <button type="button" className="link" data-testid="compare-typical-traces" onClick={() => void compareTypical()}>
            Compare a typical trace of each →
          </button>
        )}
      </div>
      {!ready && <p className="card">Choose two datasets: the baseline (before) and the comparison (after).</p>}
      {result.state === 'failed' && (
        <p className="problems" role="alert">
          The comparison failed: {result.error}
        </p>
      )}
      {ready && result.state === 'loading' && <p className="card">Comparing…</p>}
      {result.state === 'ready' && result.value && (
        <ComparisonBody c={result.value} theme={theme} maps={maps.state === 'ready' ? maps.value : null} navigate={navigate} />
      )}
    </section>
  );
}

/** The trace at the median end-to-end latency: what a typical request looked like. */
async function medianTrace(engine: HopscopeEngine, dataset: string): Promise<string | null> {
  const rows = [...(await engine.traces(dataset))].sort((x, y) => x.durationNs - y.durationNs);
  return rows[Math.floor((rows.length - 1) / 2)]?.traceId ?? null;
}

function ComparisonBody({
  c,
  theme,
  maps,
  navigate,
}: {
  c: DatasetComparison;
  theme: 'light' | 'dark';
  maps: ReturnType<typeof diffMapModel> | null;
  navigate: Navigate;
}) {
  const e = c.endToEnd;
  const [flame, setFlame] = useState<FlameFraction>(1);
  const diffFlame = c.flames.find((f) => f.slowest === flame)?.root;
  const changeOf = useMemo(() => (maps ? new Map(maps.edges.map((edge, i) => [edge, maps.changes[i]!.change])) : null), [maps]);
  return (
    <>
      <p className="compare-headline card" data-testid="compare-headline">
        <Headline c={c} />
      </p>
      <section className="card">
        <header className="section-head">
          <h2>End to end</h2>
          <ExportMenu what="comparison charts" testId="export-compare" figure={(palette) => compareChartsFigure(c, { palette })} />
        </header>
        <div className="compare-e2e">
          <table className="compare-table" data-testid="compare-e2e">
            <thead>
              <tr>
                <th />
                <th className="num">{c.a.label}</th>
                <th className="num">{c.b.label}</th>
                <th className="num">change</th>
                <th className="num" title="Mann-Whitney U, two-sided; effect size = Cliff's delta">
                  p · effect
                </th>
              </tr>
            </thead>
            <tbody>
              <Row name="p50" testId="e2e-p50" c={e.p50Ns} format={formatNs} />
              <Row name="p90" testId="e2e-p90" c={e.p90Ns} format={formatNs} />
              <Row name="p99" testId="e2e-p99" c={e.p99Ns} format={formatNs} />
              <Row name="failed requests" testId="e2e-errors" c={e.errorRate} format={percent} />
              <Row name="spans per trace" testId="e2e-spans" c={e.spansPerTrace} format={(n) => n.toFixed(1)} />
              <Row name="services per trace" testId="e2e-services" c={e.servicesPerTrace} format={(n) => n.toFixed(1)} />
              <Row name="longest sync chain" testId="e2e-sync-chain" c={e.syncChain} format={(n) => n.toFixed(1)} />
              <Row name="queue delay per trace" testId="e2e-queue" c={e.queueNs} format={formatNs} />
              <Row name="completion p99 (async work included)" testId="e2e-completion" c={e.completionNs.p99} format={formatNs} />
              <tr data-testid="e2e-retries">
                <th>retries on the user-facing path</th>
                <td className="num">{c.retries.userFacing.a.toFixed(1)}×</td>
                <td className="num">{c.retries.userFacing.b.toFixed(1)}×</td>
                <td className="num" colSpan={2}>
                  anywhere: {c.retries.a.toFixed(1)}× → {c.retries.b.toFixed(1)}×
                </td>
              </tr>
              <tr data-testid="e2e-n-plus-one">
                <th>N+1 loops</th>
                <td className="num">{c.nPlusOne.a.length}</td>
                <td className="num">{c.nPlusOne.b.length}</td>
                <td colSpan={2} className="muted">
                  {c.nPlusOne.a.map((l) => `${l.service} → ${l.callee} ×${Math.round(l.meanCalls)}`).join(', ') || '—'}
                  {' → '}
                  {c.nPlusOne.b.map((l) => `${l.service} → ${l.callee} ×${Math.round(l.meanCalls)}`).join(', ') || 'none'}
                </td>
              </tr>
            </tbody>
          </table>
          <LatencyCdf a={e.latenciesNs.a} b={e.latenciesNs.b} labels={{ a: c.a.label, b: c.b.label }} />
        </div>
      </section>
      {maps && changeOf && (
        <section className="card">
          <header className="section-head">
            <h2>Diff map</h2>
            <ExportMenu
              what="diff map"
              testId="export-diff-map"
              figure={(palette) => diffMapFigure(maps, c.a.label, c.b.label, { palette, subtitle: `${c.a.label} vs ${c.b.label}` })}
            />
          </header>
          <p className="muted">Both service maps merged; an edge’s colour says what happened to it (p50, more than 10% either way).</p>
          <ServiceMap
            model={maps}
            colorBy="p99"
            theme={theme}
            highlight={null}
            onEdgeClick={() => {}}
            onNodeClick={() => {}}
            paint={{
              color: (edge) => EDGE_CHANGE_COLORS[changeOf.get(edge) ?? 'same'],
              legend: <DiffLegend />,
            }}
          />
        </section>
      )}
      <ChangesTable c={c} />
      <StructureSection c={c} />
      <section className="card" data-testid="diff-flame-section">
        <header className="flame-header">
          <h2>Critical path: which call chains gained or lost time</h2>
          <ExportMenu
            what="differential flame graph"
            testId="export-diff-flame"
            figure={(palette) => diffFlameFigure(c, { palette, fraction: flame })}
          />
          <FlameFractionPicker value={flame} onChange={setFlame} testId="diff-flame-slice" />
        </header>
        <p className="muted">
          Width: mean critical-path time per trace, the larger side; colour: red = more time in {c.b.label}, blue = less.
        </p>
        {diffFlame && <DiffFlameGraph root={diffFlame} theme={theme} labels={{ a: c.a.label, b: c.b.label }} />}
      </section>
      <p className="muted">
        Statistics: Mann-Whitney U (two-sided, normal approximation with tie correction) over the per-call or per-trace values, at least 8
        on each side; a change counts as significant at p &lt; 0.05 with an effect size (Cliff’s δ) of at least 0.147.{' '}
        <button type="button" className="link" onClick={() => navigate({ view: 'overview', dataset: c.b.dataset })}>
          Overview of {c.b.label}
        </button>
      </p>
    </>
  );
}

function Headline({ c }: { c: DatasetComparison }) {
  const { lead, emphasis, rest } = headlineParts(c);
  return (
    <>
      {lead}
      <strong>{emphasis}</strong>
      {rest}
    </>
  );
}

function Row({ name, c, format, testId }: { name: string; c: Compared; format(n: number): string; testId: string }) {
  return (
    <tr data-testid={testId} data-significant={c.test?.significant ? '1' : '0'}>
      <th>{name}</th>
      <td className="num">{format(c.a)}</td>
      <td className="num">{format(c.b)}</td>
      <td className={`num ${changeClass(c)}`} data-testid="change">
        {relativeChangeText(c, format)}
      </td>
      <td className="num muted">{testText(c)}</td>
    </tr>
  );
}

function changeClass(c: Compared): string {
  return changeVerdict(c) ?? '';
}

function ChangesTable({ c }: { c: DatasetComparison }) {
  const [kind, setKind] = useState<'all' | ChangeRow['subject']['kind']>('all');
  const [onlySignificant, setOnlySignificant] = useState(true);
  const rows = c.changes.filter((r) => (kind === 'all' || r.subject.kind === kind) && (!onlySignificant || r.significant)).slice(0, 100);
  return (
    <section className="card" data-testid="compare-changes">
      <h2>Biggest changes</h2>
      <p className="muted">
        Ranked by impact: traces affected × critical-path time changed per trace. Per service, operation and call (edge).
      </p>
      <div className="compare-filters">
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="changes-kind">
          <option value="all">everything</option>
          <option value="service">services</option>
          <option value="operation">operations</option>
          <option value="edge">calls</option>
        </select>
        <label>
          <input type="checkbox" checked={onlySignificant} onChange={(e) => setOnlySignificant(e.target.checked)} /> significant only
        </label>
      </div>
      <table className="compare-table">
        <thead>
          <tr>
            <th>what</th>
            <th>presence</th>
            <th className="num">calls / trace</th>
            <th className="num">p50</th>
            <th className="num">p99</th>
            <th className="num">errors</th>
            <th className="num">critical path / trace</th>
            <th className="num">impact</th>
            <th className="num">p · effect (p50)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={`${r.subject.kind}:${subjectText(r, 'table')}`}
              data-testid="change-row"
              data-kind={r.subject.kind}
              data-presence={r.presence}
            >
              <td>{subjectText(r, 'table')}</td>
              <td>{r.presence === 'both' ? '' : <span className={`tag tag-${r.presence}`}>{r.presence}</span>}</td>
              <td className="num">
                {r.callsPerTrace.a.toFixed(1)} → {r.callsPerTrace.b.toFixed(1)}
              </td>
              <td className={`num ${changeClass(r.p50Ns)}`}>
                {formatNs(r.p50Ns.a)} → {formatNs(r.p50Ns.b)}
              </td>
              <td className="num">
                {formatNs(r.p99Ns.a)} → {formatNs(r.p99Ns.b)}
              </td>
              <td className="num">
                {percent(r.errorRate.a)} → {percent(r.errorRate.b)}
              </td>
              <td className={`num ${changeClass(r.criticalNs)}`}>
                {formatNs(r.criticalNs.a)} → {formatNs(r.criticalNs.b)}
              </td>
              <td className="num">{formatNs(r.impactNs)}</td>
              <td className="num muted">{testText(r.p50Ns)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p>No {onlySignificant ? 'significant ' : ''}changes.</p>}
    </section>
  );
}

function StructureSection({ c }: { c: DatasetComparison }) {
  const s = c.structure;
  return (
    <section className="card" data-testid="compare-structure">
      <h2>What changed shape</h2>
      <h3>Synchronous calls that became asynchronous</h3>
      {s.syncToAsync.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {s.syncToAsync.map((m) => (
            <li key={`${m.from}>${m.to}`} data-testid="sync-to-async">
              <strong>
                {m.from} → {m.to}
              </strong>{' '}
              now asynchronous{m.via.length > 0 ? `, through ${m.via.join(', ')}` : ''} ({m.callsPerTrace.a.toFixed(1)} sync →{' '}
              {m.callsPerTrace.b.toFixed(1)} async calls per trace)
            </li>
          ))}
        </ul>
      )}
      <div className="compare-columns">
        <div>
          <h3>Calls that appeared</h3>
          <EdgeList edges={s.edgesAppeared} testId="edge-appeared" />
        </div>
        <div>
          <h3>Calls that disappeared</h3>
          <EdgeList edges={s.edgesDisappeared} testId="edge-disappeared" />
        </div>
      </div>
      {s.paths.length > 0 && (
        <>
          <h3>Call paths whose shape changed</h3>
          <ul>
            {s.paths.map((p, i) => (
              <li key={i} data-testid="path-change">
                <span className={`tag tag-${p.change}`}>{p.change}</span> {(p.b ?? p.a ?? []).join(' › ')} ({p.traces.a} → {p.traces.b}{' '}
                traces)
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function EdgeList({ edges, testId }: { edges: DatasetComparison['structure']['edgesAppeared']; testId: string }) {
  if (edges.length === 0) return <p className="muted">None.</p>;
  return (
    <ul>
      {edges.map((e) => (
        <li key={`${e.from}>${e.to}>${e.mode}`} data-testid={testId}>
          {e.from} → {e.to}{' '}
          <span className="muted">
            ({e.mode}, {e.callsPerTrace.toFixed(1)} per trace)
          </span>
        </li>
      ))}
    </ul>
  );
}

function DiffLegend() {
  const items: [EdgeChange, string][] = [
    ['faster', 'faster'],
    ['slower', 'slower'],
    ['same', 'within 10%'],
    ['added', 'only after'],
    ['removed', 'only before'],
  ];
  return (
    <div className="map-legend" data-testid="diff-legend">
      {items.map(([change, text]) => (
        <span key={change} className="legend-item">
          <span className="swatch" style={{ background: EDGE_CHANGE_COLORS[change] }} /> {text}
        </span>
      ))}
    </div>
  );
}
