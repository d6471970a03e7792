import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { SchemaColumn } from '../../../shared/engine/console-api.js';
import { useContentSize } from '../../hooks/canvas-env.js';
import { visibleRange } from '../traces/trace-table-model.js';
import { cellDisplay, columnWidths, isNumericType } from './sql-console-model.js';

/** Fixed, so a row's position is index × height and only the rows in view need to exist (as in the trace table). */
export const RESULT_ROW_HEIGHT = 26;
const HEADER_HEIGHT = 40;
/** Rows rendered beyond each edge of the viewport, so a quick scroll shows rows, not a gap. */
const OVERSCAN = 8;
/** Before the first measurement (and where layout is unavailable): enough rows to fill a typical screen. */
const FALLBACK_VIEWPORT = 600;

interface Props {
  columns: readonly SchemaColumn[];
  rows: readonly (readonly unknown[])[];
}

/**
 * A query's result as a virtualised table: a sticky header with each
 * column's name and type, and only the rows in view (plus a few) in the DOM,
 * placed by index inside a spacer as tall as all of them. It scrolls both
 * ways; columns start as wide as their first values (within bounds).
 */
export function ResultTable({ columns, rows }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height } = useContentSize(scrollRef);
  const [scrollTop, setScrollTop] = useState(0);
  const widths = useMemo(() => columnWidths(columns, rows), [columns, rows]);
  const numeric = useMemo(() => columns.map((column) => isNumericType(column.type)), [columns]);
  const totalWidth = widths.reduce((sum, width) => sum + width, 0);
  const bodyHeight = Math.max(RESULT_ROW_HEIGHT, (height > 0 ? height : FALLBACK_VIEWPORT) - HEADER_HEIGHT);
  const { first, last } = visibleRange(scrollTop, bodyHeight, RESULT_ROW_HEIGHT, rows.length, OVERSCAN);

  // A new result starts at its top-left corner.
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element) {
      element.scrollTop = 0;
      element.scrollLeft = 0;
    }
    setScrollTop(0);
  }, [rows, columns]);

  const visible = rows.slice(first, last + 1);

  return (
    <div
      ref={scrollRef}
      className="sql-results"
      role="table"
      aria-label="Query result"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      tabIndex={0}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      data-testid="sql-results"
    >
      <div role="rowgroup" className="sql-results-head" style={{ width: totalWidth }}>
        <div role="row" aria-rowindex={1} className="sql-results-row" style={{ height: HEADER_HEIGHT }}>
          {columns.map((column, i) => (
            <div
              key={i}
              role="columnheader"
              className={`sql-results-header${numeric[i] ? ' numeric' : ''}`}
              style={{ width: widths[i] }}
              title={`${column.name}\n${column.type}`}
            >
              <span className="sql-results-name">{column.name}</span>
              <span className="sql-results-type">{column.type}</span>
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="sql-results-body" style={{ height: rows.length * RESULT_ROW_HEIGHT, width: totalWidth }}>
        {visible.map((row, offset) => {
          const index = first + offset;
          return (
            <div
              // Rows have no identity of their own; by index is right, as a new result replaces them all.
              key={index}
              role="row"
              aria-rowindex={index + 2}
              className={`sql-results-row sql-results-item${index % 2 === 1 ? ' odd' : ''}`}
              style={{ height: RESULT_ROW_HEIGHT, transform: `translateY(${index * RESULT_ROW_HEIGHT}px)` }}
              data-testid="sql-row"
            >
              {columns.map((_column, i) => (
                <ResultCell key={i} value={row[i]} width={widths[i]!} numeric={numeric[i]!} />
              ))}
            </div>
          );
        })}
      </div>
      {rows.length === 0 && (
        <p className="sql-results-empty" data-testid="sql-results-empty">
          No rows.
        </p>
      )}
    </div>
  );
}

function ResultCell({ value, width, numeric }: { value: unknown; width: number; numeric: boolean }) {
  const shown = cellDisplay(value);
  if (shown === null) {
    return (
      <div role="cell" className="sql-results-cell sql-null" style={{ width }}>
        NULL
      </div>
    );
  }
  return (
    <div role="cell" className={`sql-results-cell${numeric ? ' numeric' : ''}`} style={{ width }} title={shown.title}>
      {shown.text}
    </div>
  );
}
