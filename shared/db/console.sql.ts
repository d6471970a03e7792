/**
 * The SQL console's own queries: the schema it lists, and the wrapping that
 * caps a statement's rows (and dedupes repeated column names: DuckDB names
 * the second `a` of a subquery `a_1`).
 */

export const SCHEMA_COLUMNS_SQL = `
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'main'
ORDER BY table_name, ordinal_position`;

/** The statement goes on lines of its own, so a trailing `--` comment cannot swallow the wrapper. */
export const CAPPED_QUERY_SQL = (statement: string, maxRows: number) =>
  `SELECT * FROM (\n${statement}\n) AS console_result LIMIT ${Math.trunc(maxRows) + 1}`;

export const DESCRIBE_SQL = (query: string) => `DESCRIBE ${query}`;
