/**
 * The dataset's aggregate critical-path flame graph (critical-flame.ts) as an
 * icicle (Icicle.tsx): each frame as wide as its share of the selected
 * traces' critical-path time, coloured by service; uninstrumented callees
 * hatched. Frames narrower than a pixel are left out (flameSlices).
 */
import type { CriticalFlame, FlameFrame } from '../../../shared/engine/dataset-analysis-api.js';
import { flameSlices } from '../../../shared/render/flame-slices.js';
import { serviceColor } from '../../../shared/render/service-colors.js';
import { formatNs, percent } from '../../../shared/text/units.js';
import { Icicle } from './Icicle.js';
import { frameLabel } from './icicle-parts.js';

export interface CriticalFlameGraphProps {
  flame: CriticalFlame;
  theme: 'light' | 'dark';
  onSelect?(frame: FlameFrame): void;
}

export function CriticalFlameGraph({ flame, theme, onSelect }: CriticalFlameGraphProps) {
  const allNs = flame.root.totalNs;
  return (
    <Icicle<FlameFrame>
      root={flame.root}
      slices={flameSlices}
      paint={(frame) => ({
        fill: serviceColor(frame.service, theme),
        hatched: frame.virtual,
        ariaLabel: `${frameLabel(frame)}: ${formatNs(frame.totalNs)}`,
      })}
      tooltip={(frame) => ({
        swatch: serviceColor(frame.service, theme),
        rows: [
          ['Total', formatNs(frame.totalNs)],
          ['Self', formatNs(frame.selfNs)],
          ['Share', allNs > 0 ? `${percent(frame.totalNs / allNs)} of all critical-path time` : '–'],
          ['Traces', `${frame.traces} of ${flame.traces}`],
        ],
      })}
      ariaLabel={`Critical-path flame graph of ${flame.traces} ${flame.traces === 1 ? 'trace' : 'traces'}, ${formatNs(allNs)} in all`}
      testId="critical-flame"
      frameTestId="flame-frame"
      tooltipTestId="critical-flame-tooltip"
      {...(onSelect ? { onSelect } : {})}
    />
  );
}
