/**
 * Arrow results → plain rows. Typed structurally (not with instanceof):
 * in Node the duckdb-wasm bundle brings its own copy of apache-arrow.
 */
import type { QueryResult } from './sql-host.js';

export interface ArrowLikeTable {
  schema: { fields: { name: string }[] };
  toArray(): { toJSON(): Record<string, unknown> }[];
}

export function arrowToRows(table: ArrowLikeTable): QueryResult {
  const columns = table.schema.fields.map((f) => f.name);
  const rows = table.toArray().map((row) => {
    const plain = row.toJSON();
    for (const c of columns) plain[c] = plainValue(plain[c]);
    return plain;
  });
  return { columns, rows };
}

/** Values Arrow gives back that are not plain JS (HUGEINT/DECIMAL as word arrays, nested rows). */
function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof Uint32Array || (ArrayBuffer.isView(v) && !(v instanceof Uint8Array))) return BigInt(String(v));
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return (v as { toJSON(): unknown }).toJSON();
  return v;
}
