/**
 * How the end-to-end time came about, hop by hop along the critical path:
 * a stepped waterfall where each hop starts where the previous one ended,
 * split into the callee's own time (service colour) and the overhead
 * between caller and callee (network, proxy, queueing; hatched), with the
 * running total at the right — the "5 hops × 100 ms = 500 ms" picture.
 *
 *   gateway   ▇                                  0.4 ms
 *   order      ▇▇▇▇▇░                            43 ms
 *   payment          ▇▇▇▇▇▇▇▇▇▇▇▇▇▇░░            1.9 s
 *   …
 */
import { scaleLinear } from 'd3-scale';
import { accumulationRows } from '../../../shared/render/accumulation-rows.js';
import { serviceColor } from '../../../shared/render/service-colors.js';
import type { TraceDetail } from '../../../shared/engine/views-api.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { useTheme } from '../../hooks/use-theme.js';

const ROW = 18;
const LABEL = 150;
const TOTAL = 90;
const WIDTH = 900;

interface Props {
  detail: TraceDetail;
  selectedSpan: number | null;
  onSelectSpan(span: number): void;
}

export function AccumulationStrip({ detail, selectedSpan, onSelectSpan }: Props) {
  const theme = useTheme();
  const hops = detail.hops;
  const pathNs = detail.criticalPath.end - detail.criticalPath.start;
  if (hops.length === 0 || pathNs <= 0) return null;
  const x = scaleLinear()
    .domain([0, pathNs])
    .range([LABEL, WIDTH - TOTAL]);
  const rows = accumulationRows(hops, pathNs);
  const height = rows.length * ROW + 8;
  const overheadNs = hops.reduce((sum, h) => sum + h.overheadNs + h.queueNs, 0);
  const services = new Set(hops.map((h) => h.service)).size;
  return (
    <section className="card accumulation" data-testid="accumulation-strip" aria-label="Latency accumulation along the critical path">
      <h3>
        Latency accumulation: {hops.length} hops through {services} services add up to {formatNs(pathNs)}
        {overheadNs > 0 && <span className="muted"> ({formatNs(overheadNs)} of it between services: network, proxies, queues)</span>}
      </h3>
      <div className="accumulation-scroll">
        <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ minWidth: 600 }} role="list">
          <defs>
            <pattern id="overhead-hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="4" height="4" className="hatch-bg" />
              <line x1="0" y1="0" x2="0" y2="4" className="hatch-line" />
            </pattern>
          </defs>
          {rows.map((row, i) => {
            const y = i * ROW + 4;
            if (row.kind === 'group') {
              return (
                <g key={i} role="listitem" className="hop group" data-testid="hop-group" onClick={() => onSelectSpan(row.hops[0]!.span)}>
                  <title>
                    {row.hops.length} short hops ({row.services.join(', ')}), each under 1% of the path: {formatNs(row.totalNs)} together
                  </title>
                  <text x={LABEL - 8} y={y + 12} textAnchor="end" className="hop-label virtual">
                    {row.hops.length} short hops
                  </text>
                  <rect
                    x={x(row.fromNs)}
                    y={y + 4}
                    width={Math.max(1, x(row.runningNs) - x(row.fromNs))}
                    height={ROW - 13}
                    className="hop-group-bar"
                  />
                  <text x={WIDTH - 4} y={y + 12} textAnchor="end" className="hop-total">
                    {formatNs(row.runningNs)}
                  </text>
                </g>
              );
            }
            const hop = row.hop;
            const before = hop.runningNs - hop.totalNs;
            const gap = hop.overheadNs + hop.queueNs;
            const selected = selectedSpan === hop.span;
            return (
              <g
                key={i}
                role="listitem"
                className={`hop${selected ? ' selected' : ''}`}
                data-testid="hop"
                onClick={() => onSelectSpan(hop.span)}
                aria-label={`${hop.service}: ${formatNs(hop.selfNs)} own time, ${formatNs(gap)} overhead, running total ${formatNs(hop.runningNs)}`}
              >
                <title>
                  {hop.service}
                  {hop.virtual ? ' (not instrumented)' : ''}: {formatNs(hop.selfNs)} in the service
                  {hop.overheadNs > 0 ? `, ${formatNs(hop.overheadNs)} between caller and callee` : ''}
                  {hop.queueNs > 0 ? `, ${formatNs(hop.queueNs)} waiting in a queue` : ''}; {percent(hop.totalNs / pathNs)} of the path
                </title>
                <text x={LABEL - 8} y={y + 12} textAnchor="end" className={`hop-label${hop.virtual ? ' virtual' : ''}`}>
                  {hop.service}
                </text>
                {gap > 0 && (
                  <rect x={x(before)} y={y} width={Math.max(1, x(before + gap) - x(before))} height={ROW - 5} fill="url(#overhead-hatch)" />
                )}
                <rect
                  x={x(before + gap)}
                  y={y}
                  width={Math.max(1, x(hop.runningNs) - x(before + gap))}
                  height={ROW - 5}
                  fill={serviceColor(hop.service, theme)}
                  className="hop-bar"
                />
                <line className="hop-step" x1={x(hop.runningNs)} x2={x(hop.runningNs)} y1={y} y2={y + ROW} />
                <text x={WIDTH - 4} y={y + 12} textAnchor="end" className="hop-total">
                  {formatNs(hop.runningNs)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
    </section>
  );
}
