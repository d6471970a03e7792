import { useMemo } from 'react';
import type { TraceFilter, TraceRow } from '../../../shared/engine/views-api.js';
import { formatCount } from '../../format.js';
import { DurationScatter } from './DurationScatter.js';
import { applyBrush, isFilterEmpty, sortTraces, type Brush, type TraceSort } from './trace-table-model.js';
import { TraceFilters } from './TraceFilters.js';
import { TraceTable } from './TraceTable.js';
import './traces.css';

export interface TraceListProps {
  /** Traces matching `filter` (the engine filtered them); the brush narrows them further, here. */
  rows: TraceRow[];
  loading: boolean;
  filter: TraceFilter;
  onFilterChange(filter: TraceFilter): void;
  /** For the service / operation pickers. */
  services: string[];
  operations: string[];
  brush: Brush | null;
  onBrushChange(brush: Brush | null): void;
  sort: TraceSort;
  onSortChange(sort: TraceSort): void;
  onOpenTrace(traceId: string): void;
}

/**
 * The trace list: filters, a duration-over-time scatter to brush, and the
 * matching traces as a sortable table. Every trace the filter matched is a dot;
 * the table lists only those inside the brush.
 */
export function TraceList(props: TraceListProps) {
  const { rows, loading, filter, brush, sort } = props;
  // Sorted once per sort or data change; the brush then only filters, keeping the order (cheap while brushing).
  const sorted = useMemo(() => sortTraces(rows, { key: sort.key, descending: sort.descending }), [rows, sort.key, sort.descending]);
  const shown = useMemo(
    () => applyBrush(sorted, brush),
    // The brush by value: a parent may hand over an equal brush as a new object.
    [sorted, brush?.fromNs, brush?.toNs, brush?.minDurationNs, brush?.maxDurationNs],
  );

  const emptyText =
    rows.length > 0
      ? 'No traces in the selected area of the chart.'
      : isFilterEmpty(filter)
        ? 'No traces in this dataset.'
        : 'No traces match these filters.';

  return (
    <section className="trace-list" aria-label="Traces" data-testid="trace-list">
      <TraceFilters filter={filter} onFilterChange={props.onFilterChange} services={props.services} operations={props.operations} />
      <DurationScatter rows={rows} brush={brush} onBrushChange={props.onBrushChange} onOpenTrace={props.onOpenTrace} />
      <div className="trace-list-status">
        <span data-testid="trace-count" aria-live="polite">
          {brush
            ? `${formatCount(shown.length)} of ${formatCount(rows.length)} traces`
            : `${formatCount(rows.length)} ${rows.length === 1 ? 'trace' : 'traces'}`}
        </span>
        {loading && <span className="spinner" role="status" aria-label="Loading traces" />}
        {brush && (
          <button type="button" className="trace-list-brush-clear" onClick={() => props.onBrushChange(null)} data-testid="brush-clear">
            Clear chart selection
          </button>
        )}
      </div>
      <TraceTable
        rows={shown}
        loading={loading}
        emptyText={emptyText}
        sort={sort}
        onSortChange={props.onSortChange}
        onOpenTrace={props.onOpenTrace}
      />
    </section>
  );
}
