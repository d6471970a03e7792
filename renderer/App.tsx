/**
 * The app shell: loads (from the file picker, drops anywhere on the window,
 * or the bundled samples) with their progress and problems, a header to move
 * between datasets and views, and the view the URL names (routing/route.ts).
 * In Electron, also files and commands from the main process (its menu,
 * command line, Open-with): desktop/.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DesktopCommand, OpenedFile } from '../electron/bridge-api.js';
import type { HopscopeEngine, LoadProgress, TraceFileInput } from '../shared/engine/engine-api.js';
import { LoadStatus } from './components/LoadStatus.js';
import { OpenFiles } from './components/OpenFiles.js';
import { ReportButton } from './components/ReportDialog.js';
import { readDatasets, uniqueDatasetName, type DatasetView } from './datasets.js';
import { desktopFileInput, releaseDesktopFiles } from './desktop/desktop-files.js';
import { useDesktopEvents } from './desktop/use-desktop-events.js';
import { errorMessage } from './format.js';
import { runLoadJob, type LoadJob } from './load-jobs.js';
import { DEFAULT_MAP_SETTINGS, DEFAULT_SORT, DEFAULT_TRACE_SETTINGS, type Route } from './routing/route.js';
import { useRoute, type Navigate } from './routing/use-route.js';
import { fetchSample, SAMPLES, type Sample } from './samples.js';
import { CompareView } from './views/compare/CompareView.js';
import { TraceCompareView } from './views/compare/TraceCompareView.js';
import { HotspotsView } from './views/hotspots/HotspotsView.js';
import { ServiceMapView } from './views/map/ServiceMapView.js';
import { Overview } from './views/overview/Overview.js';
import { SqlConsoleView } from './views/sql/SqlConsoleView.js';
import { StartScreen } from './views/start/StartScreen.js';
import { TraceView } from './views/trace/TraceView.js';
import { TraceListView } from './views/traces/TraceListView.js';

interface Activity {
  controller: AbortController;
  progress: LoadProgress | null;
  startedAt: number;
}

/** A load the main process asked for, waiting until the one running (if any) is over. */
type DesktopLoad = { files: OpenedFile[] } | 'samples';

export function App({ engine }: { engine: HopscopeEngine }) {
  const [route, navigate] = useRoute();
  const [datasets, setDatasets] = useState<DatasetView[]>([]);
  const [activity, setActivity] = useState<Activity | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  /** Bumped after every load, so views read their numbers again. */
  const [revision, setRevision] = useState(0);

  /** One run at a time: opening is disabled while one is going. Resolves to the datasets that got spans. */
  const run = useCallback(
    async (jobs: LoadJob[]): Promise<string[]> => {
      const controller = new AbortController();
      const startedAt = performance.now();
      setActivity({ controller, progress: null, startedAt });
      setProblems([]);
      const found: string[] = [];
      const onProgress = (progress: LoadProgress) => setActivity({ controller, progress, startedAt });
      for (const job of jobs) {
        found.push(...(await runLoadJob(engine, job, controller.signal, onProgress).catch((e) => [`${job.label}: ${errorMessage(e)}`])));
        if (controller.signal.aborted) break;
      }
      let views: DatasetView[] = [];
      try {
        views = await readDatasets(engine);
        setDatasets(views);
      } catch (e) {
        found.push(`The datasets could not be read: ${errorMessage(e)}`);
      }
      setProblems(found);
      setActivity(null);
      setRevision((r) => r + 1);
      const names = new Set(views.map((v) => v.summary.dataset));
      return jobs.map((j) => j.dataset).filter((d) => names.has(d));
    },
    [engine],
  );

  const openSamples = useCallback(
    async (samples: readonly Sample[], replace = false) => {
      const loaded = await run(
        samples.map((sample) => ({
          dataset: sample.dataset,
          label: sample.file,
          files: async (signal) => [await fetchSample(sample, signal)],
        })),
      );
      if (loaded[0]) navigate({ view: 'overview', dataset: loaded[0] }, { replace });
    },
    [run, navigate],
  );

  // Picked or dropped Files are TraceFileInputs as they are; so are desktop files (desktop/desktop-files.ts).
  const openFiles = useCallback(
    async (files: readonly TraceFileInput[], name: string | null = null) => {
      if (files.length === 0) return;
      const taken = datasets.map((d) => d.summary.dataset);
      const dataset = uniqueDatasetName(name ?? files[0]!.name, taken);
      const loaded = await run([{ dataset, label: files.map((f) => f.name).join(', '), files: async () => [...files] }]);
      if (loaded[0]) navigate({ view: 'overview', dataset: loaded[0] });
    },
    [datasets, run, navigate],
  );

  // `#/samples` (what `npm start` opens) loads the bundled samples once; the ref survives React's development double-mount.
  const samplesStarted = useRef(false);
  useEffect(() => {
    if (route.view !== 'start' || !route.loadSamples || samplesStarted.current) return;
    samplesStarted.current = true;
    void openSamples(SAMPLES, true);
  }, [route, openSamples]);

  useWindowDrop(activity === null, (files) => void openFiles(files));
  const fileInput = useOpenShortcut();

  const busy = activity !== null;
  const { reportSignal } = useDesktopWiring({
    engine,
    datasets,
    busy,
    openFiles,
    openSamples,
    navigate,
    setDatasets,
    setProblems,
    setRevision,
  });
  return (
    <div className="app">
      <AppHeader
        engine={engine}
        route={route}
        datasets={datasets}
        navigate={navigate}
        busy={busy}
        onOpenFiles={(files) => void openFiles(files)}
        fileInput={fileInput}
        reportSignal={reportSignal}
      />
      {activity && <LoadStatus progress={activity.progress} startedAt={activity.startedAt} onCancel={() => activity.controller.abort()} />}
      {problems.length > 0 && (
        <ul className="problems" role="alert" data-testid="load-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <main>
        <RouteView
          route={route}
          engine={engine}
          datasets={datasets}
          busy={busy}
          revision={revision}
          navigate={navigate}
          onOpenFiles={(files, name) => void openFiles(files, name)}
          onOpenSamples={(samples) => void openSamples(samples)}
        />
      </main>
      <footer className="muted small" data-testid="platform">
        {window.hopscope ? `Electron ${window.hopscope.versions.electron} on ${window.hopscope.platform}` : 'Web build'} · offline: nothing
        leaves this machine
      </footer>
    </div>
  );
}

function RouteView(props: {
  route: Route;
  engine: HopscopeEngine;
  datasets: DatasetView[];
  busy: boolean;
  revision: number;
  navigate: Navigate;
  onOpenFiles(files: File[], name: string | null): void;
  onOpenSamples(samples: readonly Sample[]): void;
}) {
  const { route, engine, datasets, revision, navigate } = props;
  if (route.view === 'start') {
    return (
      <StartScreen
        datasets={datasets}
        busy={props.busy}
        onOpenFiles={props.onOpenFiles}
        onOpenSamples={props.onOpenSamples}
        onOpenDataset={(dataset) => navigate({ view: 'overview', dataset })}
      />
    );
  }
  if (route.view === 'compare')
    return (
      <CompareView
        engine={engine}
        datasets={datasets.map((d) => d.summary.dataset)}
        a={route.a}
        b={route.b}
        revision={revision}
        navigate={navigate}
      />
    );
  if (route.view === 'compare-traces')
    return (
      <TraceCompareView
        engine={engine}
        a={route.a}
        b={route.b}
        revision={revision}
        onOpenTrace={(dataset, traceId, spanId) =>
          navigate({ view: 'trace', dataset, traceId, spanId, settings: { ...DEFAULT_TRACE_SETTINGS } })
        }
      />
    );
  const known = datasets.some((d) => d.summary.dataset === route.dataset);
  if (!known) {
    return (
      <p className="card" data-testid="unknown-dataset">
        {props.busy ? 'Loading…' : `There is no dataset “${route.dataset}” loaded. `}
        {!props.busy && (
          <button type="button" className="link" onClick={() => navigate({ view: 'start', loadSamples: false })}>
            Open files or a sample
          </button>
        )}
      </p>
    );
  }
  switch (route.view) {
    case 'overview':
      return (
        <Overview
          engine={engine}
          dataset={route.dataset}
          view={datasets.find((d) => d.summary.dataset === route.dataset)}
          revision={revision}
          navigate={navigate}
        />
      );
    case 'traces':
      return (
        <TraceListView
          engine={engine}
          dataset={route.dataset}
          filter={route.filter}
          sort={route.sort}
          brush={route.brush}
          revision={revision}
          navigate={navigate}
        />
      );
    case 'map':
      return <ServiceMapView engine={engine} dataset={route.dataset} settings={route.settings} revision={revision} navigate={navigate} />;
    case 'hotspots':
      return <HotspotsView engine={engine} dataset={route.dataset} revision={revision} navigate={navigate} />;
    case 'sql':
      return (
        <SqlConsoleView
          engine={engine}
          revision={revision}
          initialSql={route.sql}
          onSqlChange={(sql) => navigate({ view: 'sql', dataset: route.dataset, sql }, { replace: true })}
        />
      );
    case 'trace':
      return (
        <TraceView
          engine={engine}
          dataset={route.dataset}
          traceId={route.traceId}
          spanId={route.spanId}
          settings={route.settings}
          revision={revision}
          navigate={navigate}
        />
      );
  }
}

function AppHeader({
  engine,
  route,
  datasets,
  navigate,
  busy,
  onOpenFiles,
  fileInput,
  reportSignal,
}: {
  engine: HopscopeEngine;
  route: Route;
  datasets: DatasetView[];
  navigate: Navigate;
  busy: boolean;
  onOpenFiles(files: File[]): void;
  fileInput: React.RefObject<HTMLInputElement | null>;
  reportSignal: number;
}) {
  const current = route.view === 'start' || route.view === 'compare' || route.view === 'compare-traces' ? null : route.dataset;
  return (
    <header className="toolbar">
      <h1>
        <button
          type="button"
          className="brand"
          onClick={() => navigate({ view: 'start', loadSamples: false })}
          title="Start: open files or samples"
        >
          Hopscope
        </button>
      </h1>
      {datasets.length > 0 && (
        <nav className="dataset-nav" aria-label="Datasets">
          {datasets.map((d) => (
            <button
              key={d.summary.dataset}
              type="button"
              aria-current={current === d.summary.dataset ? 'page' : undefined}
              onClick={() => navigate({ view: 'overview', dataset: d.summary.dataset })}
              data-testid="nav-dataset"
              data-dataset={d.summary.dataset}
            >
              {d.summary.dataset}
            </button>
          ))}
        </nav>
      )}
      {current !== null && (
        <nav className="view-nav" aria-label="Views">
          {viewLinks(current).map(([label, target]) => (
            <button
              key={target.view}
              type="button"
              aria-current={route.view === target.view ? 'page' : undefined}
              onClick={() => navigate(target)}
              data-testid={`nav-${target.view}`}
            >
              {label}
            </button>
          ))}
          {route.view === 'trace' && (
            <button type="button" aria-current="page" data-testid="nav-trace">
              Trace {route.traceId.slice(0, 8)}…
            </button>
          )}
        </nav>
      )}
      {datasets.length >= 2 && (
        <button
          type="button"
          aria-current={route.view === 'compare' || route.view === 'compare-traces' ? 'page' : undefined}
          onClick={() =>
            navigate(
              compareRoute(
                route,
                datasets.map((d) => d.summary.dataset),
              ),
            )
          }
          data-testid="nav-compare"
          title="Before/after: compare two datasets"
        >
          Compare
        </button>
      )}
      <span className="spacer" />
      {datasets.length > 0 && (
        <ReportButton engine={engine} datasets={datasets.map((d) => d.summary.dataset)} current={current} openSignal={reportSignal} />
      )}
      <OpenFiles disabled={busy} onOpen={onOpenFiles} inputRef={fileInput} />
    </header>
  );
}

/** The comparison from here: the current dataset as the comparison, the one loaded before it as the baseline. */
function compareRoute(route: Route, names: string[]): Route {
  const current = 'dataset' in route ? route.dataset : null;
  const b = current !== null && names.indexOf(current) > 0 ? current : names[1]!;
  const a = names[names.indexOf(b) - 1] ?? names[0]!;
  return { view: 'compare', a, b };
}

/** The header's views of a dataset, each opening in its default state. */
function viewLinks(dataset: string): [label: string, route: Route][] {
  return [
    ['Overview', { view: 'overview', dataset }],
    ['Traces', { view: 'traces', dataset, filter: {}, sort: { ...DEFAULT_SORT }, brush: null }],
    ['Map', { view: 'map', dataset, settings: { ...DEFAULT_MAP_SETTINGS } }],
    ['Hotspots', { view: 'hotspots', dataset }],
    ['SQL', { view: 'sql', dataset, sql: '' }],
  ];
}

/**
 * What the Electron main process sends (nothing in the browser build): files
 * load as a new dataset like dropped ones, and menu commands. Loads asked for
 * while one runs wait for it, as the open buttons are disabled meanwhile.
 * Returns what opens the report dialog.
 */
function useDesktopWiring(app: {
  engine: HopscopeEngine;
  datasets: DatasetView[];
  busy: boolean;
  openFiles(files: readonly TraceFileInput[]): Promise<void>;
  openSamples(samples: readonly Sample[]): Promise<void>;
  navigate: Navigate;
  setDatasets(datasets: DatasetView[]): void;
  setProblems(problems: string[]): void;
  setRevision(update: (revision: number) => number): void;
}): { reportSignal: number } {
  const { engine, datasets, busy, openFiles, openSamples, navigate, setDatasets, setProblems, setRevision } = app;
  const [queue, setQueue] = useState<DesktopLoad[]>([]);
  const [reportSignal, setReportSignal] = useState(0);

  const onCommand = (command: DesktopCommand) => {
    if (command === 'open-samples') setQueue((q) => [...q, 'samples']);
    else if (command === 'export-report') {
      // The Report button (and its dialog) exists only once something is loaded.
      if (datasets.length === 0) setProblems(['There is nothing to report on yet: open trace files or a sample first.']);
      else setReportSignal((n) => n + 1);
    } else {
      readDatasets(engine)
        .then(setDatasets, (e: unknown) => setProblems([`The datasets could not be read: ${errorMessage(e)}`]))
        .finally(() => setRevision((r) => r + 1));
    }
  };
  useDesktopEvents({ onFilesOpened: (files) => setQueue((q) => [...q, { files }]), onCommand });

  useEffect(() => {
    const bridge = window.hopscope;
    const [next, ...rest] = queue;
    if (busy || next === undefined || !bridge) return;
    // Taken off before the load starts: its run() marks the page busy in the same render, so this does not start it twice.
    setQueue(rest);
    if (next === 'samples') {
      const missing = SAMPLES.filter((s) => !datasets.some((d) => d.summary.dataset === s.dataset));
      if (missing.length > 0) void openSamples(missing);
      else navigate({ view: 'overview', dataset: SAMPLES[0]!.dataset });
      return;
    }
    // Released when the load is over, also for files it never got to read (cancelled before them).
    void openFiles(next.files.map((file) => desktopFileInput(file, bridge))).finally(() => releaseDesktopFiles(next.files, bridge));
  }, [queue, busy, datasets, openFiles, openSamples, navigate]);

  return { reportSignal };
}

/** Files dropped anywhere on the window open as a new dataset; the page shows where they can go while dragging. */
function useWindowDrop(enabled: boolean, onDrop: (files: File[]) => void): void {
  const latest = useRef(onDrop);
  latest.current = onDrop;
  useEffect(() => {
    const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') ?? false;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = enabled ? 'copy' : 'none';
      document.body.classList.toggle('dragging-files', enabled);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) document.body.classList.remove('dragging-files');
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      document.body.classList.remove('dragging-files');
      const files = [...(e.dataTransfer?.files ?? [])];
      if (enabled && files.length > 0) latest.current(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [enabled]);
}

/** Ctrl/⌘+O opens the file picker from anywhere. */
function useOpenShortcut(): React.RefObject<HTMLInputElement | null> {
  const input = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        input.current?.click();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return input;
}
