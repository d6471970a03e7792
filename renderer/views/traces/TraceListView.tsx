/**
 * The trace list as a route: reads the traces matching the URL's filter
 * from the engine (the filter runs in SQL; the brush and the sort run here,
 * on the rows already read) and writes every change back to the URL.
 */
import { OPERATIONS_SQL } from '../../../shared/db/views.sql.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import type { TraceFilter } from '../../../shared/engine/views-api.js';
import { DEFAULT_TRACE_SETTINGS, type Brush, type TraceSort } from '../../routing/route.js';
import type { Navigate } from '../../routing/use-route.js';
import { useAsync } from '../../use-async.js';
import { TraceList } from './TraceList.js';

interface Props {
  engine: HopscopeEngine;
  dataset: string;
  filter: TraceFilter;
  sort: TraceSort;
  brush: Brush | null;
  revision: number;
  navigate: Navigate;
}

export function TraceListView({ engine, dataset, filter, sort, brush, revision, navigate }: Props) {
  const filterKey = JSON.stringify(filter, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  const rows = useAsync(() => engine.traces(dataset, filter), [engine, dataset, filterKey, revision]);
  const pickers = useAsync(async () => {
    const services = (await engine.services(dataset)).map((s) => s.service).sort((a, b) => a.localeCompare(b));
    const operations = (await engine.query(OPERATIONS_SQL(dataset))).rows.map((r) => r.name as string);
    return { services, operations };
  }, [engine, dataset, revision]);
  const go = (next: { filter?: TraceFilter; sort?: TraceSort; brush?: Brush | null }, replace = false) =>
    navigate(
      {
        view: 'traces',
        dataset,
        filter: next.filter ?? filter,
        sort: next.sort ?? sort,
        brush: next.brush === undefined ? brush : next.brush,
      },
      { replace },
    );
  return (
    <section data-testid="trace-list-view">
      {rows.state === 'failed' && (
        <p className="problems" role="alert">
          The traces could not be read: {rows.error}
        </p>
      )}
      <TraceList
        rows={rows.state === 'ready' ? rows.value : []}
        loading={rows.state === 'loading'}
        filter={filter}
        onFilterChange={(f) => go({ filter: f, brush: null })}
        services={pickers.state === 'ready' ? pickers.value.services : []}
        operations={pickers.state === 'ready' ? pickers.value.operations : []}
        brush={brush}
        onBrushChange={(b) => go({ brush: b }, true)}
        sort={sort}
        onSortChange={(s) => go({ sort: s }, true)}
        onOpenTrace={(traceId) => navigate({ view: 'trace', dataset, traceId, spanId: null, settings: { ...DEFAULT_TRACE_SETTINGS } })}
      />
    </section>
  );
}
