/**
 * The differential critical-path flame graph (flame-diff.ts) as an icicle,
 * drawn like CriticalFlameGraph: the root across the top, call paths going
 * down, each frame as wide as its larger side (the mean critical-path time
 * per trace in a or in b, whichever is more; diff-flame-slices.ts).
 *
 * Colour is the change, Δ = b − a relative to the larger side, on a
 * diverging scale (diff-colors.ts, which the export paints with too): blue
 * where b spends less time (faster), red where it spends more (slower),
 * grey within 5% (same). A frame only in b is full red; a frame only in a
 * is hatched with a dashed outline (removed).
 *
 * Hover: a tooltip with both sides' means per trace and Δ. Click: zoom into
 * the frame (the breadcrumb above leads back, Escape goes up one level).
 * Frames narrower than a pixel are left out.
 */
import { useId } from 'react';
import type { DiffFrame } from '../../../shared/engine/compare-api.js';
import { diffFrameColor, diffScaleColor } from '../../../shared/render/diff-colors.js';
import { diffChange, diffSlices } from '../../../shared/render/diff-flame-slices.js';
import { neutralColor } from '../../../shared/render/service-colors.js';
import { frameDeltaText } from '../../../shared/text/compare-text.js';
import { formatNs } from '../../../shared/text/units.js';
import { Icicle } from '../map/Icicle.js';
import { frameLabel } from '../map/icicle-parts.js';
import './diff-flame.css';

export interface DiffFlameGraphProps {
  root: DiffFrame;
  theme: 'light' | 'dark';
  /** The sides' names, for the tooltip and the legend ("before", "after"). */
  labels: { a: string; b: string };
}

export function DiffFlameGraph({ root, theme, labels }: DiffFlameGraphProps) {
  return (
    <div className="diff-flame">
      <Legend theme={theme} labels={labels} />
      <Icicle<DiffFrame>
        root={root}
        slices={diffSlices}
        paint={(frame) => {
          const change = diffChange(frame);
          return {
            fill: diffFrameColor(frame, change, theme),
            hatched: change === 'removed',
            data: { change },
            ariaLabel: `${frameLabel(frame)}: ${labels.a} ${formatNs(frame.aNs)}, ${labels.b} ${formatNs(frame.bNs)}`,
          };
        }}
        tooltip={(frame) => {
          const change = diffChange(frame);
          return {
            swatch: diffFrameColor(frame, change, theme),
            rows: [
              [labels.a, `${formatNs(frame.aNs)} per trace (self ${formatNs(frame.aSelfNs)})`],
              [labels.b, `${formatNs(frame.bNs)} per trace (self ${formatNs(frame.bSelfNs)})`],
              ['Δ', frameDeltaText(frame, change, labels)],
            ],
          };
        }}
        ariaLabel={`Differential critical-path flame graph, ${labels.a} ${formatNs(root.aNs)} and ${labels.b} ${formatNs(root.bNs)} per trace`}
        testId="diff-flame"
        frameTestId="diff-frame"
        tooltipTestId="diff-flame-tooltip"
      />
    </div>
  );
}

function Legend({ theme, labels }: { theme: 'light' | 'dark'; labels: { a: string; b: string } }) {
  const hatchId = `diff-legend-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const steps = [-1, -0.5, 0, 0.5, 1];
  return (
    <div className="diff-flame-legend" data-testid="diff-flame-legend">
      <span className="muted">
        Width: mean critical-path time per trace, the larger of {labels.a} and {labels.b}. Colour: {labels.b} vs {labels.a}
      </span>
      <span className="diff-flame-legend-scale">
        <span>faster</span>
        {steps.map((t) => (
          <span key={t} className="diff-flame-swatch" style={{ background: diffScaleColor(t, theme) }} />
        ))}
        <span>slower</span>
      </span>
      <span className="diff-flame-legend-item">
        <svg width="14" height="12" aria-hidden="true">
          <defs>
            <pattern id={hatchId} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1="0" y1="0" x2="0" y2="4" className="icicle-hatch-line" />
            </pattern>
          </defs>
          <rect x="0.5" y="0.5" width="13" height="11" fill={neutralColor(theme)} className="diff-flame-legend-removed" />
          <rect x="0.5" y="0.5" width="13" height="11" fill={`url(#${hatchId})`} />
        </svg>
        only in {labels.a}
      </span>
    </div>
  );
}
