/**
 * Rows as CSV (RFC 4180), for exporting the SQL console's results: CRLF
 * after every record, and a field quoted when it holds a comma, a quote, CR
 * or LF, with its quotes doubled. Values become text the way a spreadsheet or
 * DuckDB's read_csv reads them back: NULL as an empty field (and an empty
 * string as "", as DuckDB's own COPY writes it, so the two stay apart),
 * BIGINT in full (never rounded through a number), dates as ISO 8601, lists
 * and structs as JSON, blobs as DuckDB prints them (\xHH for bytes that are
 * not printable ASCII).
 */

const NEEDS_QUOTES = /[",\r\n]/;

function field(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Bytes as DuckDB casts a BLOB to text: printable ASCII as itself, everything else (and the backslash) as \xHH. */
export function blobText(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    text +=
      byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** JSON with bigints as their decimal text (JSON has no integers beyond 2^53), maps as objects and blobs as text. */
export function toJsonText(value: unknown): string {
  return (
    JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Map) return Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(k), x]));
      if (v instanceof Uint8Array) return blobText(v);
      return v;
    }) ?? ''
  );
}

/** One value as the text of a CSV field, before quoting ('' for NULL). */
export function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  if (value instanceof Uint8Array) return blobText(value);
  if (typeof value === 'object') return toJsonText(value);
  return String(value);
}

function valueField(value: unknown): string {
  return value === '' ? '""' : field(csvText(value));
}

/** A header record of `columns`, then one record per row; every record ends with CRLF. */
export function toCsv(columns: string[], rows: readonly (readonly unknown[])[]): string {
  let csv = `${columns.map(field).join(',')}\r\n`;
  for (const row of rows) csv += `${row.map(valueField).join(',')}\r\n`;
  return csv;
}
