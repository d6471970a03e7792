/**
 * End-to-end latency of both sides as cumulative distributions on one log
 * axis: where the curves part, and by how much, at every percentile at once
 * (histograms of two sets with different counts are harder to read overlaid).
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import { formatNs } from '../../../shared/text/units.js';

const WIDTH = 420;
const HEIGHT = 220;
const M = { top: 10, right: 12, bottom: 30, left: 40 };

export function LatencyCdf({ a, b, labels }: { a: number[]; b: number[]; labels: { a: string; b: string } }) {
  const all = [...a, ...b].filter((v) => v > 0);
  if (all.length === 0) return null;
  const x = scaleLog()
    .domain([Math.min(...all), Math.max(...all)])
    .range([M.left, WIDTH - M.right])
    .nice();
  const y = scaleLinear()
    .domain([0, 1])
    .range([HEIGHT - M.bottom, M.top]);
  const path = (values: number[]) =>
    line<[number, number]>()
      .x((d) => x(Math.max(d[0], x.domain()[0]!)))
      .y((d) => y(d[1]))(values.map((v, i) => [v, (i + 1) / values.length])) ?? '';
  return (
    <svg
      className="latency-cdf"
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label="End-to-end latency distributions"
      data-testid="latency-cdf"
    >
      {/* Powers of ten only: a log axis's default ticks crowd the labels. */}
      {x
        .ticks()
        .filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9)
        .map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`}>
            <line y1={M.top} y2={HEIGHT - M.bottom} className="grid" />
            <text y={HEIGHT - M.bottom + 14} textAnchor="middle">
              {formatNs(t)}
            </text>
          </g>
        ))}
      {[0, 0.5, 0.9, 0.99].map((q) => (
        <g key={q} transform={`translate(0,${y(q)})`}>
          <line x1={M.left} x2={WIDTH - M.right} className="grid" />
          <text x={M.left - 4} dy="0.32em" textAnchor="end">
            {q === 0 ? '0' : `p${Math.round(q * 100)}`}
          </text>
        </g>
      ))}
      <path d={path(a)} className="cdf-a" />
      <path d={path(b)} className="cdf-b" />
      <g transform={`translate(${M.left + 8},${M.top + 8})`}>
        <line x2="16" className="cdf-a" />
        <text x="20" dy="0.32em">
          {labels.a}
        </text>
        <line x2="16" y1="14" y2="14" className="cdf-b" />
        <text x="20" y="14" dy="0.32em">
          {labels.b}
        </text>
      </g>
    </svg>
  );
}
