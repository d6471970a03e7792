/**
 * End-to-end latency as a histogram on a log scale (buckets from the engine,
 * latency-histogram.ts), with the p50/p90/p99 marks. SVG: a few dozen marks
 * at most, and it exports as is.
 */
import { scaleLinear, scaleLog } from 'd3-scale';
import type { DatasetOverview } from '../../../shared/engine/views-api.js';
import { formatOffset } from '../../../shared/render/flame-layout.js';
import { formatNs } from '../../../shared/text/units.js';

const WIDTH = 560;
const HEIGHT = 170;
const MARGIN = { top: 14, right: 26, bottom: 30, left: 40 };

export function LatencyHistogram({ overview }: { overview: DatasetOverview }) {
  const { edgesNs, counts } = overview.histogram;
  if (counts.length === 0) return <p className="muted">No traces.</p>;
  const x = scaleLog()
    .domain([edgesNs[0]!, edgesNs[edgesNs.length - 1]!])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, Math.max(...counts)])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const marks = (['p50', 'p90', 'p99'] as const).map((p) => ({ p, ns: overview.latencyNs[p] }));
  // Every edge is a round step; label the 1s and 5s of each decade (and the ends) so labels never collide.
  const labelled = edgesNs.filter((e, i) => i === 0 || i === edgesNs.length - 1 || /^[15]0*$/.test(String(e)));
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={`Latency histogram: p50 ${formatNs(overview.latencyNs.p50)}, p90 ${formatNs(overview.latencyNs.p90)}, p99 ${formatNs(overview.latencyNs.p99)}`}
      data-testid="latency-histogram"
    >
      {counts.map((count, i) => {
        const x0 = x(edgesNs[i]!);
        const x1 = x(edgesNs[i + 1]!);
        return (
          <rect key={i} className="histogram-bar" x={x0 + 1} width={Math.max(1, x1 - x0 - 2)} y={y(count)} height={y(0) - y(count)}>
            <title>
              {formatNs(edgesNs[i]!)}–{formatNs(edgesNs[i + 1]!)}: {count} {count === 1 ? 'trace' : 'traces'}
            </title>
          </rect>
        );
      })}
      <line className="axis" x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(0)} y2={y(0)} />
      {labelled.map((e) => (
        <text key={e} className="tick" x={x(e)} y={HEIGHT - 12} textAnchor="middle">
          {formatOffset(e)}
        </text>
      ))}
      {y.ticks(4).map((t) => (
        <text key={t} className="tick" x={MARGIN.left - 6} y={y(t) + 4} textAnchor="end">
          {t}
        </text>
      ))}
      {marks.map(({ p, ns }) => (
        <g key={p} className="percentile-mark">
          <line x1={x(Math.max(ns, edgesNs[0]!))} x2={x(Math.max(ns, edgesNs[0]!))} y1={MARGIN.top - 4} y2={y(0)} />
          <text x={x(Math.max(ns, edgesNs[0]!)) + 3} y={MARGIN.top + 4}>
            {p}
          </text>
        </g>
      ))}
    </svg>
  );
}
