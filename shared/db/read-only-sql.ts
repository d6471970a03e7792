/**
 * The SQL console's guard: which statements it may run.
 *
 * The console must never change the loaded data: the analysis, the views and
 * every other screen read the same tables, and a stray DELETE, an ATTACH or a
 * SET would silently change what they show. DuckDB-wasm offers no read-only
 * connection to a database another connection writes to (read-only is a
 * property of the whole database when it is opened), so the statement itself
 * is checked before it runs: one statement, starting with a querying keyword,
 * with no keyword anywhere that could write or change the session.
 *
 * The check reads the SQL the way DuckDB does. First, as DuckDB's parser
 * does, Unicode spaces (no-break space and the like, as pasted from web
 * pages) outside what it takes for quotes become plain spaces. Then the
 * lexer (PostgreSQL's): `--` comments end at a line break, block comments
 * nest, strings are '...' with '' escapes or E'...' with backslash escapes,
 * names may be "double quoted", $$...$$ / $tag$...$tag$ are strings, and any
 * other non-ASCII character is part of a name. Only bare words count as
 * keywords, so `SELECT 'drop table'` and `SELECT "update" FROM t` pass,
 * while anything DuckDB could read differently (an unclosed quote or
 * comment, a Unicode space left inside a name) is refused rather than
 * guessed at. A refused word followed by `(` is a function call, not a
 * statement, and passes.
 *
 * The engine runs this check itself; the console also runs it to show a
 * refusal at once.
 */

export type ReadOnlyCheck = { ok: true; statement: string; kind: 'query' | 'other' } | { ok: false; reason: string };

/** Statements that return rows of their own and may be wrapped as `SELECT * FROM (<statement>) LIMIT n`. */
const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'PIVOT', 'UNPIVOT']);
/** Read-only statements that cannot be wrapped in a SELECT. */
const OTHER_KEYWORDS = new Set(['DESCRIBE', 'SHOW', 'SUMMARIZE', 'EXPLAIN']);
const FIRST_KEYWORDS = ['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', 'EXPLAIN', 'PIVOT', 'UNPIVOT'];

/** Words that write data, change the schema or the session, or reach outside the database. */
const FORBIDDEN_KEYWORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'ATTACH',
  'DETACH',
  'COPY',
  'EXPORT',
  'IMPORT',
  'INSTALL',
  'LOAD',
  'SET',
  'RESET',
  'PRAGMA',
  'CALL',
  'CHECKPOINT',
  'VACUUM',
  'TRUNCATE',
  'MERGE',
  'USE',
  'BEGIN',
  'COMMIT',
  'ROLLBACK',
]);

/** What may stand between EXPLAIN and the statement it explains (besides a parenthesised option list). */
const EXPLAIN_MODIFIERS = new Set(['ANALYZE', 'ANALYSE', 'VERBOSE']);

// ── Unicode spaces ──────────────────────────────────────────────────────────

/** The characters DuckDB's parser turns into plain spaces (Parser::StripUnicodeSpaces): U+00A0, U+2000–U+200B, U+202F, U+205F, U+2060, U+3000, U+FEFF. */
const UNICODE_SPACE = /[\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]/;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

const isTagFirstByte = (b: number | undefined) => b !== undefined && ((b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b >= 0x80);
const isTagByte = (b: number | undefined) => isTagFirstByte(b) || (b !== undefined && b >= 48 && b <= 57);

/**
 * One pass of DuckDB's Parser::StripUnicodeSpaces, byte for byte on the
 * UTF-8 text, quirks included: it tracks quotes, dollar quotes and `--`
 * comments with rules of its own (no block comments, no E'' strings, no `_`
 * in dollar tags) and stops two bytes before the end. What it takes for
 * code gets its Unicode spaces replaced; the rest keeps them.
 */
function stripUnicodeSpacesOnce(bytes: Uint8Array): Uint8Array | null {
  const n = bytes.length;
  const spaces: [number, number][] = [];
  let pos = 0;
  let state: 'regular' | 'quotes' | 'dollar' | 'comment' | 'end' = 'regular';
  let quote = 0;
  let tag = new Uint8Array(0);
  while (state !== 'end') {
    if (state === 'regular') {
      state = 'end';
      for (; pos + 2 < n; pos++) {
        const b = bytes[pos]!;
        const b1 = bytes[pos + 1]!;
        const b2 = bytes[pos + 2]!;
        if (b === 0xc2 && b1 === 0xa0) spaces.push([pos, 2]);
        if (b === 0xe2) {
          if (b1 === 0x80 && ((b2 >= 0x80 && b2 <= 0x8b) || b2 === 0xaf)) spaces.push([pos, 3]);
          else if (b1 === 0x81 && (b2 === 0x9f || b2 === 0xa0)) spaces.push([pos, 3]);
        } else if (b === 0xe3) {
          if (b1 === 0x80 && b2 === 0x80) spaces.push([pos, 3]);
        } else if (b === 0xef) {
          if (b1 === 0xbb && b2 === 0xbf) spaces.push([pos, 3]);
        } else if (b === 0x22 || b === 0x27) {
          quote = b;
          pos++;
          state = 'quotes';
          break;
        } else if (b === 0x24 && (b1 === 0x24 || isTagFirstByte(b1))) {
          const start = ++pos;
          let next: 'dollar' | 'regular' | 'end' = 'end';
          for (; pos + 2 < n; pos++) {
            if (bytes[pos] === 0x24) {
              tag = bytes.slice(start, pos);
              next = 'dollar';
              break;
            }
            if (!isTagByte(bytes[pos])) {
              next = 'regular'; // Not a tag after all: carry on from this byte.
              break;
            }
          }
          state = next;
          break;
        } else if (b === 0x2d && b1 === 0x2d) {
          state = 'comment';
          break;
        }
      }
    } else if (state === 'quotes') {
      state = 'end';
      for (; pos + 1 < n; pos++) {
        if (bytes[pos] === quote) {
          if (bytes[pos + 1] === quote) {
            pos++;
            continue;
          }
          pos++;
          state = 'regular';
          break;
        }
      }
    } else if (state === 'dollar') {
      state = 'end';
      for (; pos + 2 < n; pos++) {
        if (
          bytes[pos] === 0x24 &&
          n - (pos + 1) >= tag.length + 1 &&
          bytes[pos + tag.length + 1] === 0x24 &&
          tag.every((t, i) => bytes[pos + 1 + i] === t)
        ) {
          pos += tag.length + 1;
          state = 'regular';
          break;
        }
      }
    } else {
      state = 'end';
      for (; pos < n; pos++) {
        if (bytes[pos] === 0x0a || bytes[pos] === 0x0d) {
          state = 'regular';
          break;
        }
      }
    }
  }
  if (spaces.length === 0) return null;
  const out: number[] = [];
  let previous = 0;
  for (const [at, length] of spaces) {
    for (let i = previous; i < at; i++) out.push(bytes[i]!);
    out.push(0x20);
    previous = at + length;
  }
  for (let i = previous; i < n; i++) out.push(bytes[i]!);
  return Uint8Array.from(out);
}

/** The text DuckDB's lexer gets: Unicode spaces replaced, pass after pass, as the parser does until none is left to replace. */
export function stripUnicodeSpaces(sql: string): string {
  if (!UNICODE_SPACE.test(sql)) return sql;
  let bytes: Uint8Array = utf8.encode(sql);
  for (let stripped = stripUnicodeSpacesOnce(bytes); stripped; stripped = stripUnicodeSpacesOnce(bytes)) bytes = stripped;
  return fromUtf8.decode(bytes);
}

// ── Tokens ──────────────────────────────────────────────────────────────────

type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'param' | 'punct' | 'comment';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The upper-cased word, for 'word'; the character, for 'punct'; the opening delimiter, for a dollar-quoted string; empty otherwise. */
  text: string;
}

const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 /* _ */ || code >= 0x80; // non-ASCII, as DuckDB's lexer
const isWordPart = (code: number) => isWordStart(code) || (code >= 48 && code <= 57) || code === 36; /* $ */
const isDigit = (code: number) => code >= 48 && code <= 57;

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const NUMBER = /(?:\d[\d_]*(?:\.\d[\d_]*|\.(?!\.))?|\.\d[\d_]*)(?:[eE][+-]?\d+)?/y;
/** PostgreSQL's whitespace, no more: DuckDB's lexer reads any other character, Unicode spaces included, as part of a token. */
const SPACE = /[ \t\n\r\f]+/y;

/** The tokens of `sql`, or what is left unclosed. */
function tokenize(sql: string): { tokens: Token[] } | { unclosed: string } {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  /** The index just past a quoted run opened at `from` (the opening quote), or -1 when it never closes. */
  const closeQuote = (from: number, quote: string, backslash: boolean): number => {
    let j = from + 1;
    while (j < n) {
      const c = sql[j];
      if (backslash && c === '\\') j += 2;
      else if (c === quote) {
        if (sql[j + 1] === quote)
          j += 2; // A doubled quote stands for one.
        else return j + 1;
      } else j++;
    }
    return -1;
  };
  while (i < n) {
    const c = sql[i]!;
    const code = sql.charCodeAt(i);
    SPACE.lastIndex = i;
    if (SPACE.test(sql)) {
      i = SPACE.lastIndex;
      continue;
    }
    const start = i;
    if (c === '-' && sql[i + 1] === '-') {
      // To the end of the line (PostgreSQL ends it at either line-break character).
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      tokens.push({ kind: 'comment', start, end: i, text: '' });
    } else if (c === '/' && sql[i + 1] === '*') {
      // Block comments nest: /* a /* b */ c */ is one comment.
      let depth = 0;
      while (i < n) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
      if (depth !== 0) return { unclosed: 'comment' };
      tokens.push({ kind: 'comment', start, end: i, text: '' });
    } else if (c === "'") {
      const end = closeQuote(i, "'", false);
      if (end < 0) return { unclosed: 'string' };
      tokens.push({ kind: 'string', start, end, text: '' });
      i = end;
    } else if (c === '"') {
      const end = closeQuote(i, '"', false);
      if (end < 0) return { unclosed: 'quoted name' };
      tokens.push({ kind: 'quoted', start, end, text: '' });
      i = end;
    } else if (c === '$') {
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(sql);
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { unclosed: `${tag[0]} string` };
        i = close + tag[0].length;
        tokens.push({ kind: 'string', start, end: i, text: tag[0] });
      } else if (isDigit(sql.charCodeAt(i + 1))) {
        i++;
        while (i < n && isDigit(sql.charCodeAt(i))) i++;
        tokens.push({ kind: 'param', start, end: i, text: '' });
      } else {
        i++;
        tokens.push({ kind: 'punct', start, end: i, text: c });
      }
    } else if (isWordStart(code)) {
      while (i < n && isWordPart(sql.charCodeAt(i))) i++;
      const word = sql.slice(start, i);
      if ((word === 'E' || word === 'e') && sql[i] === "'") {
        // E'...': a string with backslash escapes (E'it\'s').
        const end = closeQuote(i, "'", true);
        if (end < 0) return { unclosed: 'string' };
        tokens.push({ kind: 'string', start, end, text: '' });
        i = end;
      } else {
        tokens.push({ kind: 'word', start, end: i, text: word.toUpperCase() });
      }
    } else {
      NUMBER.lastIndex = i;
      if ((isDigit(code) || c === '.') && NUMBER.test(sql)) {
        // Digits only: letters after them start a word of their own, as in DuckDB (`1DELETE` is `1` then DELETE).
        i = NUMBER.lastIndex;
        tokens.push({ kind: 'number', start, end: i, text: '' });
      } else {
        i++;
        tokens.push({ kind: 'punct', start, end: i, text: c });
      }
    }
  }
  return { tokens };
}

const readOnly = (word: string) => `the console is read-only: ${word} is not allowed`;
const queriesOnly = (found: string) =>
  `the console runs queries only: start with ${FIRST_KEYWORDS.slice(0, -1).join(', ')} or ${FIRST_KEYWORDS.at(-1)} (not ${found})`;

/**
 * Whether the statement EXPLAIN explains is one the console may run: skips
 * ANALYZE / VERBOSE and a parenthesised option list, then wants a query (or
 * another allowed statement). `tokens` starts after EXPLAIN and has no comments.
 */
function checkExplained(tokens: readonly Token[]): string | null {
  let i = 0;
  for (;;) {
    const token = tokens[i];
    if (token?.kind === 'word' && EXPLAIN_MODIFIERS.has(token.text)) {
      i++;
    } else if (token?.kind === 'punct' && token.text === '(') {
      const inner = tokens[i + 1];
      // A parenthesised query, EXPLAIN (SELECT 1), rather than options, EXPLAIN (FORMAT json) SELECT 1.
      if ((inner?.kind === 'word' && QUERY_KEYWORDS.has(inner.text)) || (inner?.kind === 'punct' && inner.text === '(')) return null;
      let depth = 0;
      do {
        const t = tokens[i];
        if (t?.kind === 'punct' && t.text === '(') depth++;
        else if (t?.kind === 'punct' && t.text === ')') depth--;
        i++;
      } while (depth > 0 && i < tokens.length);
    } else break;
  }
  const next = tokens[i];
  if (next?.kind !== 'word') return 'EXPLAIN needs a query after it';
  if (FORBIDDEN_KEYWORDS.has(next.text)) return readOnly(next.text);
  if (next.text === 'EXPLAIN') return checkExplained(tokens.slice(i + 1));
  if (!QUERY_KEYWORDS.has(next.text) && !OTHER_KEYWORDS.has(next.text)) return queriesOnly(next.text);
  return null;
}

/**
 * Whether the console may run `sql`: exactly one statement (a trailing `;` is
 * fine) that only reads. On success, the statement without the whitespace,
 * comments and semicolons around it, and whether it is a query that may be
 * wrapped in `SELECT * FROM (...) LIMIT n` ('query') or not ('other':
 * DESCRIBE, SHOW, SUMMARIZE, EXPLAIN).
 */
export function checkReadOnly(input: string): ReadOnlyCheck {
  // What DuckDB's lexer will read; the statement returned is cut from it, so it reads the same wherever it is put.
  const sql = stripUnicodeSpaces(input);
  const lexed = tokenize(sql);
  if ('unclosed' in lexed) return { ok: false, reason: `the SQL has an unclosed ${lexed.unclosed}` };
  // Left after stripping only where DuckDB's stripping and its lexer disagree on what is quoted: a space that reads as part of a name.
  if (
    lexed.tokens.some(
      (token) =>
        (token.kind === 'word' || token.kind === 'string') &&
        UNICODE_SPACE.test(token.kind === 'word' ? sql.slice(token.start, token.end) : token.text),
    )
  ) {
    return {
      ok: false,
      reason: 'the SQL has a no-break or other Unicode space that DuckDB would read as part of a name: type a plain space instead',
    };
  }

  const statements: Token[][] = [[]];
  for (const token of lexed.tokens) {
    if (token.kind === 'comment') continue;
    if (token.kind === 'punct' && token.text === ';') statements.push([]);
    else statements.at(-1)!.push(token);
  }
  const nonEmpty = statements.filter((tokens) => tokens.length > 0);
  if (nonEmpty.length === 0) return { ok: false, reason: 'nothing to run' };
  if (nonEmpty.length > 1) return { ok: false, reason: `run one statement at a time (this holds ${nonEmpty.length})` };
  const tokens = nonEmpty[0]!;

  const first = tokens[0]!;
  const firstText = first.kind === 'word' ? first.text : sql.slice(first.start, first.end);
  if (first.kind === 'word' && FORBIDDEN_KEYWORDS.has(first.text)) return { ok: false, reason: readOnly(first.text) };
  if (first.kind !== 'word' || !FIRST_KEYWORDS.includes(first.text)) return { ok: false, reason: queriesOnly(firstText) };

  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const isCall = next?.kind === 'punct' && next.text === '(';
    if (token.kind === 'word' && FORBIDDEN_KEYWORDS.has(token.text) && !isCall) return { ok: false, reason: readOnly(token.text) };
  }

  if (first.text === 'EXPLAIN') {
    // EXPLAIN ANALYZE runs what it explains, and COPY(...) there would pass for a function call above.
    const refused = checkExplained(tokens.slice(1));
    if (refused) return { ok: false, reason: refused };
  }

  return {
    ok: true,
    statement: sql.slice(first.start, tokens.at(-1)!.end),
    kind: QUERY_KEYWORDS.has(first.text) ? 'query' : 'other',
  };
}
