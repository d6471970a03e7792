/**
 * "Report": the postmortem report of the loaded datasets, as one
 * self-contained HTML file or as Markdown with PNG images beside it
 * (a zip in the browser build). Two datasets chosen means a comparison
 * (first = baseline). The traces shown in detail are the ones marked
 * "In the report" in the trace view, else each dataset's slowest.
 */
import { useEffect, useRef, useState } from 'react';
import type { HopscopeEngine } from '../../shared/engine/engine-api.js';
import { FIGURE_PALETTES, fileStem } from '../../shared/export/figure.js';
import { reportHtml } from '../../shared/export/report/report-html.js';
import { reportMarkdown } from '../../shared/export/report/report-markdown.js';
import { buildReport } from '../../shared/export/report/report-model.js';
import { rasterizeToBytes } from '../export/rasterize.js';
import { usePickedTraces } from '../export/report-selection.js';
import { saveFile, saveFiles } from '../export/save-file.js';
import { errorMessage } from '../format.js';

interface Props {
  engine: HopscopeEngine;
  datasets: string[];
  /** The dataset on screen: chosen first. */
  current: string | null;
  /** Opens the dialog whenever it changes (the desktop menu's "Export report…"); the value it mounts with does not. */
  openSignal?: number;
}

export function ReportButton({ engine, datasets, current, openSignal = 0 }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const picked = usePickedTraces();
  const [chosen, setChosen] = useState<string[]>([]);
  const [format, setFormat] = useState<'html' | 'md'>('html');
  const [status, setStatus] = useState<{ busy: boolean; text: string; failed?: boolean }>({ busy: false, text: '' });

  const open = () => {
    // The current dataset, and the one before it as the baseline when there are two or more.
    const at = current !== null ? datasets.indexOf(current) : -1;
    const initial = at > 0 ? [datasets[at - 1]!, current!] : datasets.slice(0, 2);
    setChosen(initial);
    setStatus({ busy: false, text: '' });
    dialog.current?.showModal();
  };
  const latestOpen = useRef(open);
  latestOpen.current = open;
  const seenSignal = useRef(openSignal);
  useEffect(() => {
    if (openSignal === seenSignal.current) return;
    seenSignal.current = openSignal;
    if (!dialog.current?.open) latestOpen.current();
  }, [openSignal]);
  const toggle = (d: string) => setChosen((c) => (c.includes(d) ? c.filter((x) => x !== d) : [...c, d]));
  const ordered = datasets.filter((d) => chosen.includes(d));
  const traces = picked.filter((p) => ordered.includes(p.dataset));

  const exportReport = async () => {
    setStatus({ busy: true, text: 'Analysing and drawing…' });
    try {
      const report = await buildReport(engine, {
        datasets: ordered,
        comparison: ordered.length === 2 ? { a: ordered[0]!, b: ordered[1]! } : null,
        traces: [...traces],
        palette: FIGURE_PALETTES.light,
      });
      const stem = fileStem('postmortem', ...ordered);
      let saved: boolean;
      if (format === 'html') saved = await saveFile(`${stem}.html`, reportHtml(report), 'text/html');
      else {
        const md = await reportMarkdown(report, { stem, rasterize: rasterizeToBytes });
        saved = await saveFiles(`${stem}.md`, md.markdown, md.assets, 'text/markdown');
      }
      setStatus({ busy: false, text: saved ? 'Report saved.' : '' });
      if (saved) dialog.current?.close();
    } catch (e) {
      setStatus({ busy: false, text: `The report could not be written: ${errorMessage(e)}`, failed: true });
    }
  };

  return (
    <>
      <button type="button" onClick={open} data-testid="open-report" title="Export a postmortem report (HTML or Markdown)">
        Report
      </button>
      <dialog ref={dialog} className="report-dialog" data-testid="report-dialog" aria-labelledby="report-title">
        <h2 id="report-title">Postmortem report</h2>
        <fieldset>
          <legend>Datasets (two: the first is the baseline of a comparison)</legend>
          {datasets.map((d) => (
            <label key={d}>
              <input
                type="checkbox"
                checked={chosen.includes(d)}
                onChange={() => toggle(d)}
                data-testid="report-dataset"
                data-dataset={d}
              />{' '}
              {d}
            </label>
          ))}
        </fieldset>
        <p className="muted">
          {traces.length > 0
            ? `Critical paths of ${traces.length} trace${traces.length === 1 ? '' : 's'} marked “In the report”.`
            : 'No trace marked “In the report” (trace view): the slowest trace of each dataset is shown.'}
        </p>
        <fieldset>
          <legend>Format</legend>
          <label>
            <input
              type="radio"
              name="report-format"
              checked={format === 'html'}
              onChange={() => setFormat('html')}
              data-testid="report-html"
            />{' '}
            HTML, one self-contained file
          </label>
          <label>
            <input type="radio" name="report-format" checked={format === 'md'} onChange={() => setFormat('md')} data-testid="report-md" />{' '}
            Markdown with PNG images beside it
          </label>
        </fieldset>
        {status.text && (
          <p className={status.failed ? 'problems' : 'muted'} role="status">
            {status.text}
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={status.busy || ordered.length === 0}
            onClick={() => void exportReport()}
            data-testid="report-export"
          >
            {status.busy ? 'Exporting…' : 'Export report'}
          </button>
        </div>
      </dialog>
    </>
  );
}
