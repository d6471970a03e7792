/** The SQL console's history: newest first, each statement once, at most 50, and robust to whatever is in localStorage. */
import { describe, expect, it } from 'vitest';
import {
  addToHistory,
  HISTORY_KEY,
  HISTORY_MAX,
  loadHistory,
  saveHistory,
  type HistoryStorage,
} from '../../../renderer/views/sql/sql-history.js';

function memoryStorage(initial: Record<string, string> = {}): HistoryStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const failingStorage: HistoryStorage = {
  getItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('addToHistory', () => {
  it.each<[string, string[], string, number | undefined, string[]]>([
    ['into an empty history', [], 'SELECT 1', undefined, ['SELECT 1']],
    ['newest first', ['SELECT 1'], 'SELECT 2', undefined, ['SELECT 2', 'SELECT 1']],
    [
      'a repeat moves to the front, once',
      ['SELECT 2', 'SELECT 1', 'SELECT 3'],
      'SELECT 1',
      undefined,
      ['SELECT 1', 'SELECT 2', 'SELECT 3'],
    ],
    ['the newest again: unchanged', ['SELECT 1', 'SELECT 2'], 'SELECT 1', undefined, ['SELECT 1', 'SELECT 2']],
    ['trimmed, so whitespace does not make it distinct', ['SELECT 1'], '  SELECT 1\n', undefined, ['SELECT 1']],
    ['blank SQL is not added', ['SELECT 1'], '   ', undefined, ['SELECT 1']],
    ['case matters (it is what the user typed)', ['select 1'], 'SELECT 1', undefined, ['SELECT 1', 'select 1']],
    ['the oldest falls off at the limit', ['c', 'b', 'a'], 'd', 3, ['d', 'c', 'b']],
    ['a repeat at the limit drops nothing else', ['c', 'b', 'a'], 'a', 3, ['a', 'c', 'b']],
  ])('%s', (_name, list, sql, max, expected) => {
    expect(addToHistory(list, sql, max)).toEqual(expected);
  });

  it('keeps 50 by default', () => {
    let list: string[] = [];
    for (let i = 0; i < 60; i++) list = addToHistory(list, `SELECT ${i}`);
    expect(list).toHaveLength(HISTORY_MAX);
    expect(HISTORY_MAX).toBe(50);
    expect(list[0]).toBe('SELECT 59');
    expect(list.at(-1)).toBe('SELECT 10');
  });

  it('does not change the list it is given', () => {
    const list = ['SELECT 1'];
    addToHistory(list, 'SELECT 2');
    expect(list).toEqual(['SELECT 1']);
  });
});

describe('loadHistory', () => {
  it.each<[string, string | undefined, string[]]>([
    ['nothing stored', undefined, []],
    ['a stored list', JSON.stringify(['SELECT 2', 'SELECT 1']), ['SELECT 2', 'SELECT 1']],
    ['bad JSON', '[not json', []],
    ['JSON that is not a list', '{"a":1}', []],
    ['a JSON string', '"SELECT 1"', []],
    ['JSON null', 'null', []],
    ['non-strings in the list, left out', JSON.stringify(['SELECT 1', 2, null, { sql: 'x' }, 'SELECT 2']), ['SELECT 1', 'SELECT 2']],
    ['blank entries, left out', JSON.stringify(['', '  ', 'SELECT 1']), ['SELECT 1']],
    ['repeats, kept once where first seen', JSON.stringify(['SELECT 1', 'SELECT 2', ' SELECT 1 ']), ['SELECT 1', 'SELECT 2']],
  ])('%s', (_name, stored, expected) => {
    const storage = memoryStorage(stored === undefined ? {} : { [HISTORY_KEY]: stored });
    expect(loadHistory(storage)).toEqual(expected);
  });

  it('reads at most 50 entries', () => {
    const stored = Array.from({ length: 80 }, (_, i) => `SELECT ${i}`);
    const list = loadHistory(memoryStorage({ [HISTORY_KEY]: JSON.stringify(stored) }));
    expect(list).toEqual(stored.slice(0, 50));
  });

  it('reads an unusable storage as an empty history', () => {
    expect(loadHistory(failingStorage)).toEqual([]);
  });
});

describe('saveHistory', () => {
  it('stores JSON under hopscope.sql.history, and reads back the same list', () => {
    const storage = memoryStorage();
    const list = addToHistory(addToHistory([], "SELECT 'a;b' -- x"), 'SELECT 2');
    expect(saveHistory(storage, list)).toBe(true);
    expect(HISTORY_KEY).toBe('hopscope.sql.history');
    expect(JSON.parse(storage.data.get('hopscope.sql.history')!)).toEqual(list);
    expect(loadHistory(storage)).toEqual(list);
  });

  it('survives a full or unavailable storage', () => {
    expect(saveHistory(failingStorage, ['SELECT 1'])).toBe(false);
  });
});
