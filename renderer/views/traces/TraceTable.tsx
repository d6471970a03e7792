import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TraceRow } from '../../../shared/engine/views-api.js';
import { formatCount } from '../../format.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import { formatDurationNs, formatTimeOfDayNs, formatTimestampNs } from './format-duration.js';
import { nextSort, scrollTopToReveal, visibleRange, type TraceSort, type TraceSortKey } from './trace-table-model.js';

/** Fixed, so a row's position is index × height and only the rows in view need to exist. */
export const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 30;
/** Rows rendered beyond each edge of the viewport, so a quick scroll shows rows, not a gap. */
const OVERSCAN = 8;
/** Before the first measurement (and where layout is unavailable): enough rows to fill a typical screen. */
const FALLBACK_VIEWPORT = 600;

interface Column {
  key: TraceSortKey;
  label: string;
  title?: string;
  numeric: boolean;
}

const COLUMNS: Column[] = [
  { key: 'root', label: 'Root', title: 'Service and operation of the root span', numeric: false },
  { key: 'start', label: 'Start (UTC)', numeric: true },
  { key: 'duration', label: 'Duration', numeric: true },
  { key: 'spans', label: 'Spans', numeric: true },
  { key: 'services', label: 'Services', numeric: true },
  { key: 'errors', label: 'Errors', title: 'Spans whose status is ERROR', numeric: true },
  {
    key: 'syncChain',
    label: 'Sync chain',
    title: 'Longest chain of services called one after another while the caller waits',
    numeric: true,
  },
];

interface Props {
  /** The rows to show, already sorted and brushed. */
  rows: readonly TraceRow[];
  loading: boolean;
  /** What to say when there are no rows (and nothing is loading). */
  emptyText: string;
  sort: TraceSort;
  onSortChange(sort: TraceSort): void;
  onOpenTrace(traceId: string): void;
}

/**
 * The traces as a virtualised grid: a sticky header, and only the rows in
 * view (plus a few) in the DOM, placed by index inside a spacer as tall as all
 * of them. The grid takes focus: ↑/↓ (PgUp/PgDn, Home/End) move the
 * highlighted row, Enter opens it.
 */
export function TraceTable({ rows, loading, emptyText, sort, onSortChange, onOpenTrace }: Props) {
  const gridRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const { height } = useContentSize(gridRef);
  const [scrollTop, setScrollTop] = useState(0);
  // The highlighted trace by id, so it stays highlighted when the rows are re-sorted or narrowed.
  const [activeId, setActiveId] = useState<string | null>(null);
  const bodyHeight = Math.max(ROW_HEIGHT, (height > 0 ? height : FALLBACK_VIEWPORT) - HEADER_HEIGHT);
  const { first, last } = visibleRange(scrollTop, bodyHeight, ROW_HEIGHT, rows.length, OVERSCAN);

  const revealIndex = (index: number) => {
    const grid = gridRef.current;
    if (grid) grid.scrollTop = scrollTopToReveal(index, ROW_HEIGHT, grid.scrollTop, bodyHeight);
  };

  // New rows (another sort, filter or brush): keep the highlighted trace in view when it is still listed, else start at the top.
  const shownRows = useRef(rows);
  useEffect(() => {
    if (shownRows.current === rows) return; // The first render: nothing to move yet.
    shownRows.current = rows;
    const index = activeId === null ? -1 : rows.findIndex((row) => row.traceId === activeId);
    if (index >= 0) revealIndex(index);
    else if (gridRef.current) gridRef.current.scrollTop = 0;
    // Only new rows move the scroll position; a highlight moved by the keyboard scrolls itself.
  }, [rows]);

  const activeIndex = activeId === null ? -1 : rows.findIndex((row) => row.traceId === activeId);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the header's sort buttons are theirs.
    if (event.target !== event.currentTarget || rows.length === 0) return;
    const page = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
    // Without a highlight yet, the arrows start from the top row in view.
    const topInView = Math.floor(event.currentTarget.scrollTop / ROW_HEIGHT);
    const from = activeIndex;
    const moves: Record<string, () => number> = {
      ArrowDown: () => (from < 0 ? topInView : from + 1),
      ArrowUp: () => (from < 0 ? topInView : from - 1),
      PageDown: () => (from < 0 ? topInView : from + page),
      PageUp: () => (from < 0 ? topInView : from - page),
      Home: () => 0,
      End: () => rows.length - 1,
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      const index = Math.min(rows.length - 1, Math.max(0, move()));
      setActiveId(rows[index]!.traceId);
      revealIndex(index);
    } else if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      onOpenTrace(rows[activeIndex]!.traceId);
    }
  };

  const visible: TraceRow[] = rows.slice(first, last + 1);
  const rowId = (index: number) => `${idPrefix}-row-${index}`;
  const activeRendered = activeIndex >= first && activeIndex <= last;

  return (
    <div
      ref={gridRef}
      className={`trace-table${loading ? ' loading' : ''}`}
      role="grid"
      aria-label="Traces"
      aria-readonly="true"
      aria-rowcount={rows.length + 1}
      aria-colcount={COLUMNS.length}
      aria-busy={loading}
      aria-activedescendant={activeRendered ? rowId(activeIndex) : undefined}
      tabIndex={0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      data-testid="trace-table-body"
    >
      <div role="rowgroup" className="trace-table-head">
        <div role="row" aria-rowindex={1} className="trace-table-row" style={{ height: HEADER_HEIGHT }}>
          {COLUMNS.map((column) => (
            <SortHeader key={column.key} column={column} sort={sort} onSort={() => onSortChange(nextSort(sort, column.key))} />
          ))}
        </div>
      </div>
      <div role="rowgroup" className="trace-table-body" style={{ height: rows.length * ROW_HEIGHT }}>
        {visible.map((row, offset) => {
          const index = first + offset;
          return (
            <TraceTableRow
              key={row.traceId}
              id={rowId(index)}
              row={row}
              index={index}
              active={index === activeIndex}
              onOpen={() => {
                setActiveId(row.traceId);
                onOpenTrace(row.traceId);
              }}
            />
          );
        })}
      </div>
      {rows.length === 0 && (
        <div className="trace-table-empty" role="row">
          <div role="gridcell" data-testid={loading ? 'trace-loading' : 'trace-empty'}>
            {loading ? 'Loading traces…' : emptyText}
          </div>
        </div>
      )}
    </div>
  );
}

function SortHeader({ column, sort, onSort }: { column: Column; sort: TraceSort; onSort(): void }) {
  const sorted = sort.key === column.key;
  const direction = sorted ? (sort.descending ? 'descending' : 'ascending') : 'none';
  return (
    // The whole cell sorts on a click; the button inside makes it reachable and usable with the keyboard.
    <div
      role="columnheader"
      aria-sort={direction}
      className={`trace-table-header${column.numeric ? ' numeric' : ''}${sorted ? ' sorted' : ''}`}
      title={column.title}
      onClick={onSort}
      data-testid={`sort-${column.key}`}
    >
      <button type="button" className="trace-table-sort">
        {column.label}
        <span className="trace-table-sort-arrow" aria-hidden="true">
          {sorted ? (sort.descending ? '▼' : '▲') : ''}
        </span>
      </button>
    </div>
  );
}

interface RowProps {
  id: string;
  row: TraceRow;
  index: number;
  active: boolean;
  onOpen(): void;
}

function TraceTableRow({ id, row, index, active, onOpen }: RowProps) {
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      className={`trace-table-row trace-table-item${active ? ' active' : ''}${index % 2 === 1 ? ' odd' : ''}`}
      style={{ height: ROW_HEIGHT, transform: `translateY(${index * ROW_HEIGHT}px)` }}
      title={`Open trace ${row.traceId}`}
      onClick={onOpen}
      data-testid="trace-row"
      data-trace-id={row.traceId}
    >
      <div role="gridcell" className="trace-root" title={`${row.rootService} ${row.rootOperation}\n${row.traceId}`}>
        <span className="trace-root-service">{row.rootService}</span> <span className="trace-root-operation">{row.rootOperation}</span>
      </div>
      <div role="gridcell" className="numeric" title={formatTimestampNs(row.startNs)}>
        {formatTimeOfDayNs(row.startNs)}
      </div>
      <div role="gridcell" className="numeric">
        {formatDurationNs(row.durationNs)}
      </div>
      <div role="gridcell" className="numeric">
        {formatCount(row.spans)}
      </div>
      <div role="gridcell" className="numeric">
        {formatCount(row.services)}
      </div>
      <div role="gridcell" className={`numeric${row.errors > 0 ? ' trace-errors' : ''}`}>
        {formatCount(row.errors)}
      </div>
      <div role="gridcell" className="numeric" title={row.syncChain === 0 ? 'Not analysed yet' : undefined}>
        {row.syncChain === 0 ? '—' : formatCount(row.syncChain)}
      </div>
    </div>
  );
}
