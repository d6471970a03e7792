import type { LoadProgress } from '../../shared/engine/engine-api.js';
import { formatBytes, formatCount } from '../format.js';

interface Props {
  progress: LoadProgress | null;
  onCancel(): void;
}

/** The one progress line shown while files load. */
export function LoadStatus({ progress, onCancel }: Props) {
  return (
    <div className="load-status" role="status" data-testid="load-progress">
      <span className="spinner" aria-hidden="true" />
      <span className="load-status-text">{progress ? describe(progress) : 'Preparing…'}</span>
      <button type="button" onClick={onCancel} data-testid="cancel-load">
        Cancel
      </button>
    </div>
  );
}

function describe(p: LoadProgress): string {
  const file = p.fileCount > 1 ? ` (file ${p.fileIndex + 1} of ${p.fileCount})` : '';
  const bytes = p.totalBytes ? `${formatBytes(p.bytesRead)} of ${formatBytes(p.totalBytes)}` : formatBytes(p.bytesRead);
  return `Loading ${p.path} into “${p.dataset}”${file}: ${bytes}, ${formatCount(p.spansLoaded)} spans`;
}
