/** --clock, --skew-tolerance and --follow-async, shared by the analysis commands. */
import type { AnalysisOptions } from '../shared/engine/analysis-api.js';
import type { ParsedArgs } from './args.js';
import { UsageError } from './args.js';

export const ANALYSIS_FLAGS = ['clock', 'skew-tolerance', 'follow-async'];
export const ANALYSIS_VALUED = ['clock', 'skew-tolerance'];

export function analysisOptions(args: ParsedArgs): AnalysisOptions {
  const options: AnalysisOptions = {};
  const clock = args.flags.get('clock');
  if (clock !== undefined) {
    if (clock !== 'raw' && clock !== 'adjusted') throw new UsageError(`--clock is raw or adjusted, not "${String(clock)}"`);
    options.clock = clock;
  }
  const tolerance = args.flags.get('skew-tolerance');
  if (tolerance !== undefined) {
    const value = Number(tolerance);
    if (typeof tolerance !== 'string' || tolerance.trim() === '' || !Number.isFinite(value) || value < 0 || value >= 1) {
      throw new UsageError(
        `--skew-tolerance is a fraction of the parent's duration between 0 and 1 (e.g. 0.01), not "${String(tolerance)}"`,
      );
    }
    options.skewTolerance = value;
  }
  if (args.flags.has('follow-async')) options.followAsync = true;
  return options;
}

export { formatNs, percent } from '../shared/text/units.js';
