/**
 * The SQL console: read-only SQL against the loaded tables. The schema is
 * listed beside the editor (a click puts a name into it), the result shows
 * in a virtualised table, a refusal or DuckDB's error shows under the editor,
 * the statements that ran are remembered (localStorage), and the result can
 * be saved as CSV.
 *
 * Statements are checked here as well as in the engine, so a refusal shows
 * at once instead of after a round trip to the worker.
 */
import { useEffect, useRef, useState } from 'react';
import { checkReadOnly } from '../../../shared/db/read-only-sql.js';
import { DEFAULT_CONSOLE_ROWS, type ConsoleResult, type SchemaTable } from '../../../shared/engine/console-api.js';
import type { HopscopeEngine } from '../../../shared/engine/engine-api.js';
import { toCsv } from '../../../shared/text/csv.js';
import { saveFile } from '../../export/save-file.js';
import { errorMessage, formatCount } from '../../format.js';
import { useAsync, type Loaded } from '../../use-async.js';
import { ResultTable } from './ResultTable.js';
import { SqlEditor, type SqlEditorHandle } from './SqlEditor.js';
import { EXAMPLE_QUERIES, sqlName, statusText, tableInsertion } from './sql-console-model.js';
import { addToHistory, loadHistory, saveHistory } from './sql-history.js';
import './sql-console.css';

export const CSV_FILE_NAME = 'hopscope-query.csv';

const NO_TABLES: readonly SchemaTable[] = [];

/** localStorage, or nothing where the page may not use it (the history is then kept for the session only). */
function historyStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

interface Props {
  engine: HopscopeEngine;
  /** Changes when datasets are loaded or removed: the schema is read again. */
  revision: number;
  initialSql: string;
  onSqlChange(sql: string): void;
}

type Run = { state: 'idle' } | { state: 'running'; previous: ConsoleResult | null } | { state: 'done'; result: ConsoleResult };

export function SqlConsoleView({ engine, revision, initialSql, onSqlChange }: Props) {
  const schema = useAsync(() => engine.schema(), [engine, revision]);
  const tables = schema.state === 'ready' ? schema.value : NO_TABLES;
  const [sql, setSql] = useState(initialSql);
  // What the editor holds now, for Ctrl/⌘+Enter pressed right after typing.
  const sqlRef = useRef(initialSql);
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [history, setHistory] = useState<string[]>(() => {
    const storage = historyStorage();
    return storage ? loadHistory(storage) : [];
  });
  const editor = useRef<SqlEditorHandle>(null);
  // Which run is current: an answer to an earlier one (the view moved on) is dropped.
  const runs = useRef(0);
  useEffect(
    () => () => {
      runs.current++; // Answers arriving after the view is gone are dropped too.
    },
    [],
  );

  const changeSql = (next: string) => {
    sqlRef.current = next;
    setSql(next);
    onSqlChange(next);
  };

  /** Puts a whole statement into the editor (history, examples, a table clicked in an empty editor). */
  const replaceSql = (next: string) => {
    changeSql(next);
    editor.current?.focus();
  };

  const running = run.state === 'running';
  const result = run.state === 'done' ? run.result : run.state === 'running' ? run.previous : null;

  const execute = () => {
    if (running) return;
    const text = sqlRef.current;
    const check = checkReadOnly(text);
    if (!check.ok) {
      // Cleared with the result, so the status line never describes another statement than the one in the editor.
      setError(check.reason);
      setRun({ state: 'idle' });
      return;
    }
    const id = ++runs.current;
    setError(null);
    setRun({ state: 'running', previous: result });
    engine.consoleQuery(text, { maxRows: DEFAULT_CONSOLE_ROWS }).then(
      (answer) => {
        if (id !== runs.current) return;
        setRun({ state: 'done', result: answer });
        setHistory((list) => addToHistory(list, text));
      },
      (e: unknown) => {
        if (id !== runs.current) return;
        setError(errorMessage(e));
        setRun({ state: 'idle' });
      },
    );
  };

  useEffect(() => {
    const storage = historyStorage();
    if (storage) saveHistory(storage, history);
  }, [history]);

  const exportCsv = () => {
    if (!result) return;
    const csv = toCsv(
      result.columns.map((column) => column.name),
      result.rows,
    );
    // Only Electron's write can fail (a full disk, a read-only folder); it shows where a query error would.
    saveFile(CSV_FILE_NAME, csv, 'text/csv;charset=utf-8').catch((e: unknown) => setError(errorMessage(e)));
  };

  const insertTable = (table: string) => {
    const insertion = tableInsertion(sql, table);
    if ('replace' in insertion) replaceSql(insertion.replace);
    else editor.current?.insertAtCursor(insertion.insert);
  };

  return (
    <section className="sql-console" aria-label="SQL console" data-testid="sql-console">
      <div className="sql-side">
        <SchemaPanel schema={schema} onTable={insertTable} onColumn={(column) => editor.current?.insertAtCursor(sqlName(column))} />
        {history.length > 0 ? (
          <div className="sql-side-section sql-history">
            <div className="sql-side-head">
              <h3>History</h3>
              <button type="button" className="link small" onClick={() => setHistory([])} data-testid="sql-history-clear">
                Clear
              </button>
            </div>
            <ul className="sql-statements" data-testid="sql-history">
              {history.map((statement) => (
                <li key={statement}>
                  <button type="button" className="sql-statement mono" title={statement} onClick={() => replaceSql(statement)}>
                    {statement}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <div className="sql-side-section sql-history">
            <h3>Examples</h3>
            <ul className="sql-statements" data-testid="sql-examples">
              {EXAMPLE_QUERIES.map((example) => (
                <li key={example.title}>
                  <button type="button" className="sql-statement" title={example.sql} onClick={() => replaceSql(example.sql)}>
                    {example.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>

      <div className="sql-main">
        <SqlEditor ref={editor} value={sql} onChange={changeSql} onRun={execute} schema={tables} autoFocus />
        {error !== null && (
          <p className="problems sql-error" role="alert" data-testid="sql-error">
            {error}
          </p>
        )}
        <div className="sql-toolbar">
          <button type="button" className="primary" onClick={execute} disabled={running} data-testid="sql-run">
            Run
          </button>
          <span className="muted small">Ctrl/⌘+Enter · read-only · one statement</span>
          <span className="sql-status" role="status" data-testid="sql-status">
            {running ? 'Running…' : result ? statusText(result) : ''}
          </span>
          <span className="spacer" />
          <button
            type="button"
            onClick={exportCsv}
            disabled={!result}
            title={
              result?.truncated ? `Saves the first ${formatCount(result.rows.length)} rows, the ones shown` : 'Saves the result as CSV'
            }
            data-testid="sql-export-csv"
          >
            Export CSV
          </button>
        </div>
        {result ? (
          <div className={`sql-result${running ? ' running' : ''}`} aria-busy={running}>
            <ResultTable columns={result.columns} rows={result.rows} />
          </div>
        ) : (
          <p className="sql-result-placeholder muted">
            {running
              ? 'Running…'
              : 'Run a query to see its rows here. Only reading statements run: SELECT, WITH, FROM, DESCRIBE, SUMMARIZE, …'}
          </p>
        )}
      </div>
    </section>
  );
}

function SchemaPanel({
  schema,
  onTable,
  onColumn,
}: {
  schema: Loaded<SchemaTable[]>;
  onTable(table: string): void;
  onColumn(column: string): void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (table: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(table)) next.add(table);
      return next;
    });
  return (
    <div className="sql-side-section sql-schema" data-testid="sql-schema">
      <h3>Tables</h3>
      {schema.state === 'loading' && <p className="muted small">Reading the tables…</p>}
      {schema.state === 'failed' && (
        <p className="problems" role="alert">
          The tables could not be listed: {schema.error}
        </p>
      )}
      {schema.state === 'ready' && (
        <ul className="sql-tables">
          {schema.value.map((table) => {
            const expanded = open.has(table.table);
            return (
              <li key={table.table} data-testid="sql-schema-table" data-table={table.table}>
                <div className="sql-table-head">
                  <button
                    type="button"
                    className="sql-table-toggle"
                    aria-expanded={expanded}
                    aria-label={`${expanded ? 'Hide' : 'Show'} the columns of ${table.table}`}
                    onClick={() => toggle(table.table)}
                    data-testid="sql-schema-toggle"
                  >
                    <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
                  </button>
                  <button
                    type="button"
                    className="sql-table-name mono"
                    title={`${table.description ? `${table.description}\n` : ''}Click to put it into the editor`}
                    onClick={() => onTable(table.table)}
                  >
                    {table.table}
                  </button>
                  <span className="muted small">{table.columns.length}</span>
                </div>
                {expanded && (
                  <div className="sql-table-details">
                    {table.description && <p className="sql-table-description muted small">{table.description}</p>}
                    <ul className="sql-columns">
                      {table.columns.map((column) => (
                        <li key={column.name}>
                          <button
                            type="button"
                            className="sql-column-name mono"
                            title="Click to put it into the editor"
                            onClick={() => onColumn(column.name)}
                            data-testid="sql-schema-column"
                          >
                            {column.name}
                          </button>
                          <span className="sql-column-type">{column.type}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
