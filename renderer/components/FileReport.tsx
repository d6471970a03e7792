import type { FileLoadReport } from '../../shared/model/load-report.js';
import { formatBytes, formatCount } from '../format.js';

/** What happened to one file: format, spans kept, spans rejected (by reason), and where reading stopped, if it did. */
export function FileReport({ report }: { report: FileLoadReport }) {
  const { path, format, compression, bytesRead, spansRead, spansLoaded, rejected, missingParent, failure, warnings } = report;
  return (
    <li className="file-report" data-testid="file-report" data-file={path}>
      <div className="file-report-head">
        <span className="file-name">{path}</span>
        <span className="muted">
          {format ?? 'unknown format'}
          {compression !== 'none' ? `, ${compression}` : ''}, {formatBytes(bytesRead)} read
        </span>
      </div>
      <div data-testid="file-spans">
        {formatCount(spansLoaded)} of {formatCount(spansRead)} spans loaded
        {missingParent > 0 ? `; ${formatCount(missingParent)} with a parent not in the dataset` : ''}
      </div>
      {rejected.length > 0 && (
        <ul className="rejections" data-testid="file-rejected">
          {rejected.map((p) => (
            <li key={p.reason}>
              Rejected, {p.reason}: {formatCount(p.count)} <span className="muted">(first: {p.example})</span>
            </li>
          ))}
        </ul>
      )}
      {warnings.map((w) => (
        <div key={w} className="warning">
          {w}
        </div>
      ))}
      {failure && (
        <div className="failure" data-testid="file-failure">
          Reading stopped at byte {formatCount(failure.byteOffset)}: {failure.message}
        </div>
      )}
    </li>
  );
}
