/** The SQL console's guard: one read-only statement, read the way DuckDB's lexer reads it. */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost } from '../../../cli/duckdb-node-host.js';
import { checkReadOnly, stripUnicodeSpaces } from '../../../shared/db/read-only-sql.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';

describe('checkReadOnly: allowed', () => {
  it.each<[string, string, 'query' | 'other', string]>([
    ['a plain select', 'SELECT 1', 'query', 'SELECT 1'],
    ['lower case', 'select * from spans', 'query', 'select * from spans'],
    ['mixed case', 'SeLeCt 1', 'query', 'SeLeCt 1'],
    ['a trailing semicolon', 'SELECT 1;', 'query', 'SELECT 1'],
    ['several trailing semicolons and whitespace', '  SELECT 1 ; ;\n ', 'query', 'SELECT 1'],
    ['a leading semicolon', ';SELECT 1', 'query', 'SELECT 1'],
    ['WITH', 'WITH x AS (SELECT 1 AS a) SELECT a FROM x', 'query', 'WITH x AS (SELECT 1 AS a) SELECT a FROM x'],
    ['FROM first', 'FROM spans LIMIT 5', 'query', 'FROM spans LIMIT 5'],
    ['VALUES', 'VALUES (1, 2), (3, 4)', 'query', 'VALUES (1, 2), (3, 4)'],
    ['TABLE', 'TABLE spans', 'query', 'TABLE spans'],
    ['PIVOT', 'PIVOT spans ON service USING count(*)', 'query', 'PIVOT spans ON service USING count(*)'],
    ['UNPIVOT', 'UNPIVOT t ON a, b INTO NAME k VALUE v', 'query', 'UNPIVOT t ON a, b INTO NAME k VALUE v'],
    ['DESCRIBE', 'DESCRIBE spans', 'other', 'DESCRIBE spans'],
    ['SHOW', 'SHOW TABLES', 'other', 'SHOW TABLES'],
    ['SUMMARIZE', 'summarize spans', 'other', 'summarize spans'],
    ['EXPLAIN', 'EXPLAIN SELECT 1', 'other', 'EXPLAIN SELECT 1'],
    ['EXPLAIN ANALYZE', 'EXPLAIN ANALYZE SELECT 1', 'other', 'EXPLAIN ANALYZE SELECT 1'],
    ['EXPLAIN with options', 'EXPLAIN (FORMAT json) SELECT 1', 'other', 'EXPLAIN (FORMAT json) SELECT 1'],
    ['EXPLAIN of a parenthesised query', 'EXPLAIN (SELECT 1)', 'other', 'EXPLAIN (SELECT 1)'],
    ['EXPLAIN SUMMARIZE', 'EXPLAIN SUMMARIZE spans', 'other', 'EXPLAIN SUMMARIZE spans'],
    ['a keyword in a string', "SELECT 'drop table spans'", 'query', "SELECT 'drop table spans'"],
    ['a keyword in a quoted name', 'SELECT "update" FROM t', 'query', 'SELECT "update" FROM t'],
    ['a doubled quote in a quoted name', 'SELECT "a""delete" FROM t', 'query', 'SELECT "a""delete" FROM t'],
    [
      'a keyword in a trailing line comment (dropped)',
      "SELECT * FROM spans WHERE name = 'x' -- delete",
      'query',
      "SELECT * FROM spans WHERE name = 'x'",
    ],
    ['a keyword in an inner line comment (kept)', 'SELECT 1 -- drop it\nFROM t', 'query', 'SELECT 1 -- drop it\nFROM t'],
    ['a keyword in a block comment', 'SELECT /* insert */ 1', 'query', 'SELECT /* insert */ 1'],
    ['a leading comment (dropped)', '-- the slowest\n/* note */ SELECT 1', 'query', 'SELECT 1'],
    ['nested block comments', 'SELECT 1 /* a /* b */ drop */ AS x', 'query', 'SELECT 1 /* a /* b */ drop */ AS x'],
    ['a semicolon in a string', "SELECT ';' AS s", 'query', "SELECT ';' AS s"],
    ['a semicolon in a quoted name', 'SELECT 1 AS "a;b"', 'query', 'SELECT 1 AS "a;b"'],
    ['a semicolon in a comment (trailing comments dropped)', 'SELECT 1 /* ; */ -- ;\n', 'query', 'SELECT 1'],
    ['an escaped quote in a string', "SELECT 'it''s; delete'", 'query', "SELECT 'it''s; delete'"],
    ['a backslash at the end of a plain string', "SELECT '\\' AS s", 'query', "SELECT '\\' AS s"],
    ['an E string with a backslash-escaped quote', "SELECT E'it\\'s; drop' AS s", 'query', "SELECT E'it\\'s; drop' AS s"],
    ['a dollar-quoted string', "SELECT $$it's; delete$$", 'query', "SELECT $$it's; delete$$"],
    ['a tagged dollar-quoted string', 'SELECT $q$ $$; drop $$ $q$', 'query', 'SELECT $q$ $$; drop $$ $q$'],
    ['a dollar sign inside a name', 'SELECT 1 AS a$b$', 'query', 'SELECT 1 AS a$b$'],
    ['a positional parameter', 'SELECT $1', 'query', 'SELECT $1'],
    ['a function named like a refused word', 'SELECT truncate(1.5), "set"(x) FROM t', 'query', 'SELECT truncate(1.5), "set"(x) FROM t'],
    ['a refused word called as a function with a space', 'SELECT load (x) FROM t', 'query', 'SELECT load (x) FROM t'],
    [
      'replace(), which matches no refused word',
      "SELECT replace(name, 'a', 'b') FROM spans",
      'query',
      "SELECT replace(name, 'a', 'b') FROM spans",
    ],
    [
      'a word that only starts like a refused one',
      'SELECT updated_at, settings, dropped FROM t',
      'query',
      'SELECT updated_at, settings, dropped FROM t',
    ],
    [
      'a multi-line query',
      'SELECT service,\n  count(*)\nFROM spans\nGROUP BY 1;\n',
      'query',
      'SELECT service,\n  count(*)\nFROM spans\nGROUP BY 1',
    ],
  ])('%s', (_name, sql, kind, statement) => {
    expect(checkReadOnly(sql)).toEqual({ ok: true, kind, statement });
  });
});

describe('checkReadOnly: refused', () => {
  it.each<[string, string, RegExp]>([
    ['empty input', '', /^nothing to run$/],
    ['whitespace only', ' \n\t ', /^nothing to run$/],
    ['semicolons only', ';;', /^nothing to run$/],
    ['comments only', '-- just a note\n/* and another */', /^nothing to run$/],
    ['two statements', 'SELECT 1; SELECT 2', /one statement at a time/],
    ['two statements, the second a write', 'SELECT 1; DROP TABLE spans', /one statement at a time/],
    ['two statements without spaces', 'SELECT 1;SELECT 2;', /one statement at a time/],
    ['DELETE', 'DELETE FROM spans', /^the console is read-only: DELETE is not allowed$/],
    ['lower-case delete', 'delete from spans', /^the console is read-only: DELETE is not allowed$/],
    ['INSERT', 'INSERT INTO t VALUES (1)', /INSERT is not allowed/],
    ['UPDATE', "UPDATE spans SET name = 'x'", /UPDATE is not allowed/],
    ['CREATE', 'CREATE TABLE x AS SELECT 1', /CREATE is not allowed/],
    ['DROP', 'DROP TABLE spans', /DROP is not allowed/],
    ['ALTER', 'ALTER TABLE spans ADD COLUMN x INT', /ALTER is not allowed/],
    ['ATTACH', "ATTACH 'other.db' AS other", /ATTACH is not allowed/],
    ['DETACH', 'DETACH other', /DETACH is not allowed/],
    ['COPY', "COPY spans TO 'spans.csv'", /COPY is not allowed/],
    ['EXPORT', "EXPORT DATABASE 'dir'", /EXPORT is not allowed/],
    ['IMPORT', "IMPORT DATABASE 'dir'", /IMPORT is not allowed/],
    ['INSTALL', 'INSTALL httpfs', /INSTALL is not allowed/],
    ['LOAD', 'LOAD httpfs', /LOAD is not allowed/],
    ['SET', 'SET threads = 1', /SET is not allowed/],
    ['RESET', 'RESET threads', /RESET is not allowed/],
    ['PRAGMA', 'PRAGMA table_info(spans)', /PRAGMA is not allowed/],
    ['CALL', 'CALL pragma_version()', /CALL is not allowed/],
    ['CHECKPOINT', 'CHECKPOINT', /CHECKPOINT is not allowed/],
    ['VACUUM', 'VACUUM', /VACUUM is not allowed/],
    ['TRUNCATE', 'TRUNCATE spans', /TRUNCATE is not allowed/],
    ['MERGE', 'MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE', /MERGE is not allowed/],
    ['USE', 'USE other', /USE is not allowed/],
    ['BEGIN', 'BEGIN TRANSACTION', /BEGIN is not allowed/],
    ['COMMIT', 'COMMIT', /COMMIT is not allowed/],
    ['ROLLBACK', 'ROLLBACK', /ROLLBACK is not allowed/],
    ['a write after a CTE', 'WITH x AS (SELECT 1) DELETE FROM t', /DELETE is not allowed/],
    ['a write inside a CTE', 'WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x', /DELETE is not allowed/],
    ['a write after a leading comment', '/* harmless */ DROP TABLE spans', /DROP is not allowed/],
    ['SELECT ... FOR UPDATE', 'SELECT * FROM t FOR UPDATE', /UPDATE is not allowed/],
    ['a refused word glued to a number', 'SELECT 1DELETE', /DELETE is not allowed/],
    ['EXPLAIN ANALYZE of a write', 'EXPLAIN ANALYZE DELETE FROM spans', /DELETE is not allowed/],
    ['EXPLAIN ANALYZE of COPY written like a call', "EXPLAIN ANALYZE COPY(SELECT 1) TO 'x.csv'", /COPY is not allowed/],
    ['EXPLAIN with options of COPY', "EXPLAIN (FORMAT json) COPY(SELECT 1) TO 'x.csv'", /COPY is not allowed/],
    ['EXPLAIN of a non-query', 'EXPLAIN PREPARE p AS SELECT 1', /queries only.*PREPARE/],
    ['EXPLAIN alone', 'EXPLAIN', /EXPLAIN needs a query/],
    ['a statement that is not a query', 'PREPARE p AS SELECT 1', /queries only.*PREPARE/],
    ['ANALYZE', 'ANALYZE', /queries only.*ANALYZE/],
    ['a parenthesised start', '(SELECT 1)', /queries only/],
    ['a string alone', "'SELECT 1'", /queries only/],
    ['a quoted name as the first word', '"SELECT" 1', /queries only/],
    // A nested comment closes later than a flat one would: what follows the first */ is still comment, so no string opens there.
    ['a statement hidden after a nested comment', "SELECT 1 /* /* */ ' */ ; DROP TABLE t; -- '", /one statement at a time/],
    // In E'...' a backslash escapes the quote, so the string does not end at \'.
    ['a statement hidden after an E string', "SELECT E'\\\\' ; DROP TABLE t", /one statement at a time/],
    ['an unclosed string', "SELECT 'abc", /unclosed string/],
    ['an unclosed E string', "SELECT E'abc\\'", /unclosed string/],
    ['an unclosed quoted name', 'SELECT "abc', /unclosed quoted name/],
    ['an unclosed block comment', 'SELECT 1 /* a /* b */', /unclosed comment/],
    ['an unclosed dollar-quoted string', 'SELECT $x$ abc $y$', /unclosed \$x\$ string/],
    ['a line comment ending at a carriage return', 'SELECT 1 -- x\rDROP TABLE t', /DROP is not allowed/],
    // DuckDB's space stripping knows no block comments: after the quote in it, it leaves the no-break space alone, and its lexer reads it as part of a name.
    ['a no-break space DuckDB would leave in a name', "/* it's */ SELECT 1 AS x\u00a0y", /Unicode space/],
    ['a line separator, which DuckDB reads as part of a word', 'SELECT\u20281', /queries only/],
    ['a refused word after a no-break space', 'SELECT 1 FOR\u00a0UPDATE', /UPDATE is not allowed/],
    ['a no-break space at the very end, which DuckDB keeps in the name', 'SELECT 1 AS a\u00a0', /Unicode space/],
  ])('%s', (_name, sql, reason) => {
    const result = checkReadOnly(sql);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('checkReadOnly: reasons', () => {
  it('names the word in plain English', () => {
    expect(checkReadOnly('DELETE FROM spans')).toEqual({ ok: false, reason: 'the console is read-only: DELETE is not allowed' });
  });

  it('says how many statements it found', () => {
    expect(checkReadOnly('SELECT 1; SELECT 2; SELECT 3')).toEqual({ ok: false, reason: 'run one statement at a time (this holds 3)' });
  });

  it('lists what a statement may start with', () => {
    const result = checkReadOnly('PREPARE p AS SELECT 1');
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.reason).toContain('SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT or UNPIVOT');
  });
});

describe("stripUnicodeSpaces (as DuckDB's parser does before lexing)", () => {
  it.each([
    ['nothing to replace', 'SELECT 1', 'SELECT 1'],
    ['spaces in code', 'SELECT\u00a01\u2003AS\u202fa', 'SELECT 1 AS a'],
    ['not inside quotes', 'SELECT \'\u00a0\' AS "\u00a0"\u00a0x', 'SELECT \'\u00a0\' AS "\u00a0" x'],
    ['not inside dollar quotes', 'SELECT $x$\u00a0$x$ AS\u00a0x', 'SELECT $x$\u00a0$x$ AS x'],
    // A quirk: it looks at a closing tag's last $ again, and takes it and what follows for a new tag.
    ['none right after a dollar quote', 'SELECT $x$a$x$\u00a0AS\u00a0s', 'SELECT $x$a$x$\u00a0AS\u00a0s'],
    ['not inside a line comment', 'SELECT 1 --\u00a0\n\u00a0x', 'SELECT 1 --\u00a0\n x'],
    // Another quirk: it stops two bytes before the end, so a no-break space there stays (DuckDB names the column "a\u00a0").
    ['none in the last two bytes', 'SELECT 1 AS a\u00a0', 'SELECT 1 AS a\u00a0'],
    // Its quirk: a block comment is code to it, so the quote inside starts a "string" that runs on.
    ['none after a quote inside a block comment', "/* ' */ x\u00a0y", "/* ' */ x\u00a0y"],
  ])('%s', (_name, sql, stripped) => {
    expect(stripUnicodeSpaces(sql)).toBe(stripped);
  });
});

/**
 * The guard against the real thing: random SQL made of the pieces that
 * confuse lexers. Whatever it lets through, run as typed, as the statement
 * it returns and wrapped as the engine may wrap it, must leave a canary
 * table untouched.
 */
describe('checkReadOnly against DuckDB', () => {
  let host: SqlHost;
  beforeAll(async () => {
    host = await createNodeSqlHost();
    await host.exec('CREATE TABLE canary (a INTEGER); INSERT INTO canary VALUES (1)');
  });
  afterAll(async () => {
    await host.close();
  });

  const pieces = [
    'SELECT 1',
    'SELECT ',
    "'",
    '"',
    '$$',
    '$a$',
    '$_a$',
    "E'",
    'e',
    '\\',
    '--',
    '\n',
    '\r',
    '/*',
    '*/',
    ';',
    ' ',
    '\u00a0',
    '\u3000',
    'x',
    'a$b$',
    "''",
    '(',
    ')',
    'EXPLAIN ANALYZE ',
    'INSERT INTO canary VALUES (2)',
    'DELETE FROM canary',
    'UPDATE canary SET a = 3',
  ];

  it('never lets a write through', async () => {
    const canary = async () => (await host.query('SELECT list(a) AS a FROM canary')).rows[0]!.a;
    const before = await canary();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 10 }),
        async (leadingSelect, parts) => {
          const sql = (leadingSelect ? 'SELECT ' : '') + parts.join('');
          const check = checkReadOnly(sql);
          if (!check.ok) return;
          const runs = [sql, check.statement];
          if (check.kind === 'query') runs.push(`SELECT * FROM (${check.statement}) LIMIT 5`);
          for (const text of runs) await host.query(text).catch(() => undefined);
          expect(await canary(), sql).toEqual(before);
        },
      ),
      { numRuns: 3000, seed: 20260304 },
    );
  });
});
