/**
 * The service dependency map as SVG: services left to right in call order,
 * edge width by calls per trace, edge colour by p99 or error rate, async
 * calls dashed, uninstrumented callees outlined dashed, brokers as pills,
 * hotspot badges above the cards and a bar for each service's share of the
 * critical path. Zoom and pan with the wheel and drag (d3-zoom); "Fit"
 * brings everything back into view.
 *
 * SVG rather than canvas: a map has tens to hundreds of marks, and SVG keeps
 * them hoverable, accessible and exportable as they are.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import { useEffect, useMemo, useRef, useState, type MouseEvent as ReactMouseEvent, type ReactNode } from 'react';
import { edgeMidpoint, edgePath, type MapLayout } from '../../../shared/render/map-layout.js';
import {
  BADGE_COLORS,
  BADGE_ROW,
  badgeWidth,
  edgeScales,
  layoutModel,
  NODE_HEIGHT,
  nodeSubtitle,
  type EdgeColorBy,
} from '../../../shared/render/map-scales.js';
import type { MapEdge, MapNode, ServiceMapModel } from '../../../shared/render/service-map-model.js';
import { serviceColor } from '../../../shared/render/service-colors.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import type { Theme } from '../../hooks/use-theme.js';

export interface Highlight {
  /** Keys (edgeKey) of the edges to stand out, with the calls made along each. */
  edges: Map<string, number>;
  services: Set<string>;
}

interface Props {
  model: ServiceMapModel;
  colorBy: EdgeColorBy;
  theme: Theme;
  highlight: Highlight | null;
  onEdgeClick(edge: MapEdge): void;
  onNodeClick(node: MapNode): void;
  /** Edge colours and legend of another encoding (the comparison's diff map); width and dashes stay. */
  paint?: { color(edge: MapEdge): string; legend: ReactNode };
}

/** The real call behind a drawn edge: a trace's edges match legs through the broker by it. */
export const callKey = (call: { from: string; to: string; mode: string }) => `${call.from}\u0000${call.to}\u0000${call.mode}`;

type Hover = { x: number; y: number; node?: MapNode; edge?: MapEdge };

export function ServiceMap({ model, colorBy, theme, highlight, onEdgeClick, onNodeClick, paint }: Props) {
  const frame = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const view = useRef<SVGGElement>(null);
  const behaviour = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const size = useContentSize(frame);
  const [hover, setHover] = useState<Hover | null>(null);

  const layout: MapLayout = useMemo(() => layoutModel(model), [model]);
  const scales = useMemo(() => edgeScales(model.edges, colorBy), [model, colorBy]);
  const colorOf = paint ? paint.color : scales.color;
  const nodeOf = useMemo(() => new Map(model.nodes.map((n) => [n.service, n])), [model]);

  const fit = () => {
    if (!svg.current || !behaviour.current || size.width === 0) return;
    const scale = Math.min(1.2, size.width / layout.width, size.height / layout.height);
    const x = (size.width - layout.width * scale) / 2;
    const y = (size.height - layout.height * scale) / 2;
    select(svg.current).call(behaviour.current.transform, zoomIdentity.translate(x, y).scale(scale));
  };

  useEffect(() => {
    if (!svg.current) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 4])
      .on('zoom', (event: { transform: { toString(): string } }) => {
        view.current?.setAttribute('transform', event.transform.toString());
        setHover(null);
      });
    behaviour.current = z;
    select(svg.current).call(z).on('dblclick.zoom', null);
    return () => {
      if (svg.current) select(svg.current).on('.zoom', null);
    };
  }, []);
  // A new layout or a new size: fit it in again.
  useEffect(fit, [layout, size.width, size.height]);

  const place = (e: ReactMouseEvent, target: Omit<Hover, 'x' | 'y'>) => {
    const box = frame.current?.getBoundingClientRect();
    if (box) setHover({ x: e.clientX - box.left, y: e.clientY - box.top, ...target });
  };
  const dimmed = (lit: boolean) => (highlight && !lit ? 'dimmed' : undefined);

  return (
    <div className="service-map" ref={frame} data-testid="service-map">
      <svg ref={svg} width={size.width} height={size.height} role="img" aria-label="Service dependency map">
        <defs>
          {model.edges.map((e, i) => {
            // In user units: a thick edge gets a somewhat bigger head, not one scaled by its width.
            const size = 7 + 0.8 * scales.width(e);
            return (
              <marker
                key={i}
                id={`arrow-${i}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerUnits="userSpaceOnUse"
                markerWidth={size}
                markerHeight={size}
                orient="auto-start-reverse"
              >
                <path d="M0,0 L10,5 L0,10 z" fill={colorOf(e)} />
              </marker>
            );
          })}
        </defs>
        <g ref={view}>
          {layout.edges.map((placed) => {
            const e = model.edges[placed.index]!;
            const calls = highlight?.edges.get(callKey(e.call));
            const d = edgePath(placed.points);
            return (
              <g
                key={placed.index}
                className={['map-edge', dimmed(calls !== undefined)].filter(Boolean).join(' ')}
                data-testid="map-edge"
                data-from={e.from}
                data-to={e.to}
                data-mode={e.mode}
                data-leg={e.leg}
                onMouseMove={(ev) => place(ev, { edge: e })}
                onMouseLeave={() => setHover(null)}
                onClick={() => onEdgeClick(e)}
              >
                {/* A wide transparent twin makes thin edges easy to hit. */}
                <path d={d} className="map-edge-hit" />
                <path
                  d={d}
                  className="map-edge-line"
                  stroke={colorOf(e)}
                  strokeWidth={scales.width(e)}
                  strokeDasharray={e.mode === 'async' ? '7 5' : undefined}
                  markerEnd={`url(#arrow-${placed.index})`}
                />
                {calls !== undefined && <EdgeLabel points={placed.points} text={`×${calls}`} />}
              </g>
            );
          })}
          {layout.nodes.map((placed) => {
            const n = nodeOf.get(placed.id)!;
            return (
              <NodeCard
                key={placed.id}
                node={n}
                x={placed.x}
                y={placed.y}
                width={placed.width}
                theme={theme}
                className={dimmed(highlight?.services.has(n.service) ?? false)}
                onHover={(ev) => place(ev, { node: n })}
                onLeave={() => setHover(null)}
                onClick={() => onNodeClick(n)}
              />
            );
          })}
        </g>
      </svg>
      <div className="map-overlay">
        <button type="button" onClick={fit} data-testid="map-fit" title="Fit the whole map in view">
          Fit
        </button>
        {paint ? paint.legend : <Legend scales={scales} />}
      </div>
      {hover && <Tooltip hover={hover} />}
    </div>
  );
}

function NodeCard(props: {
  node: MapNode;
  x: number;
  y: number;
  width: number;
  theme: Theme;
  className: string | undefined;
  onHover(e: ReactMouseEvent): void;
  onLeave(): void;
  onClick(): void;
}) {
  const { node: n, x, y, width, theme } = props;
  const card = NODE_HEIGHT - BADGE_ROW;
  const kind = n.broker ? 'broker' : n.virtual ? 'virtual' : 'service';
  let bx = 0;
  return (
    <g
      transform={`translate(${x},${y})`}
      className={['map-node', `map-node-${kind}`, props.className].filter(Boolean).join(' ')}
      data-testid="map-node"
      data-service={n.service}
      data-kind={kind}
      onMouseMove={props.onHover}
      onMouseLeave={props.onLeave}
      onClick={props.onClick}
    >
      <g className="map-badges">
        {n.badges.map((b) => {
          const w = badgeWidth(b.label);
          const at = bx;
          bx += w + 4;
          return (
            <g key={b.kind} transform={`translate(${at},0)`} data-testid="map-badge" data-kind={b.kind}>
              <title>{b.detail}</title>
              <rect width={w} height={15} rx={7.5} fill={BADGE_COLORS[b.kind]} />
              <text x={w / 2} y={11} textAnchor="middle">
                {b.label}
              </text>
            </g>
          );
        })}
      </g>
      <g transform={`translate(0,${BADGE_ROW})`}>
        <rect className="map-card" width={width} height={card} rx={n.broker ? card / 2 : 7} />
        {!n.virtual && <rect className="map-stripe" width={5} height={card} rx={2} fill={serviceColor(n.service, theme)} />}
        <text className="map-name" x={n.broker ? 18 : 13} y={19}>
          {n.service}
        </text>
        <text className="map-sub" x={n.broker ? 18 : 13} y={34}>
          {nodeSubtitle(n)}
        </text>
        {n.criticalShare > 0 && (
          <rect
            className="map-share"
            x={n.broker ? card / 2 : 5}
            y={card - 4}
            height={3}
            width={Math.max(1, (width - (n.broker ? card : 10)) * Math.min(1, n.criticalShare))}
            fill={serviceColor(n.service, theme)}
          />
        )}
      </g>
    </g>
  );
}

function EdgeLabel({ points, text }: { points: { x: number; y: number }[]; text: string }) {
  const mid = edgeMidpoint(points);
  return (
    <text className="map-edge-label" x={mid.x} y={mid.y - 6} textAnchor="middle">
      {text}
    </text>
  );
}

function Legend({ scales }: { scales: ReturnType<typeof edgeScales> }) {
  const l = scales.legend;
  return (
    <div className="map-legend" data-testid="map-legend">
      <span>{l.title}</span>
      <span className="ramp-label">{l.low}</span>
      <span className="ramp" style={{ background: `linear-gradient(to right, ${l.from}, ${l.to})` }} />
      <span className="ramp-label">{l.high}</span>
      <span className="legend-sep" />
      <svg width="34" height="10" aria-hidden="true">
        <line x1="0" y1="5" x2="34" y2="5" className="legend-line" />
      </svg>
      <span>sync</span>
      <svg width="34" height="10" aria-hidden="true">
        <line x1="0" y1="5" x2="34" y2="5" className="legend-line" strokeDasharray="7 5" />
      </svg>
      <span>async</span>
      <span className="legend-sep" />
      <span>width: calls per trace</span>
    </div>
  );
}

function Tooltip({ hover }: { hover: Hover }) {
  const rows: [string, string][] = [];
  let title = '';
  if (hover.edge) {
    const e = hover.edge;
    title = `${e.from} → ${e.to}`;
    rows.push(['mode', e.leg === 'direct' ? e.mode : `${e.mode}, ${e.leg === 'publish' ? 'publishes to' : 'delivered from'} the broker`]);
    if (e.leg !== 'direct') rows.push(['call', `${e.call.from} → ${e.call.to}`]);
    rows.push(['calls', `${e.calls.toLocaleString()} in ${e.traces.toLocaleString()} traces (${e.callsPerTrace.toFixed(2)} per trace)`]);
    rows.push(['errors', percent(e.errorRate)]);
    rows.push(['p50 / p90 / p99', `${formatNs(e.p50Ns)} / ${formatNs(e.p90Ns)} / ${formatNs(e.p99Ns)}`]);
    if (e.retryAmplification !== null) rows.push(['retries', `${e.retryAmplification.toFixed(2)}× calls`]);
    rows.push(['', 'click: the traces that make this call']);
  } else if (hover.node) {
    const n = hover.node;
    title = n.service;
    rows.push(['kind', n.broker ? 'messaging destination' : n.virtual ? 'uninstrumented callee' : 'service']);
    if (!n.broker) rows.push(['spans', `${n.spans.toLocaleString()} in ${n.traces.toLocaleString()} traces`]);
    if (!n.broker) rows.push(['errors', percent(n.errorRate)]);
    if (n.onCriticalPaths !== null) rows.push(['on critical path', `${percent(n.onCriticalPaths)} of traces`]);
    rows.push(['critical-path share', `${percent(n.criticalShare)} (mean)`]);
    for (const b of n.badges) rows.push(['', b.detail]);
    rows.push(['', 'click: the traces through this service']);
  }
  return (
    <div className="chart-tooltip map-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }} role="tooltip" data-testid="map-tooltip">
      <strong>{title}</strong>
      <table>
        <tbody>
          {rows.map(([k, v], i) => (
            <tr key={i}>
              <th>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
