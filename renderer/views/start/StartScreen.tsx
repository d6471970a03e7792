/**
 * Where a session starts: drop or open trace files (into a dataset named
 * here), or take the bundled before/after samples; the datasets already
 * loaded are listed with their load reports.
 */
import { useState } from 'react';
import { DatasetCard } from '../../components/DatasetCard.js';
import { OpenFiles } from '../../components/OpenFiles.js';
import type { DatasetView } from '../../datasets.js';
import { SAMPLES, type Sample } from '../../samples.js';

interface Props {
  datasets: DatasetView[];
  busy: boolean;
  onOpenFiles(files: File[], dataset: string | null): void;
  onOpenSamples(samples: readonly Sample[]): void;
  onOpenDataset(dataset: string): void;
}

const SAMPLE_LABELS: Record<string, { title: string; about: string }> = {
  before: { title: 'Before migration', about: 'a synchronous chain of six services: N+1 queries, retries, error cascades' },
  after: { title: 'After migration', about: 'the same shop on messaging: producer → broker → consumers, queue delay' },
};

export function StartScreen({ datasets, busy, onOpenFiles, onOpenSamples, onOpenDataset }: Props) {
  const [name, setName] = useState('');
  return (
    <div className="start" data-testid="start-screen">
      <section className="card drop-hint">
        <h2>Open trace files</h2>
        <p className="muted">
          Drop files anywhere on this window, or choose them: OTLP JSON / JSON lines / protobuf, Jaeger JSON, Zipkin v2 JSON, plain or gzip
          / zstd compressed. Nothing leaves this machine.
        </p>
        <div className="open-row">
          <label>
            Dataset name{' '}
            <input
              type="text"
              value={name}
              placeholder="from the file name"
              onChange={(e) => setName(e.target.value)}
              data-testid="dataset-name"
              aria-describedby="dataset-name-help"
            />
          </label>
          <OpenFiles disabled={busy} onOpen={(files) => onOpenFiles(files, name.trim() || null)} />
        </div>
        <p id="dataset-name-help" className="muted small">
          Each load becomes a dataset of its own (e.g. “before”, “after”), so two sets of traces can be compared.
        </p>
      </section>
      <section className="card samples">
        <h2>Bundled samples</h2>
        <ul className="sample-list">
          {SAMPLES.map((sample) => {
            const loaded = datasets.some((d) => d.summary.dataset === sample.dataset);
            const label = SAMPLE_LABELS[sample.dataset];
            return (
              <li key={sample.dataset}>
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => (loaded ? onOpenDataset(sample.dataset) : onOpenSamples([sample]))}
                  data-testid="open-sample"
                  data-sample={sample.dataset}
                >
                  {label?.title ?? sample.dataset}
                </button>{' '}
                <span className="muted">{label?.about}</span>
              </li>
            );
          })}
        </ul>
        <button type="button" disabled={busy} onClick={() => onOpenSamples(SAMPLES)} data-testid="open-both-samples">
          Load both, to compare
        </button>
      </section>
      {datasets.length > 0 && (
        <section className="datasets">
          {datasets.map((view) => (
            <DatasetCard key={view.summary.dataset} view={view} onOpen={() => onOpenDataset(view.summary.dataset)} />
          ))}
        </section>
      )}
    </div>
  );
}
