/**
 * A table as an image: the hotspot tables, and the tables inside the
 * comparison figure. Column widths come from the content (the widest cell or
 * header, each capped), shrunk fairly when the table is wider than allowed:
 * narrow columns keep their width, the wide ones share what is left. Cells
 * that still do not fit are cut with an ellipsis and keep their full text as
 * a hover <title>.
 *
 *   service    operation      calls       loops   time at stake   ← header (bold, muted)
 *   ─────────────────────────────────────────────────────────────
 *   inventory  reserve        postgre…       412        1.21 s    ← rows, striped
 *   order      place          payment         37       88.0 ms
 *   12 more rows not shown                                        ← beyond maxRows
 *
 * Numbers align right, text left, as in the app.
 */
import { composeFigure, type Figure, type FigurePalette, type KeyNumber } from '../figure.js';
import { el, fitText, text, textWidth, title, type Attrs } from '../svg.js';
import { formatCount, wrapText } from './figure-text.js';

export interface TableColumn {
  label: string;
  align?: 'left' | 'right';
}

/** A cell: its text, or its text with a colour (a significant change) or in bold. */
export type TableCell = string | { text: string; fill?: string; bold?: boolean };

export interface TableOptions {
  palette: FigurePalette;
  /** The table is never wider than this. */
  maxWidth: number;
  /** Attributes of each body row's <g> besides data-role="row" (e.g. which percentile it is). */
  rowAttrs?(index: number): Attrs;
}

export interface TableDrawing {
  svg: string;
  width: number;
  height: number;
  /** The width every cell would need: more than `width` when some were cut to fit maxWidth. */
  naturalWidth: number;
}

const FONT_SIZE = 12;
const ROW_HEIGHT = 22;
const CELL_PAD = 8;
/** No column is wider than this, however long its cells. */
const MAX_COLUMN = 320;
const MIN_COLUMN = 36;

export function drawTable(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], options: TableOptions): TableDrawing {
  const p = options.palette;
  const natural = naturalWidths(columns, rows);
  const widths = fairShares(natural, options.maxWidth);
  const width = widths.reduce((sum, w) => sum + w, 0);
  const lefts = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w, 0));

  const cell = (content: TableCell, column: number, y: number, header: boolean): string => {
    const { text: full, fill, bold } = typeof content === 'string' ? { text: content, fill: undefined, bold: undefined } : content;
    const strong = header || bold === true;
    const shown = fitText(full, widths[column]! - 2 * CELL_PAD, FONT_SIZE, strong);
    if (shown === '') return '';
    const right = columns[column]!.align === 'right';
    const x = right ? lefts[column]! + widths[column]! - CELL_PAD : lefts[column]! + CELL_PAD;
    const drawn = text(x, y + 15, shown, {
      'font-size': FONT_SIZE,
      'font-weight': strong ? 700 : undefined,
      fill: header ? p.muted : (fill ?? p.fg),
      'text-anchor': right ? 'end' : undefined,
    });
    // Cut text keeps its full value on hover.
    return shown === full ? drawn : el('g', {}, title(full), drawn);
  };

  const parts: string[] = [
    el(
      'g',
      { 'data-role': 'header' },
      ...columns.map((c, i) => cell(c.label, i, 0, true)),
      el('line', { x1: 0, y1: ROW_HEIGHT - 0.5, x2: width, y2: ROW_HEIGHT - 0.5, stroke: p.border }),
    ),
  ];
  rows.forEach((row, r) => {
    const y = ROW_HEIGHT * (r + 1);
    parts.push(
      el(
        'g',
        { 'data-role': 'row', ...options.rowAttrs?.(r) },
        // Every other row striped: long rows of numbers are easier to follow across.
        r % 2 === 1 && el('rect', { x: 0, y, width, height: ROW_HEIGHT, fill: p.panel }),
        ...columns.map((_, i) => cell(row[i] ?? '', i, y, false)),
      ),
    );
  });
  return { svg: parts.join(''), width, height: ROW_HEIGHT * (rows.length + 1), naturalWidth: natural.reduce((sum, w) => sum + w, 0) };
}

/** Each column's width: its widest cell (header included) plus padding, capped. */
function naturalWidths(columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[]): number[] {
  return columns.map((c, i) => {
    let w = textWidth(c.label, FONT_SIZE, true);
    for (const row of rows) {
      const content = row[i] ?? '';
      const bold = typeof content !== 'string' && content.bold === true;
      w = Math.max(w, textWidth(typeof content === 'string' ? content : content.text, FONT_SIZE, bold));
    }
    return Math.ceil(Math.min(MAX_COLUMN, Math.max(MIN_COLUMN, w + 2 * CELL_PAD)));
  });
}

/**
 * The widths when the natural ones add up to more than maxWidth: a max-min
 * fair share. Going from the narrowest column up, each keeps its width if it
 * is within an equal share of what is left, else gets that share.
 */
function fairShares(natural: readonly number[], maxWidth: number): number[] {
  if (natural.reduce((sum, w) => sum + w, 0) <= maxWidth) return [...natural];
  const widths = [...natural];
  let left = maxWidth;
  const order = natural.map((w, i) => [w, i] as const).sort((a, b) => a[0] - b[0]);
  order.forEach(([w, i], k) => {
    const share = left / (order.length - k);
    widths[i] = Math.floor(Math.min(w, share));
    left -= widths[i]!;
  });
  return widths;
}

// ── The table figure ────────────────────────────────────────────────────────

export interface TableFigureSpec {
  name: string;
  title: string;
  subtitle: string;
  columns: TableColumn[];
  rows: string[][];
  numbers?: KeyNumber[];
  palette: FigurePalette;
  /** Rows drawn; the rest are counted in a note under the table. Default 40. */
  maxRows?: number;
  /** What the table shows and how to read it, wrapped under the table. */
  note?: string;
  /** The table's width limit in px. Default 1100. */
  maxWidth?: number;
}

const DEFAULT_MAX_ROWS = 40;
const DEFAULT_MAX_WIDTH = 1100;
const NOTE_SIZE = 12;
const NOTE_LINE = 16;

export function tableFigure(spec: TableFigureSpec): Figure {
  const p = spec.palette;
  const maxRows = Math.max(1, Math.floor(spec.maxRows ?? DEFAULT_MAX_ROWS));
  const maxWidth = spec.maxWidth ?? DEFAULT_MAX_WIDTH;
  const shown = spec.rows.slice(0, maxRows);
  const parts: string[] = [];
  let width: number;
  let y: number;
  if (spec.rows.length === 0) {
    parts.push(text(0, 16, 'None found.', { 'font-size': 13, fill: p.muted, 'data-role': 'empty' }));
    width = Math.min(maxWidth, 400);
    y = 24;
  } else {
    const table = drawTable(spec.columns, shown, { palette: p, maxWidth });
    parts.push(el('g', { 'data-role': 'table' }, table.svg));
    width = table.width;
    y = table.height;
    const hidden = spec.rows.length - shown.length;
    if (hidden > 0) {
      y += NOTE_LINE + 2;
      parts.push(
        text(CELL_PAD, y, `${formatCount(hidden)} more ${hidden === 1 ? 'row' : 'rows'} not shown`, {
          'font-size': NOTE_SIZE,
          fill: p.muted,
          'font-style': 'italic',
          'data-role': 'more',
        }),
      );
    }
  }
  if (spec.note) {
    // The note wraps to the table, but never narrower than a readable line.
    const lines = wrapText(spec.note, Math.max(width, Math.min(maxWidth, 480)), NOTE_SIZE);
    width = Math.max(width, ...lines.map((l) => Math.ceil(textWidth(l, NOTE_SIZE))));
    y += 8;
    parts.push(
      el(
        'g',
        { 'data-role': 'note' },
        ...lines.map((line, i) => text(0, y + NOTE_LINE * (i + 1) - 4, line, { 'font-size': NOTE_SIZE, fill: p.muted })),
      ),
    );
    y += NOTE_LINE * lines.length;
  }
  return composeFigure({
    name: spec.name,
    title: spec.title,
    subtitle: spec.subtitle,
    numbers: spec.numbers ?? [{ label: 'rows', value: formatCount(spec.rows.length) }],
    legend: [],
    body: { svg: parts.join(''), width, height: Math.ceil(y + 4) },
    palette: p,
  });
}
