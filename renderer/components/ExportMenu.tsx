/**
 * "Export" on every view: the image as PNG (2×) or SVG, or copied to the
 * clipboard, plus any data exports the view offers (Parquet, OTLP JSON, …).
 * The figure is built only when asked for (from the view's data through the
 * shared drawing code), never on every render.
 */
import { useEffect, useRef, useState } from 'react';
import type { Figure, FigurePalette } from '../../shared/export/figure.js';
import { FIGURE_PALETTES } from '../../shared/export/figure.js';
import { saveFile } from '../export/save-file.js';
import { copyFigure, rasterizeFigure } from '../export/rasterize.js';
import { useTheme } from '../hooks/use-theme.js';

export interface DataExport {
  label: string;
  run(): Promise<void>;
}

interface Props {
  /** What the image is, for the button's title ("service map"). */
  what: string;
  figure(palette: FigurePalette): Figure | Promise<Figure>;
  data?: DataExport[];
  testId?: string;
}

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'failed'; text: string };

/** PNG, SVG and Copy image come first; a rule separates the view's data exports after them. */
const IMAGE_ITEMS = 3;

export function ExportMenu({ what, figure, data = [], testId = 'export-menu' }: Props) {
  const theme = useTheme();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  const run = async (action: () => Promise<string | null>) => {
    setOpen(false);
    setStatus({ kind: 'busy' });
    try {
      const done = await action();
      setStatus(done ? { kind: 'done', text: done } : { kind: 'idle' });
    } catch (e) {
      setStatus({ kind: 'failed', text: e instanceof Error ? e.message : String(e) });
    }
  };
  const build = async () => figure(FIGURE_PALETTES[theme]);
  const items: { label: string; testId: string; action(): Promise<string | null> }[] = [
    {
      label: 'Export as PNG',
      testId: 'export-png',
      action: async () => {
        const f = await build();
        return (await saveFile(`${f.name}.png`, await rasterizeFigure(f), 'image/png')) ? `Saved ${f.name}.png` : null;
      },
    },
    {
      label: 'Export as SVG',
      testId: 'export-svg',
      action: async () => {
        const f = await build();
        return (await saveFile(`${f.name}.svg`, f.svg, 'image/svg+xml')) ? `Saved ${f.name}.svg` : null;
      },
    },
    {
      label: 'Copy image',
      testId: 'export-copy',
      action: async () => {
        await copyFigure(await build());
        return 'Copied to the clipboard';
      },
    },
    ...data.map((d, i) => ({
      label: d.label,
      testId: `export-data-${i}`,
      action: async () => {
        await d.run();
        return null;
      },
    })),
  ];

  return (
    <div className="export-menu" ref={root} data-testid={testId}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title={`Export the ${what}`}
        disabled={status.kind === 'busy'}
      >
        {status.kind === 'busy' ? 'Exporting…' : 'Export ▾'}
      </button>
      {open && (
        <ul role="menu" className="export-items">
          {items.map((item, i) => (
            <li key={item.label} role="none">
              {i === IMAGE_ITEMS && <hr />}
              <button type="button" role="menuitem" data-testid={item.testId} onClick={() => void run(item.action)}>
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
      {(status.kind === 'done' || status.kind === 'failed') && (
        <span className={status.kind === 'failed' ? 'export-status problems' : 'export-status muted'} role="status">
          {status.text}
        </span>
      )}
    </div>
  );
}
