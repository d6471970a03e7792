/**
 * The Electron main process with `electron` mocked: its security settings,
 * the app:// file server, its IPC channels, and what the renderer is refused.
 * (Saving itself is tested in electron-save.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startUrl } from '../../electron/app-protocol.js';
import { resolveUnderRoot } from '../../electron/static-files.js';
import { CONTENT_SECURITY_POLICY, CSP_MANIFEST_FILE } from '../../electron/csp.js';

type Handler = (...args: unknown[]) => unknown;

const electron = vi.hoisted(() => {
  class FakeWindow {
    static instances: FakeWindow[] = [];
    static getAllWindows = () => FakeWindow.instances;
    readonly loadURL = vi.fn(async () => {});
    readonly once = vi.fn();
    readonly on = vi.fn();
    readonly show = vi.fn();
    readonly isDestroyed = () => false;
    readonly webContents = { id: FakeWindow.instances.length + 1 };
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.instances.push(this);
    }
  }
  const appEvents = new Map<string, Handler>();
  const state = { appPath: '' };
  return {
    FakeWindow,
    appEvents,
    state,
    app: {
      on: vi.fn((event: string, handler: Handler) => appEvents.set(event, handler)),
      whenReady: vi.fn(() => Promise.resolve()),
      isReady: () => true,
      getAppPath: () => state.appPath,
      quit: vi.fn(),
      exit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn() },
    dialog: { showSaveDialog: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() } },
  };
});
vi.mock('electron', () => ({
  app: electron.app,
  protocol: electron.protocol,
  session: electron.session,
  BrowserWindow: electron.FakeWindow,
  ipcMain: electron.ipcMain,
  dialog: electron.dialog,
}));

const SECRET = 'not for the renderer';
const WORKER_FILE = 'assets/engine-worker-abc123.js';
let appPath: string;
let buildDir: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  // An app folder: dist-web/ with a build in it, and a secret next to it that no URL may reach.
  appPath = mkdtempSync(path.join(os.tmpdir(), 'hopscope-main-'));
  buildDir = path.join(appPath, 'dist-web');
  mkdirSync(path.join(buildDir, 'assets'), { recursive: true });
  writeFileSync(path.join(buildDir, 'index.html'), '<!doctype html><title>Hopscope</title>');
  writeFileSync(path.join(buildDir, WORKER_FILE), 'self.onmessage = () => {};');
  writeFileSync(path.join(buildDir, 'assets', 'duckdb.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  writeFileSync(path.join(buildDir, CSP_MANIFEST_FILE), JSON.stringify({ policy: CONTENT_SECURITY_POLICY }));
  writeFileSync(path.join(appPath, 'secret.txt'), SECRET);
  electron.state.appPath = appPath;

  await import('../../electron/main.js');
  await vi.waitFor(() => expect(electron.FakeWindow.instances).toHaveLength(1));
  const [scheme, handler] = electron.protocol.handle.mock.calls[0] as [string, typeof serve];
  expect(scheme).toBe('app');
  serve = handler;
});

afterAll(() => rmSync(appPath, { recursive: true, force: true }));

describe('electron main: start page', () => {
  it('opens the app, at the samples route only when the command line asks for it (npm start does)', () => {
    expect(startUrl(['/path/to/electron', '.'])).toBe('app://hopscope/index.html');
    expect(startUrl(['/path/to/electron', '.', '--open-samples'])).toBe('app://hopscope/index.html#/samples');
    expect(startUrl(['/path/to/electron', '.', '--open-samples-later'])).toBe('app://hopscope/index.html');
  });
});

describe('electron main: window', () => {
  it('registers app:// as a standard, secure, fetchable scheme before the app is ready', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
    const registered = electron.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!;
    expect(registered).toBeLessThan(electron.app.whenReady.mock.invocationCallOrder[0]!);
  });

  it('opens one window: isolated, sandboxed, no Node.js, web security on, with the bundled preload', () => {
    const window = electron.FakeWindow.instances[0]!;
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
    });
    expect(window.loadURL).toHaveBeenCalledWith('app://hopscope/index.html');
  });

  it('denies every permission request and check but writing an image to the clipboard from the app itself', () => {
    const { setPermissionRequestHandler, setPermissionCheckHandler } = electron.session.defaultSession;
    const request = setPermissionRequestHandler.mock.calls[0]![0] as Handler;
    const check = setPermissionCheckHandler.mock.calls[0]![0] as Handler;
    const cases: [permission: string, url: string, granted: boolean][] = [
      ['media', 'app://hopscope/index.html', false],
      ['geolocation', 'app://hopscope/index.html', false],
      ['notifications', 'app://hopscope/index.html', false],
      ['clipboard-read', 'app://hopscope/index.html', false],
      ['openExternal', 'app://hopscope/index.html', false],
      ['clipboard-sanitized-write', 'app://hopscope/index.html', true],
      ['clipboard-sanitized-write', 'https://example.com/', false],
      ['clipboard-sanitized-write', 'app://elsewhere/index.html', false],
    ];
    for (const [permission, url, granted] of cases) {
      const callback = vi.fn();
      request({}, permission, callback, { requestingUrl: url });
      expect(callback, `${permission} from ${url}`).toHaveBeenCalledWith(granted);
      expect(check({}, permission, new URL(url).origin === 'null' ? url : new URL(url).origin, {}), `${permission} check`).toBe(granted);
    }
  });

  it('blocks navigation, new windows and webviews in every web contents', () => {
    const events = new Map<string, Handler>();
    const contents = { on: vi.fn((event: string, handler: Handler) => events.set(event, handler)), setWindowOpenHandler: vi.fn() };
    electron.appEvents.get('web-contents-created')!({}, contents);

    for (const event of ['will-navigate', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      events.get(event)!({ preventDefault }, 'https://example.com/');
      expect(preventDefault, event).toHaveBeenCalled();
    }
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as Handler;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('electron main: IPC', () => {
  it('answers the two save channels and nothing else', () => {
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(channels.sort()).toEqual(['hopscope:save-file', 'hopscope:save-files']);
  });

  it("refuses a save from web contents that are not its window's (before any dialog)", async () => {
    const handler = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === 'hopscope:save-file')![1] as Handler;
    const request = { suggestedName: 'a.csv', data: 'x' };
    const frame = { parent: null, url: 'app://hopscope/index.html' };
    await expect(handler({ sender: { id: 99 }, senderFrame: frame }, request)).rejects.toThrow(/did not come from a Hopscope window/);
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('electron main: app:// protocol', () => {
  const get = (url: string, init?: RequestInit) => serve(new Request(url, init));

  it('serves files of the web build with their type and Content-Security-Policy', async () => {
    for (const url of ['app://hopscope/index.html', 'app://hopscope/', 'app://hopscope']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await response.text()).toContain('<title>Hopscope</title>');
    }
    const wasm = await get('app://hopscope/assets/duckdb.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('sends the engine worker the same strict policy: no eval, only WebAssembly compilation', async () => {
    const response = await get(`app://hopscope/${WORKER_FILE}`);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("'wasm-unsafe-eval'");
  });

  it('never serves a file outside the web build', async () => {
    const secretPath = path.join(appPath, 'secret.txt');
    const attempts = [
      'app://hopscope/../secret.txt',
      'app://hopscope/%2e%2e/secret.txt',
      'app://hopscope/%2E%2E/secret.txt',
      'app://hopscope/..%2fsecret.txt',
      'app://hopscope/..%2Fsecret.txt',
      'app://hopscope/assets/..%2f..%2fsecret.txt',
      'app://hopscope/%2e%2e%2fsecret.txt',
      'app://hopscope/..%5csecret.txt',
      'app://hopscope/%2fetc%2fpasswd',
      `app://hopscope/${encodeURIComponent(secretPath)}`,
      `app://hopscope/${secretPath}`,
      'app://hopscope/%252e%252e/secret.txt',
      'app://hopscope/index.html%00.png',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect(response.status, url).not.toBe(200);
      expect(await response.text(), url).not.toContain(SECRET);
    }
  });

  it('answers 404 for other hosts and missing files, 405 for anything but GET and HEAD', async () => {
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    expect((await get('app://hopscope/missing.js')).status).toBe(404);
    expect((await get('app://hopscope/assets')).status).toBe(404);
    expect((await get('app://hopscope/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
    const head = await get('app://hopscope/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveUnderRoot', () => {
  const root = path.join(os.tmpdir(), 'build');

  it('maps URL paths to files under the root', () => {
    expect(resolveUnderRoot(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveUnderRoot(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveUnderRoot(root, '/samples/before%20migration.gz')).toBe(path.join(root, 'samples', 'before migration.gz'));
  });

  it('refuses dot segments, empty segments, encoded separators, drive colons, NULs and absolute paths', () => {
    const refused = [
      '/../secret',
      '/assets/../../secret',
      '/./index.html',
      '/%2e%2e/secret',
      '/%2E%2E/secret',
      '/..%2fsecret',
      '/assets%2f..%2f..%2fsecret',
      '/..%5csecret',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/C:%5cWindows%5cwin.ini',
      '/C:/Windows/win.ini',
      '/index.html%00',
      '/%E0%A4%A',
      'etc/passwd',
      '',
    ];
    for (const urlPath of refused) expect(resolveUnderRoot(root, urlPath), urlPath).toBeNull();
  });
});
