import { useId, type KeyboardEvent, type ReactNode } from 'react';
import type { TraceFilter } from '../../../shared/engine/views-api.js';
import { formatCountOf } from '../../format.js';
import { formatDurationNs, formatTimeOfDayNs, formatTimestampNs } from './format-duration.js';
import { durationToInputText, isFilterEmpty, parseAttributeFilter, parseDuration, withFilterField } from './trace-table-model.js';
import { useDebouncedField, type DebouncedField, type FieldParse } from './use-debounced-field.js';

interface Props {
  filter: TraceFilter;
  onFilterChange(filter: TraceFilter): void;
  services: string[];
  operations: string[];
}

type Attribute = NonNullable<TraceFilter['attribute']>;

const parseMinDuration = (text: string): FieldParse<number> => {
  if (text.trim() === '') return { ok: true, value: undefined };
  const ns = parseDuration(text);
  return ns === null ? { ok: false } : { ok: true, value: ns };
};

const parseOperation = (text: string): FieldParse<string> => ({ ok: true, value: text.trim() || undefined });

const parseAttribute = (text: string): FieldParse<Attribute> => {
  if (text.trim() === '') return { ok: true, value: undefined };
  const attribute = parseAttributeFilter(text);
  return attribute ? { ok: true, value: attribute } : { ok: false };
};

/** The filter bar: pickers apply at once, text fields after a pause in typing. */
export function TraceFilters({ filter, onFilterChange, services, operations }: Props) {
  const id = useId();
  const set = <K extends keyof TraceFilter>(key: K, value: TraceFilter[K] | undefined) =>
    onFilterChange(withFilterField(filter, key, value));

  const minDuration = useDebouncedField<number>({
    applied: filter.minDurationNs,
    toText: (ns) => (ns === undefined ? '' : durationToInputText(ns)),
    parse: parseMinDuration,
    apply: (ns) => set('minDurationNs', ns),
  });
  const operation = useDebouncedField<string>({
    applied: filter.operation,
    toText: (name) => name ?? '',
    parse: parseOperation,
    apply: (name) => set('operation', name),
  });
  const attribute = useDebouncedField<Attribute>({
    applied: filter.attribute,
    toText: (a) => (a ? `${a.key}=${a.value}` : ''),
    parse: parseAttribute,
    apply: (a) => set('attribute', a),
  });

  const clear = () => {
    for (const field of [minDuration, operation, attribute]) field.reset('');
    onFilterChange({});
  };

  // A service set elsewhere (a finding, another view) may not be in the list: it stays choosable, so the picker shows it.
  const serviceChoices = filter.service && !services.includes(filter.service) ? [filter.service, ...services] : services;
  const errorChoice = filter.hasError === undefined ? 'any' : filter.hasError ? 'errors' : 'no-errors';

  return (
    <div className="trace-filters" role="search" aria-label="Filter traces">
      <Field label="Service" htmlFor={`${id}-service`}>
        <select
          id={`${id}-service`}
          value={filter.service ?? ''}
          onChange={(event) => set('service', event.target.value || undefined)}
          data-testid="filter-service"
        >
          <option value="">any</option>
          {serviceChoices.map((service) => (
            <option key={service} value={service}>
              {service}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Operation" htmlFor={`${id}-operation`}>
        <TextField id={`${id}-operation`} field={operation} placeholder="any" list={`${id}-operations`} testId="filter-operation" />
        <datalist id={`${id}-operations`}>
          {operations.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </Field>
      <Field
        label="Min duration"
        htmlFor={`${id}-min-duration`}
        error={minDuration.invalid ? 'Use a duration like 250ms, 1.5s or 800us' : null}
        errorId={`${id}-min-duration-error`}
      >
        <TextField
          id={`${id}-min-duration`}
          field={minDuration}
          placeholder="e.g. 250ms"
          size={9}
          errorId={`${id}-min-duration-error`}
          testId="filter-min-duration"
        />
      </Field>
      <Field label="Errors" htmlFor={`${id}-error`}>
        <select
          id={`${id}-error`}
          value={errorChoice}
          onChange={(event) => set('hasError', event.target.value === 'any' ? undefined : event.target.value === 'errors')}
          data-testid="filter-error"
        >
          <option value="any">any</option>
          <option value="errors">errors only</option>
          <option value="no-errors">no errors</option>
        </select>
      </Field>
      <Field
        label="Attribute"
        htmlFor={`${id}-attribute`}
        error={attribute.invalid ? 'Use key=value' : null}
        errorId={`${id}-attribute-error`}
      >
        <TextField
          id={`${id}-attribute`}
          field={attribute}
          placeholder="key=value"
          errorId={`${id}-attribute-error`}
          testId="filter-attribute"
        />
      </Field>
      <button type="button" className="trace-filters-clear" onClick={clear} disabled={isFilterEmpty(filter)} data-testid="filter-clear">
        Clear
      </button>
      <FilterChips filter={filter} onFilterChange={onFilterChange} />
    </div>
  );
}

function Field({
  label,
  htmlFor,
  error = null,
  errorId,
  children,
}: {
  label: string;
  htmlFor: string;
  error?: string | null;
  errorId?: string;
  children: ReactNode;
}) {
  return (
    <div className="trace-filter">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error && (
        <span id={errorId} className="trace-filter-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

interface TextFieldProps {
  id: string;
  field: DebouncedField;
  placeholder: string;
  testId: string;
  list?: string;
  size?: number;
  errorId?: string;
}

function TextField({ id, field, placeholder, testId, list, size, errorId }: TextFieldProps) {
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') field.flush();
  };
  return (
    <input
      id={id}
      type="text"
      value={field.text}
      placeholder={placeholder}
      list={list}
      size={size}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={field.invalid}
      aria-describedby={field.invalid ? errorId : undefined}
      onChange={(event) => field.onTextChange(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={field.flush}
      data-testid={testId}
    />
  );
}

/** Parts of the filter set from elsewhere, with no field of their own here: shown, and removable one by one. */
function FilterChips({ filter, onFilterChange }: Pick<Props, 'filter' | 'onFilterChange'>) {
  const without =
    (...keys: (keyof TraceFilter)[]) =>
    () =>
      onFilterChange(keys.reduce((next, key) => withFilterField(next, key, undefined), filter));
  const chips: { key: string; text: string; title?: string; remove(): void; testId: string }[] = [];
  if (filter.traceIds) {
    chips.push({
      key: 'traceIds',
      text: `${formatCountOf(filter.traceIds.length, 'trace')} from a finding`,
      remove: without('traceIds'),
      testId: 'filter-trace-ids',
    });
  }
  if (filter.edge) {
    const e = filter.edge;
    chips.push({
      key: 'edge',
      text: `Calls ${e.from} → ${e.to}${e.mode ? ` (${e.mode})` : ''}`,
      title: 'Traces that make this call of the service map',
      remove: without('edge'),
      testId: 'filter-edge',
    });
  }
  if (filter.peer !== undefined) {
    chips.push({
      key: 'peer',
      text: `Calls ${filter.peer}`,
      title: 'Traces with a client or producer span naming this callee (not instrumented, or a messaging destination)',
      remove: without('peer'),
      testId: 'filter-peer',
    });
  }
  if (filter.fromNs !== undefined || filter.toNs !== undefined) {
    const from = filter.fromNs === undefined ? 'the start' : formatTimeOfDayNs(filter.fromNs);
    const to = filter.toNs === undefined ? 'the end' : formatTimeOfDayNs(filter.toNs);
    chips.push({
      key: 'time',
      text: `Started ${from} – ${to} UTC`,
      title: [filter.fromNs, filter.toNs].map((ns) => (ns === undefined ? '…' : formatTimestampNs(ns))).join(' → '),
      remove: without('fromNs', 'toNs'),
      testId: 'filter-time-range',
    });
  }
  if (filter.maxDurationNs !== undefined) {
    chips.push({
      key: 'max',
      text: `At most ${formatDurationNs(filter.maxDurationNs)}`,
      remove: without('maxDurationNs'),
      testId: 'filter-max-duration',
    });
  }
  return chips.map((chip) => (
    <span key={chip.key} className="trace-filter-chip" title={chip.title} data-testid={chip.testId}>
      {chip.text}
      <button type="button" onClick={chip.remove} aria-label={`Remove filter: ${chip.text}`} data-testid={`${chip.testId}-remove`}>
        ×
      </button>
    </span>
  ));
}
