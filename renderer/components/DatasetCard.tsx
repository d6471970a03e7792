import type { DatasetView } from '../datasets.js';
import { formatCount, formatCountOf, formatTimeRange } from '../format.js';
import { FileReport } from './FileReport.js';
import { Stat } from './Stat.js';

/** One dataset: its totals, its services (busiest first) and the report of every file loaded into it. */
export function DatasetCard({ view, onOpen }: { view: DatasetView; onOpen(): void }) {
  const { summary } = view;
  return (
    <section className="card" data-testid="dataset" data-dataset={summary.dataset} aria-label={`Dataset ${summary.dataset}`}>
      <div className="card-head">
        <h2>{summary.dataset}</h2>
        <button type="button" onClick={onOpen} data-testid="open-dataset">
          Overview →
        </button>
      </div>
      <dl className="stats">
        <Stat label="Spans" value={formatCount(summary.spans)} testId="dataset-spans" />
        <Stat label="Traces" value={formatCount(summary.traces)} testId="dataset-traces" />
        <Stat label="Services" value={formatCount(summary.services)} testId="dataset-service-count" />
      </dl>
      <p className="time-range" data-testid="dataset-time-range">
        {formatTimeRange(summary.startNs, summary.endNs)}
      </p>
      <h3>Services</h3>
      <ul className="services" data-testid="dataset-services">
        {view.services.map((s) => (
          <li key={s.service} data-testid="service" data-service={s.service}>
            <span>{s.service}</span>
            <span className="muted">{formatCountOf(s.spans, 'span')}</span>
          </li>
        ))}
      </ul>
      <h3>Files</h3>
      <ul className="file-reports">
        {view.files.map((report, i) => (
          <FileReport key={i} report={report} />
        ))}
      </ul>
    </section>
  );
}
