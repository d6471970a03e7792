/** Which traces an aggregate critical-path flame covers: all, the slowest 10%, the slowest 1% (map and comparison views). */
import { FLAME_FRACTION_NAMES, FLAME_FRACTIONS, type FlameFraction } from '../../shared/engine/dataset-analysis-api.js';

export function FlameFractionPicker({
  value,
  onChange,
  testId,
}: {
  value: FlameFraction;
  onChange(f: FlameFraction): void;
  testId: string;
}) {
  return (
    <div role="group" aria-label="Which traces" className="segmented">
      {FLAME_FRACTIONS.map((f) => (
        <button key={f} type="button" aria-pressed={value === f} onClick={() => onChange(f)} data-testid={testId} data-slice={f}>
          {FLAME_FRACTION_NAMES[f]}
        </button>
      ))}
    </div>
  );
}
