/**
 * Two traces side by side in time: a before-trace (a) and an after-trace (b)
 * with their durations and critical paths, the two flame charts one above
 * the other on one time scale, and their call trees merged by
 * service/operation path (shared/analysis/compare/trace-alignment.ts) as a
 * table with each node's numbers on both sides. A row selects its spans in
 * the flame charts; a bar selects its row.
 */
import { useMemo, useState } from 'react';
import { alignTraces } from '../../../shared/analysis/compare/trace-alignment.js';
import type { AlignedNode, AlignedSide, TraceComparison } from '../../../shared/engine/compare-api.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { TraceDetail } from '../../../shared/engine/views-api.js';
import { signedPercent } from '../../../shared/text/compare-text.js';
import { formatNs } from '../../../shared/text/units.js';
import { formatCount } from '../../format.js';
import { useAsync } from '../../use-async.js';
import { FlameChart } from '../trace/flame/FlameChart.js';
import './trace-compare.css';

export interface TraceRefProp {
  dataset: string;
  traceId: string;
}

interface Props {
  engine: HopscopeEngine;
  a: TraceRefProp;
  b: TraceRefProp;
  revision: number;
  onOpenTrace(dataset: string, traceId: string, spanId: string | null): void;
}

/** Rows drawn at first (and added per "show more"): a merged tree can be as large as a trace. */
const ROW_PAGE = 1000;

type Side = 'a' | 'b';

export function TraceCompareView({ engine, a, b, revision, onOpenTrace }: Props) {
  const loaded = useAsync(
    () => Promise.all([engine.trace(a.dataset, a.traceId), engine.trace(b.dataset, b.traceId)]),
    [engine, a.dataset, a.traceId, b.dataset, b.traceId, revision],
  );
  return (
    <section className="trace-compare" data-testid="trace-compare" data-trace-a={a.traceId} data-trace-b={b.traceId}>
      {loaded.state === 'loading' && <p className="muted">Reading both traces…</p>}
      {loaded.state === 'failed' && (
        <p className="problems" role="alert" data-testid="trace-compare-error">
          {loaded.error}
        </p>
      )}
      {loaded.state === 'ready' && <CompareBody a={loaded.value[0]} b={loaded.value[1]} onOpenTrace={onOpenTrace} />}
    </section>
  );
}

function CompareBody({ a, b, onOpenTrace }: { a: TraceDetail; b: TraceDetail; onOpenTrace: Props['onOpenTrace'] }) {
  const comparison = useMemo(() => alignTraces(a, b), [a, b]);
  /** Span number → its row in the merged tree, per side. */
  const rowOf = useMemo(() => rowsBySpan(comparison), [comparison]);
  const [selected, setSelected] = useState<{ a: number | null; b: number | null; row: number | null }>({ a: null, b: null, row: null });
  const [shown, setShown] = useState(ROW_PAGE);
  const timeSpanNs = Math.max(a.durationNs, b.durationNs);

  const selectRow = (row: number) => {
    const node = comparison.nodes[row]!;
    setSelected({ a: node.a?.spans[0] ?? null, b: node.b?.spans[0] ?? null, row });
  };
  const selectSpan = (side: Side, span: number | null) => {
    const row = span === null ? undefined : rowOf[side].get(span);
    if (row === undefined) {
      setSelected((s) => ({ ...s, [side]: span, row: null }));
      return;
    }
    const node = comparison.nodes[row]!;
    const other: Side = side === 'a' ? 'b' : 'a';
    setSelected({ [side]: span, [other]: node[other]?.spans[0] ?? null, row } as { a: number | null; b: number | null; row: number });
    if (row >= shown) setShown(Math.ceil((row + 1) / ROW_PAGE) * ROW_PAGE);
  };

  return (
    <>
      <CompareHeader comparison={comparison} />
      {(['a', 'b'] as const).map((side) => {
        const detail = side === 'a' ? a : b;
        const span = selected[side];
        return (
          <div key={side} className="trace-compare-flame" data-testid="trace-compare-flame" data-side={side}>
            <div className="trace-compare-flame-label">
              <span className={`trace-compare-side side-${side}`}>{side === 'a' ? 'A · before' : 'B · after'}</span>
              <span>{detail.dataset}</span>
              <span className="mono">{detail.traceId}</span>
              <span className="muted">
                {formatNs(detail.durationNs)} · {formatCount(detail.spans.size)} spans
              </span>
              <button
                type="button"
                className="link"
                data-testid="trace-compare-open"
                onClick={() => onOpenTrace(detail.dataset, detail.traceId, span === null ? null : (detail.spans.spanId[span] ?? null))}
              >
                Open trace
              </button>
            </div>
            <FlameChart
              detail={detail}
              showAll={false}
              search=""
              selectedSpan={span}
              onSelectSpan={(s) => selectSpan(side, s)}
              timeSpanNs={timeSpanNs}
            />
          </div>
        );
      })}
      <AlignedTable
        nodes={comparison.nodes}
        selectedRow={selected.row}
        shown={shown}
        onShowMore={() => setShown((n) => n + ROW_PAGE)}
        onSelect={selectRow}
      />
    </>
  );
}

function rowsBySpan(c: TraceComparison): { a: Map<number, number>; b: Map<number, number> } {
  const a = new Map<number, number>();
  const b = new Map<number, number>();
  c.nodes.forEach((node, row) => {
    for (const s of node.a?.spans ?? []) a.set(s, row);
    for (const s of node.b?.spans ?? []) b.set(s, row);
  });
  return { a, b };
}

function CompareHeader({ comparison: c }: { comparison: TraceComparison }) {
  const counts = { both: 0, a: 0, b: 0 };
  for (const n of c.nodes) counts[n.presence]++;
  return (
    <div className="trace-compare-header" data-testid="trace-compare-header">
      <dl>
        <dt>Duration</dt>
        <dd>
          {formatNs(c.a.durationNs)} → {formatNs(c.b.durationNs)} <Delta a={c.a.durationNs} b={c.b.durationNs} relative />
        </dd>
        <dt>Critical path</dt>
        <dd>
          {formatNs(c.a.criticalPathNs)} → {formatNs(c.b.criticalPathNs)} <Delta a={c.a.criticalPathNs} b={c.b.criticalPathNs} relative />
        </dd>
        <dt>Call tree</dt>
        <dd>
          {formatCount(counts.both)} nodes in both · {formatCount(counts.a)} removed · {formatCount(counts.b)} added
        </dd>
      </dl>
    </div>
  );
}

/** b − a, red when slower, green when faster. */
function Delta({ a, b, relative = false }: { a: number; b: number; relative?: boolean }) {
  const d = b - a;
  const change = d > 0 ? 'slower' : d < 0 ? 'faster' : 'same';
  const rel = relative && a > 0 ? ` (${signedPercent(d / a)})` : '';
  return (
    <span className={`aligned-delta ${change}`} data-testid="aligned-delta" data-change={change}>
      {d > 0 ? '+' : d < 0 ? '−' : '±'}
      {formatNs(Math.abs(d))}
      {rel}
    </span>
  );
}

function AlignedTable({
  nodes,
  selectedRow,
  shown,
  onShowMore,
  onSelect,
}: {
  nodes: AlignedNode[];
  selectedRow: number | null;
  shown: number;
  onShowMore(): void;
  onSelect(row: number): void;
}) {
  const visible = nodes.length > shown ? nodes.slice(0, shown) : nodes;
  return (
    <div className="aligned-table-box">
      <table className="aligned-table" data-testid="aligned-table">
        <thead>
          <tr>
            <th rowSpan={2}>Service · operation</th>
            <th colSpan={2}>Count</th>
            <th colSpan={3}>Duration</th>
            <th colSpan={2}>Self</th>
            <th colSpan={3}>Critical path</th>
          </tr>
          <tr>
            <th className="num">A</th>
            <th className="num">B</th>
            <th className="num">A</th>
            <th className="num">B</th>
            <th className="num">Δ</th>
            <th className="num">A</th>
            <th className="num">B</th>
            <th className="num">A</th>
            <th className="num">B</th>
            <th className="num">Δ</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((node, row) => (
            <AlignedRow key={row} node={node} selected={row === selectedRow} onSelect={() => onSelect(row)} />
          ))}
        </tbody>
      </table>
      {nodes.length > shown && (
        <button type="button" className="link" onClick={onShowMore} data-testid="aligned-show-more">
          Show {formatCount(Math.min(ROW_PAGE, nodes.length - shown))} more of {formatCount(nodes.length - shown)} remaining rows
        </button>
      )}
    </div>
  );
}

function AlignedRow({ node, selected, onSelect }: { node: AlignedNode; selected: boolean; onSelect(): void }) {
  const { a, b, presence } = node;
  const num = (side: AlignedSide | null, pick: (s: AlignedSide) => number, format: (n: number) => string = formatNs) => (
    <td className="num">{side ? format(pick(side)) : ''}</td>
  );
  const delta = (pick: (s: AlignedSide) => number) => <td className="num">{a && b && <Delta a={pick(a)} b={pick(b)} />}</td>;
  return (
    <tr
      className={`aligned-row presence-${presence}${selected ? ' selected' : ''}`}
      data-testid="aligned-row"
      data-presence={presence}
      aria-selected={selected}
      tabIndex={0}
      onClick={onSelect}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect();
        }
      }}
    >
      <td className="aligned-name" style={{ paddingLeft: `${0.5 + Math.min(node.depth, 40) * 1.1}em` }} title={`depth ${node.depth}`}>
        <span className="aligned-service">{node.service}</span> · {node.operation}
        {presence === 'a' && <span className="aligned-tag removed">removed</span>}
        {presence === 'b' && <span className="aligned-tag added">added</span>}
      </td>
      {num(a, (s) => s.count, formatCount)}
      {num(b, (s) => s.count, formatCount)}
      {num(a, (s) => s.durationNs)}
      {num(b, (s) => s.durationNs)}
      {delta((s) => s.durationNs)}
      {num(a, (s) => s.selfNs)}
      {num(b, (s) => s.selfNs)}
      {num(a, (s) => s.criticalNs)}
      {num(b, (s) => s.criticalNs)}
      {delta((s) => s.criticalNs)}
    </tr>
  );
}
