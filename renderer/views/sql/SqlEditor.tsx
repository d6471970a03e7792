/**
 * The console's SQL editor: CodeMirror 6 with SQL highlighting, keyword and
 * schema completion (tables; their columns after `table.`, and bare once the
 * statement names the table), Ctrl/⌘+Enter to run, and colours from the
 * app's theme variables, so it follows the system's light or dark theme like
 * the rest of the app.
 *
 * The editor lives in a shadow root. CodeMirror writes its styles at run
 * time; in a document it does so with <style> elements, which the app's
 * Content-Security-Policy (style-src 'self', electron/csp.ts) blocks, while
 * in a shadow root it uses constructed style sheets, which the policy does
 * not govern. The theme variables (--fg, --card, …) inherit into it.
 */
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { PostgreSQL, sql, SQLDialect, type SQLNamespace } from '@codemirror/lang-sql';
import { Annotation, Compartment, EditorState, Prec } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { basicSetup } from 'codemirror';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { SchemaTable } from '../../../shared/engine/console-api.js';
import { useTheme, type Theme } from '../../hooks/use-theme.js';
import { padInsertion } from './sql-console-model.js';

/**
 * lang-sql has no DuckDB dialect. DuckDB's SQL is PostgreSQL's (its parser
 * started as PostgreSQL's: $$ strings, :: casts, "quoted" names), so this is
 * the PostgreSQL dialect with DuckDB's own keywords and types added.
 */
const DuckDBDialect = SQLDialect.define({
  ...PostgreSQL.spec,
  keywords: `${PostgreSQL.spec.keywords ?? ''} anti asof columns describe exclude macro pivot pivot_longer pivot_wider positional qualify rename replace sample semi summarize unpivot`,
  types: `${PostgreSQL.spec.types ?? ''} blob hugeint list map struct tinyint ubigint uhugeint uinteger union usmallint utinyint uuid varint timestamp_s timestamp_ms timestamp_ns`,
});

/** Token colours as CSS variables (set for light and dark in sql-console.css), so a theme change needs no reconfiguration. */
const highlightStyle = HighlightStyle.define([
  { tag: tags.keyword, color: 'var(--sql-keyword)', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--sql-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--sql-number)' },
  { tag: tags.typeName, color: 'var(--sql-type)' },
  { tag: tags.standard(tags.name), color: 'var(--sql-builtin)' },
  { tag: [tags.lineComment, tags.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: tags.operator, color: 'var(--sql-operator)' },
  { tag: tags.special(tags.name), color: 'var(--sql-number)' },
  { tag: tags.invalid, color: 'var(--error-fg)' },
]);

const MONO = "ui-monospace, 'SF Mono', Menlo, Consolas, monospace";

/** The editor's chrome in the app's colours; `dark` picks CodeMirror's matching base theme (selection, tooltips, panels). */
function editorTheme(theme: Theme) {
  return EditorView.theme(
    {
      '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--card)', fontSize: '13px' },
      '&.cm-focused': { outline: 'none' },
      '.cm-scroller': { fontFamily: MONO, lineHeight: '1.5' },
      '.cm-content': { caretColor: 'var(--fg)' },
      '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
      '.cm-gutters': { backgroundColor: 'var(--card)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
      '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 6%, transparent)' },
      '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 10%, transparent)', color: 'var(--fg)' },
      '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
        backgroundColor: 'color-mix(in srgb, var(--accent) 28%, transparent) !important',
      },
      '.cm-matchingBracket': { backgroundColor: 'color-mix(in srgb, var(--accent) 22%, transparent)', outline: 'none' },
      '.cm-placeholder': { color: 'var(--muted)' },
      '.cm-tooltip': { backgroundColor: 'var(--card)', color: 'var(--fg)', border: '1px solid var(--border)' },
      '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: '#fff' },
      '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '8px' },
      '.cm-panels': { backgroundColor: 'var(--card)', color: 'var(--fg)' },
    },
    { dark: theme === 'dark' },
  );
}

/** The schema as lang-sql completes it: tables (with their description) and, after `table.` or anywhere, their columns with types. */
export function completionSchema(tables: readonly SchemaTable[]): SQLNamespace {
  const namespace: Record<string, SQLNamespace> = {};
  for (const table of tables) {
    namespace[table.table] = {
      self: { label: table.table, type: 'type', detail: 'table', ...(table.description ? { info: table.description } : {}) },
      children: table.columns.map((column) => ({ label: column.name, type: 'property', detail: column.type })),
    };
  }
  return namespace;
}

/**
 * Typing over a selection, handled here rather than by the browser. Chrome,
 * deleting highlighted text and typing in its place, keeps the deleted text's
 * look by writing an inline style attribute into the editor, which the
 * Content-Security-Policy refuses (a console error, though CodeMirror redraws
 * the line anyway). Replacing the selection through CodeMirror writes no
 * style; its input handlers (bracket closing, completion) still see the text.
 */
const typeOverSelection = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== 'insertText' || event.isComposing || event.data === null) return false;
    const { selection } = view.state;
    if (selection.ranges.every((range) => range.empty)) return false;
    event.preventDefault();
    const text = event.data;
    const insert = () => view.state.update(view.state.replaceSelection(text), { userEvent: 'input.type', scrollIntoView: true });
    const { from, to } = selection.main;
    if (!view.state.facet(EditorView.inputHandler).some((handler) => handler(view, from, to, text, insert))) view.dispatch(insert());
    return true;
  },
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Bare column names, which lang-sql completes only after `table.`: the
 * columns of the tables the statement names, each once (with the tables it
 * is in). Nothing before the statement names a table.
 */
function columnCompletion(tables: readonly SchemaTable[]) {
  const patterns = tables.map((table) => ({ table, pattern: new RegExp(`(^|[^\\w$])${escapeRegExp(table.table)}(?![\\w$])`, 'i') }));
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[\w$]+/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    if (context.state.sliceDoc(word.from - 1, word.from) === '.') return null; // table.column: lang-sql's
    const doc = context.state.doc.toString();
    const byName = new Map<string, { type: string; tables: string[] }>();
    for (const { table, pattern } of patterns) {
      if (!pattern.test(doc)) continue;
      for (const column of table.columns) {
        const entry = byName.get(column.name);
        if (entry) entry.tables.push(table.table);
        else byName.set(column.name, { type: column.type, tables: [table.table] });
      }
    }
    if (byName.size === 0) return null;
    const options: Completion[] = [...byName].map(([name, { type, tables: from }]) => ({
      label: name,
      type: 'property',
      detail: from.length === 1 ? `${type} · ${from[0]}` : `${from.length} tables`,
    }));
    return { from: word.from, options, validFor: /^[\w$]*$/ };
  };
}

function sqlLanguage(tables: readonly SchemaTable[]) {
  return [
    sql({ dialect: DuckDBDialect, schema: completionSchema(tables), upperCaseKeywords: true }),
    DuckDBDialect.language.data.of({ autocomplete: columnCompletion(tables) }),
  ];
}

/** Marks the text set from the `value` prop, which the parent already has: not reported back through onChange. */
const fromValueProp = Annotation.define<boolean>();

/** What the console does to the editor besides setting its text. */
export interface SqlEditorHandle {
  /** Replaces the selection with `text` (inserts it at the cursor; a space before or after where it would run into a word), leaving the cursor after it, and focuses the editor. */
  insertAtCursor(text: string): void;
  focus(): void;
}

interface Props {
  value: string;
  onChange(value: string): void;
  /** Ctrl/⌘+Enter. */
  onRun(): void;
  /** For completion; the editor works without it. */
  schema: readonly SchemaTable[];
  autoFocus?: boolean;
  ref?: Ref<SqlEditorHandle>;
}

export function SqlEditor({ value, onChange, onRun, schema, autoFocus = false, ref }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const theme = useTheme();
  // The editor is created once; these keep its callbacks and reconfigurable parts current.
  const callbacks = useRef({ onChange, onRun });
  callbacks.current = { onChange, onRun };
  const compartments = useRef({ language: new Compartment(), theme: new Compartment() });
  const initial = useRef({ value, schema, theme, autoFocus });

  useEffect(() => {
    const { language, theme: themeCompartment } = compartments.current;
    const start = initial.current;
    const host = hostRef.current!;
    // StrictMode mounts twice: the shadow root from the first mount is still there.
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const view = new EditorView({
      root,
      parent: root,
      state: EditorState.create({
        doc: start.value,
        extensions: [
          // Before basicSetup's keymap, where Mod-Enter would insert a blank line.
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                run: () => {
                  callbacks.current.onRun();
                  return true;
                },
              },
            ]),
          ),
          basicSetup,
          typeOverSelection,
          language.of(sqlLanguage(start.schema)),
          syntaxHighlighting(highlightStyle),
          themeCompartment.of(editorTheme(start.theme)),
          placeholder('SELECT … (Ctrl/⌘+Enter runs it)'),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'SQL' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged && !update.transactions.some((t) => t.annotation(fromValueProp))) {
              callbacks.current.onChange(update.state.doc.toString());
            }
          }),
        ],
      }),
    });
    viewRef.current = view;
    if (start.autoFocus) view.focus();
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  // A value set from outside (history, an example, the schema panel): replace the text unless it is already what the editor holds.
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== value) {
      view.dispatch({
        changes: { from: 0, to: current.length, insert: value },
        selection: { anchor: value.length },
        annotations: fromValueProp.of(true),
      });
    }
  }, [value]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.language.reconfigure(sqlLanguage(schema)) });
  }, [schema]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.current.theme.reconfigure(editorTheme(theme)) });
  }, [theme]);

  useImperativeHandle(
    ref,
    () => ({
      insertAtCursor(text: string) {
        const view = viewRef.current;
        if (!view) return;
        const { from, to } = view.state.selection.main;
        const padded = padInsertion(view.state.sliceDoc(Math.max(0, from - 1), from), view.state.sliceDoc(to, to + 1), text);
        view.dispatch(view.state.replaceSelection(padded), { scrollIntoView: true });
        view.focus();
      },
      focus() {
        viewRef.current?.focus();
      },
    }),
    [],
  );

  return <div ref={hostRef} className="sql-editor" data-testid="sql-editor" />;
}
