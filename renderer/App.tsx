import { useCallback, useEffect, useRef, useState } from 'react';
import type { HopscopeEngine, LoadProgress } from '../shared/engine/engine-api.js';
import { DatasetCard } from './components/DatasetCard.js';
import { LoadStatus } from './components/LoadStatus.js';
import { OpenFiles } from './components/OpenFiles.js';
import { readDatasets, uniqueDatasetName, type DatasetView } from './datasets.js';
import { errorMessage } from './format.js';
import { runLoadJob, type LoadJob } from './load-jobs.js';
import { fetchSample, SAMPLES } from './samples.js';

interface Activity {
  controller: AbortController;
  progress: LoadProgress | null;
}

export function App({ engine }: { engine: HopscopeEngine }) {
  const [datasets, setDatasets] = useState<DatasetView[]>([]);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [problems, setProblems] = useState<string[]>([]);

  /** One run at a time: "Open files…" is disabled while one is going. */
  const run = useCallback(
    async (jobs: LoadJob[]) => {
      const controller = new AbortController();
      setActivity({ controller, progress: null });
      setProblems([]);
      const found: string[] = [];
      const onProgress = (progress: LoadProgress) => setActivity({ controller, progress });
      for (const job of jobs) {
        found.push(...(await runLoadJob(engine, job, controller.signal, onProgress).catch((e) => [`${job.label}: ${errorMessage(e)}`])));
        if (controller.signal.aborted) break;
      }
      try {
        setDatasets(await readDatasets(engine));
      } catch (e) {
        found.push(`The datasets could not be read: ${errorMessage(e)}`);
      }
      setProblems(found);
      setActivity(null);
    },
    [engine],
  );

  // The samples load once per engine; the ref keeps React's development double-mount from loading them twice.
  const samplesStarted = useRef(false);
  useEffect(() => {
    if (samplesStarted.current) return;
    samplesStarted.current = true;
    void run(
      SAMPLES.map((sample) => ({
        dataset: sample.dataset,
        label: sample.file,
        files: async (signal) => [await fetchSample(sample, signal)],
      })),
    );
  }, [run]);

  const openFiles = (files: File[]) => {
    const dataset = uniqueDatasetName(
      files[0]!.name,
      datasets.map((d) => d.summary.dataset),
    );
    void run([{ dataset, label: files.map((f) => f.name).join(', '), files: async () => files }]);
  };

  return (
    <div className="app">
      <header className="toolbar">
        <h1>Hopscope</h1>
        <OpenFiles disabled={activity !== null} onOpen={openFiles} />
      </header>
      {activity && <LoadStatus progress={activity.progress} onCancel={() => activity.controller.abort()} />}
      {problems.length > 0 && (
        <ul className="problems" role="alert" data-testid="load-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <main className="datasets">
        {datasets.map((view) => (
          <DatasetCard key={view.summary.dataset} view={view} />
        ))}
      </main>
      <footer className="muted" data-testid="platform">
        {window.hopscope ? `Electron ${window.hopscope.versions.electron} on ${window.hopscope.platform}` : 'Web build'}
      </footer>
    </div>
  );
}
