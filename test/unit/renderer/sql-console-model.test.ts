/** The SQL console's pure logic: cells, column widths, names typed into the editor, the status line, and the examples. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSqlHost } from '../../../cli/duckdb-node-host.js';
import { checkReadOnly } from '../../../shared/db/read-only-sql.js';
import { SCHEMA_SQL } from '../../../shared/db/schema.sql.js';
import type { SqlHost } from '../../../shared/engine/sql-host.js';
import {
  cellDisplay,
  cellText,
  columnWidths,
  EXAMPLE_QUERIES,
  isNumericType,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  padInsertion,
  sampleRows,
  sqlName,
  statusText,
  tableInsertion,
} from '../../../renderer/views/sql/sql-console-model.js';

describe('cells', () => {
  it.each<[string, unknown, string | null]>([
    ['NULL', null, null],
    ['undefined', undefined, null],
    ['a string', 'GET /cart', 'GET /cart'],
    ['an empty string (not NULL)', '', ''],
    ['a bigint, in full', 9_007_199_254_740_993n, '9007199254740993'],
    ['a number', 12.5, '12.5'],
    ['a boolean', false, 'false'],
    ['a date', new Date(Date.UTC(2026, 0, 2)), '2026-01-02T00:00:00.000Z'],
    ['a struct, as JSON', { a: 1n, b: [1, 2] }, '{"a":"1","b":[1,2]}'],
  ])('%s', (_name, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });

  it('shows a value on one line and cuts a long one short, keeping more of it in the tooltip', () => {
    expect(cellDisplay('a\nb\r\nc')).toEqual({ text: 'a b c', title: 'a\nb\r\nc' });
    const long = 'x'.repeat(10_000);
    const shown = cellDisplay(long)!;
    expect(shown.text.length).toBeLessThan(600);
    expect(shown.title.length).toBeGreaterThan(shown.text.length);
    expect(shown.title.length).toBeLessThan(long.length);
    expect(cellDisplay(null)).toBeNull();
  });
});

describe('isNumericType', () => {
  it.each([
    ['BIGINT', true],
    ['INTEGER', true],
    ['DOUBLE', true],
    ['DECIMAL(18,3)', true],
    ['HUGEINT', true],
    ['UBIGINT', true],
    ['BOOLEAN', false],
    ['TIMESTAMP', false],
    ['NUMERIC', true],
    ['VARCHAR', false],
    ['INTEGER[]', false],
    ['DOUBLE[3]', false],
    ['MAP(VARCHAR, BIGINT)', false],
    ['INTERVAL', false],
  ])('%s → %s', (type, numeric) => {
    // A list of numbers is not a number: it is shown as JSON, left-aligned.
    expect(isNumericType(type)).toBe(numeric);
  });
});

describe('columnWidths', () => {
  it('fits the name, the type and the values, within bounds', () => {
    const widths = columnWidths(
      [
        { name: 'n', type: 'INT' },
        { name: 'service', type: 'VARCHAR' },
        { name: 'payload', type: 'VARCHAR' },
      ],
      [
        [1, 'gateway', 'y'.repeat(5_000)],
        [2, null, 'z'],
      ],
    );
    expect(widths[0]).toBe(MIN_COLUMN_WIDTH);
    expect(widths[1]).toBeGreaterThan(MIN_COLUMN_WIDTH);
    expect(widths[1]).toBeLessThan(MAX_COLUMN_WIDTH);
    expect(widths[2]).toBe(MAX_COLUMN_WIDTH);
  });

  it('looks at rows spread over a long result, not only the first', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [i < 9_000 ? 'x' : 'y'.repeat(40)]);
    const sample = sampleRows(rows);
    expect(sample.length).toBe(200);
    expect(sample[0]).toBe(rows[0]);
    expect(sample.some((row) => row[0] !== 'x')).toBe(true);
    expect(columnWidths([{ name: 'v', type: 'VARCHAR' }], rows)[0]).toBeGreaterThan(200);
    expect(sampleRows([1, 2, 3])).toEqual([1, 2, 3]);
  });

  it('has one width per column without rows', () => {
    expect(columnWidths([{ name: 'a', type: 'BIGINT' }], [])).toEqual([MIN_COLUMN_WIDTH]);
  });
});

describe('names into the editor', () => {
  it.each([
    ['spans', 'spans'],
    ['duration_ns', 'duration_ns'],
    ['http.route', '"http.route"'],
    ['Mixed', '"Mixed"'],
    ['a"b', '"a""b"'],
    ['1st', '"1st"'],
  ])('%s → %s', (name, typed) => {
    expect(sqlName(name)).toBe(typed);
  });

  it.each([
    ['after a word', 'LIMIT 100', '', ' service'],
    ['after a space', 'SELECT ', '', 'service'],
    ['after an opening parenthesis', 'count(', ')', 'service'],
    ['after a dot', 'spans.', '', 'service'],
    ['after a comma', 'a,', '', 'service'],
    ['before a word', 'SELECT ', 'FROM', 'service '],
    ['between words', 'a', 'b', ' service '],
    ['at the start of an empty editor', '', '', 'service'],
  ])('pads a name inserted %s', (_name, before, after, inserted) => {
    expect(padInsertion(before.slice(-1), after.slice(0, 1), 'service')).toBe(inserted);
  });

  it('starts a query when the editor is empty, and inserts the name otherwise', () => {
    expect(tableInsertion('  \n', 'spans')).toEqual({ replace: 'SELECT * FROM spans LIMIT 100' });
    expect(tableInsertion('SELECT * FROM ', 'spans')).toEqual({ insert: 'spans' });
  });
});

describe('statusText', () => {
  it.each<[string, { rows: unknown[][]; truncated: boolean; elapsedMs: number }, string]>([
    ['no rows', { rows: [], truncated: false, elapsedMs: 3.21 }, '0 rows in 3.2 ms'],
    ['one row', { rows: [[1]], truncated: false, elapsedMs: 12.4 }, '1 row in 12 ms'],
    ['many rows', { rows: Array.from({ length: 1234 }, () => [1]), truncated: false, elapsedMs: 1500 }, '1,234 rows in 1,500 ms'],
    [
      'a cut-off result',
      { rows: Array.from({ length: 10_000 }, () => [1]), truncated: true, elapsedMs: 52 },
      'more than 10,000 rows in 52 ms (first 10,000 shown)',
    ],
  ])('%s', (_name, result, expected) => {
    expect(statusText(result)).toBe(expected);
  });
});

describe('example queries', () => {
  let host: SqlHost;
  beforeAll(async () => {
    host = await createNodeSqlHost();
    await host.exec(SCHEMA_SQL);
  });
  afterAll(async () => {
    await host.close();
  });

  it.each(EXAMPLE_QUERIES.map((example) => [example.title, example.sql]))(
    '%s passes the guard and runs on the schema',
    async (_title, sql) => {
      const check = checkReadOnly(sql);
      expect(check).toMatchObject({ ok: true, kind: 'query' });
      if (check.ok) await expect(host.query(`SELECT * FROM (${check.statement}) LIMIT 10`)).resolves.toBeDefined();
    },
  );
});
