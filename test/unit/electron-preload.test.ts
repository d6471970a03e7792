/** The preload script with `electron` mocked: what it exposes to the page, and nothing more. */
import { describe, expect, it, vi } from 'vitest';
import type { HopscopeBridge } from '../../electron/bridge-api.js';

const { exposeInMainWorld, invoke, on, pushed } = vi.hoisted(() => {
  /** What the preload listens to on each main → page channel. */
  const pushed = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  return {
    exposeInMainWorld: vi.fn(),
    invoke: vi.fn(),
    on: vi.fn((channel: string, listener: (event: unknown, ...args: unknown[]) => void) => pushed.set(channel, listener)),
    pushed,
  };
});
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke, on } }));

/** The main process sending `payload` on `channel`, with an event object the page must never see. */
function mainSends(channel: string, payload: unknown): void {
  const listener = pushed.get(channel);
  expect(listener).toBeDefined();
  listener!({ sender: 'the IpcRendererEvent', ports: [] }, payload);
}

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
  it('exposes window.hopscope: the platform and versions as plain data, and its named functions only', async () => {
    const api = (await exposedBridge()) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([
      'closeFile',
      'onCommand',
      'onFilesOpened',
      'platform',
      'readFileChunk',
      'saveFile',
      'saveFiles',
      'versions',
    ]);
    expect(Object.keys(api.versions as object).sort()).toEqual(['chrome', 'electron', 'node']);
    expect(api.platform).toBe(process.platform);
    expect((api.versions as Record<string, unknown>).node).toBe(process.versions.node);
    expect(functionsIn(api).sort()).toEqual([
      'hopscope.closeFile',
      'hopscope.onCommand',
      'hopscope.onFilesOpened',
      'hopscope.readFileChunk',
      'hopscope.saveFile',
      'hopscope.saveFiles',
    ]);
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

  it('readFileChunk and closeFile invoke their channels with exactly their arguments', async () => {
    const api = await exposedBridge();
    invoke.mockReset();
    invoke.mockResolvedValueOnce(new Uint8Array([1, 2, 3]));
    const read = api.readFileChunk as (...args: unknown[]) => Promise<Uint8Array>;
    await expect(read('id-1', 4096, 3, 'extra')).resolves.toEqual(new Uint8Array([1, 2, 3]));
    expect(invoke).toHaveBeenLastCalledWith('hopscope:read-chunk', 'id-1', 4096, 3);
    invoke.mockResolvedValueOnce('ignored');
    await expect(api.closeFile('id-1')).resolves.toBeUndefined();
    expect(invoke).toHaveBeenLastCalledWith('hopscope:close-file', 'id-1');
  });

  it('hands listeners the payload only, as plain data, keeping what came before the first listener', async () => {
    const api = await exposedBridge();
    const file = { id: 'a', name: 'trace.json', size: 12 };
    // Sent before the page subscribed (the files the app was launched with).
    mainSends('hopscope:files-opened', [file]);
    mainSends('hopscope:command', 'open-samples');
    const files: unknown[][] = [];
    const commands: unknown[][] = [];
    const offFiles = api.onFilesOpened((...args: unknown[]) => files.push(args));
    const offCommand = api.onCommand((...args: unknown[]) => commands.push(args));
    expect(files).toEqual([[[file]]]);
    expect(commands).toEqual([['open-samples']]);

    // Extra fields are dropped, malformed entries and unknown commands are not passed on.
    mainSends('hopscope:files-opened', [{ ...file, id: 'b', path: '/secret/trace.json' }, { id: 3 }, null]);
    mainSends('hopscope:files-opened', 'not a list');
    mainSends('hopscope:command', 'format-disk');
    mainSends('hopscope:command', 'export-report');
    expect(files).toEqual([[[file]], [[{ ...file, id: 'b' }]]]);
    expect(commands).toEqual([['open-samples'], ['export-report']]);

    offFiles();
    offCommand();
    mainSends('hopscope:command', 'reload-datasets');
    expect(commands).toHaveLength(2);
    // Kept again for the next listener.
    const later: unknown[] = [];
    api.onCommand((command) => later.push(command));
    expect(later).toEqual(['reload-datasets']);
  });
});
