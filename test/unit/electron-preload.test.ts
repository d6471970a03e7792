/** The preload script with `electron` mocked: what it exposes to the page, and nothing more. */
import { describe, expect, it, vi } from 'vitest';

const exposeInMainWorld = vi.hoisted(() => vi.fn());
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld } }));

/** Every function reachable from `value` (a bridge must expose none until one is added on purpose). */
function functionsIn(value: unknown, at = 'hopscope'): string[] {
  if (typeof value === 'function') return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => functionsIn(inner, `${at}.${key}`));
}

describe('electron preload', () => {
  it('exposes window.hopscope with the platform and versions only, as plain data', async () => {
    await import('../../electron/preload.js');

    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('hopscope');
    expect(Object.keys(api).sort()).toEqual(['platform', 'versions']);
    expect(Object.keys(api.versions as object).sort()).toEqual(['chrome', 'electron', 'node']);
    expect(api.platform).toBe(process.platform);
    expect((api.versions as Record<string, unknown>).node).toBe(process.versions.node);
    expect(functionsIn(api)).toEqual([]);
  });
});
