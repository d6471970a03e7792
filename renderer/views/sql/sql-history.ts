/**
 * The SQL console's history: the statements that ran, newest first, each
 * once, kept in localStorage between sessions. Pure functions over a list
 * and a storage, so they test without a browser; a broken or foreign value
 * in the storage reads as an empty history instead of breaking the console.
 */

export const HISTORY_KEY = 'hopscope.sql.history';
export const HISTORY_MAX = 50;

export type HistoryStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** `sql` (trimmed) at the front, any earlier copy of it removed, at most `max` entries. Unchanged for blank SQL. */
export function addToHistory(list: readonly string[], sql: string, max = HISTORY_MAX): string[] {
  const statement = sql.trim();
  if (statement === '') return list.slice(0, max);
  return [statement, ...list.filter((entry) => entry !== statement)].slice(0, Math.max(0, max));
}

/** The stored history: the strings of a stored JSON array, blank and repeated ones left out; empty when missing or unreadable. */
export function loadHistory(storage: HistoryStorage, max = HISTORY_MAX): string[] {
  let parsed: unknown;
  try {
    const text = storage.getItem(HISTORY_KEY);
    if (text === null) return [];
    parsed = JSON.parse(text);
  } catch {
    return []; // Bad JSON, or storage the page may not use.
  }
  if (!Array.isArray(parsed)) return [];
  const seen = new Set<string>();
  const list: string[] = [];
  for (const entry of parsed) {
    if (typeof entry !== 'string') continue;
    const statement = entry.trim();
    if (statement === '' || seen.has(statement)) continue;
    seen.add(statement);
    list.push(statement);
  }
  return list.slice(0, max);
}

/** Stores the history; a full or unavailable storage only means it is not remembered. Whether it was stored. */
export function saveHistory(storage: HistoryStorage, list: readonly string[]): boolean {
  try {
    storage.setItem(HISTORY_KEY, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}
