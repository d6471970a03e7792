/** The preload script with `electron` mocked: what it exposes to the page, and nothing more. */
import { describe, expect, it, vi } from 'vitest';
import type { HopscopeBridge } from '../../electron/bridge-api.js';

const { exposeInMainWorld, invoke } = vi.hoisted(() => ({ exposeInMainWorld: vi.fn(), invoke: vi.fn() }));
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke } }));

/** Every function reachable from `value` (a bridge must expose only the ones added on purpose). */
function functionsIn(value: unknown, at = 'hopscope'): string[] {
  if (typeof value === 'function') return [at];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => functionsIn(inner, `${at}.${key}`));
}

async function exposedBridge(): Promise<HopscopeBridge> {
  await import('../../electron/preload.js');
  expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = exposeInMainWorld.mock.calls[0] as [string, HopscopeBridge];
  expect(key).toBe('hopscope');
  return api;
}

describe('electron preload', () => {
  it('exposes window.hopscope: the platform and versions as plain data, and the two save functions', async () => {
    const api = (await exposedBridge()) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['platform', 'saveFile', 'saveFiles', 'versions']);
    expect(Object.keys(api.versions as object).sort()).toEqual(['chrome', 'electron', 'node']);
    expect(api.platform).toBe(process.platform);
    expect((api.versions as Record<string, unknown>).node).toBe(process.versions.node);
    expect(functionsIn(api).sort()).toEqual(['hopscope.saveFile', 'hopscope.saveFiles']);
  });

  it('saveFile and saveFiles each invoke their own channel with the request alone, and return its answer', async () => {
    const api = await exposedBridge();
    const fileRequest = { suggestedName: 'query.csv', data: 'a,b\n', filters: [{ name: 'CSV file', extensions: ['csv'] }] };
    invoke.mockResolvedValueOnce({ saved: true, path: '/home/me/query.csv' });
    await expect(api.saveFile(fileRequest)).resolves.toEqual({ saved: true, path: '/home/me/query.csv' });
    expect(invoke).toHaveBeenLastCalledWith('hopscope:save-file', fileRequest);

    const filesRequest = { suggestedName: 'report.md', main: '# Report', assets: [{ name: 'map.png', data: new Uint8Array([1, 2]) }] };
    invoke.mockResolvedValueOnce({ saved: false });
    // An extra argument from the page is not passed on: the channel carries exactly one request.
    await expect((api.saveFiles as (...args: unknown[]) => Promise<unknown>)(filesRequest, 'extra')).resolves.toEqual({ saved: false });
    expect(invoke).toHaveBeenLastCalledWith('hopscope:save-files', filesRequest);
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});
