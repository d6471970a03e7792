import type { LoadProgress } from '../../shared/engine/engine-api.js';
import { formatBytes, formatCount } from '../format.js';

interface Props {
  progress: LoadProgress | null;
  /** performance.now() when the run began, for the rate. */
  startedAt: number;
  onCancel(): void;
}

/** The progress of the files loading: a bar (bytes of the current file), spans and rate, and Cancel. */
export function LoadStatus({ progress, startedAt, onCancel }: Props) {
  const fraction = progress?.totalBytes ? Math.min(1, progress.bytesRead / progress.totalBytes) : null;
  return (
    <div className="load-status" role="status" data-testid="load-progress">
      <span className="spinner" aria-hidden="true" />
      <div className="load-status-body">
        <span className="load-status-text">{progress ? describe(progress, startedAt) : 'Preparing…'}</span>
        <progress max={1} value={fraction ?? undefined} aria-label="Loading progress" />
      </div>
      <button type="button" onClick={onCancel} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}

function describe(p: LoadProgress, startedAt: number): string {
  const file = p.fileCount > 1 ? ` (file ${p.fileIndex + 1} of ${p.fileCount})` : '';
  const bytes = p.totalBytes ? `${formatBytes(p.bytesRead)} of ${formatBytes(p.totalBytes)}` : formatBytes(p.bytesRead);
  const seconds = (performance.now() - startedAt) / 1000;
  const rate = seconds > 0.5 && p.spansLoaded > 0 ? `, ${formatCount(Math.round(p.spansLoaded / seconds))} spans/s` : '';
  return `Loading ${p.path} into “${p.dataset}”${file}: ${bytes}, ${formatCount(p.spansLoaded)} spans${rate}`;
}
