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
    readonly events = new Map<string, Handler>();
    readonly loadURL = vi.fn(async () => {});
    readonly once = vi.fn((event: string, handler: Handler) => this.events.set(event, handler));
    readonly on = vi.fn((event: string, handler: Handler) => this.events.set(event, handler));
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    readonly maximize = vi.fn();
    readonly isMinimized = vi.fn(() => false);
    readonly isFocused = () => true;
    readonly isMaximized = vi.fn(() => false);
    readonly getNormalBounds = vi.fn(() => ({ x: 0, y: 0, width: 1280, height: 860 }));
    readonly isDestroyed = () => false;
    readonly webContents = { id: FakeWindow.instances.length + 1, getURL: vi.fn(() => 'app://hopscope/index.html') };
    constructor(readonly options: Record<string, unknown>) {
      FakeWindow.instances.push(this);
    }
  }
  const appEvents = new Map<string, Handler>();
  const state = { appPath: '', userData: '' };
  return {
    FakeWindow,
    appEvents,
    state,
    app: {
      name: 'Hopscope',
      isPackaged: false,
      on: vi.fn((event: string, handler: Handler) => appEvents.set(event, handler)),
      whenReady: vi.fn(() => Promise.resolve()),
      isReady: () => true,
      requestSingleInstanceLock: vi.fn(() => true),
      getAppPath: () => state.appPath,
      getPath: vi.fn((name: string) => (name === 'userData' ? state.userData : '/nowhere')),
      getVersion: () => '0.1.0',
      setAboutPanelOptions: vi.fn(),
      addRecentDocument: vi.fn(),
      clearRecentDocuments: vi.fn(),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    ipcMain: { handle: vi.fn() },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    Menu: { buildFromTemplate: vi.fn((template: unknown[]) => ({ template })), setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    shell: { openExternal: vi.fn(async () => {}) },
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
  Menu: electron.Menu,
  screen: electron.screen,
  shell: electron.shell,
}));
// The file channels themselves are tested with renderer-channel.ts; here only what main.ts hands them.
const channel = vi.hoisted(() => ({ registerRendererChannel: vi.fn(), sendFilesToWindow: vi.fn(), sendCommand: vi.fn() }));
vi.mock('../../electron/renderer-channel.js', () => channel);

const SECRET = 'not for the renderer';
const WORKER_FILE = 'assets/engine-worker-abc123.js';
let appPath: string;
let buildDir: string;
let serve: (request: Request) => Promise<Response>;
let launchTrace: string;
const argv = process.argv;

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
  electron.state.userData = path.join(appPath, 'userData');
  // Launched with a trace on the command line (as the OS does for "Open with").
  launchTrace = path.join(appPath, 'launch.json');
  writeFileSync(launchTrace, '{}');
  process.argv = ['/opt/Hopscope/hopscope', launchTrace, path.join(appPath, 'missing.json')];

  await import('../../electron/main.js');
  await vi.waitFor(() => expect(electron.FakeWindow.instances).toHaveLength(1));
  const [scheme, handler] = electron.protocol.handle.mock.calls[0] as [string, typeof serve];
  expect(scheme).toBe('app');
  serve = handler;
});

afterAll(() => {
  process.argv = argv;
  rmSync(appPath, { recursive: true, force: true });
});

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

  it('blocks navigation, new windows and webviews in every web contents; only allow-listed links go to the browser', () => {
    const events = new Map<string, Handler>();
    const contents = { on: vi.fn((event: string, handler: Handler) => events.set(event, handler)), setWindowOpenHandler: vi.fn() };
    electron.appEvents.get('web-contents-created')!({}, contents);

    for (const event of ['will-navigate', 'will-attach-webview']) {
      for (const url of ['https://example.com/', 'https://opentelemetry.io/docs/']) {
        const preventDefault = vi.fn();
        events.get(event)!({ preventDefault }, url);
        expect(preventDefault, `${event} ${url}`).toHaveBeenCalled();
      }
    }
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as Handler;
    expect(openHandler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(openHandler({ url: 'https://opentelemetry.io/docs/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://opentelemetry.io/docs/');
  });
});

describe('electron main: desktop shell', () => {
  const firstWindow = () => electron.FakeWindow.instances[0]!;
  type MenuItem = { label?: string; role?: string; submenu?: MenuItem[]; click?: () => void };
  const currentMenu = () => (electron.Menu.setApplicationMenu.mock.lastCall![0] as { template: MenuItem[] }).template;
  const menuItem = (menu: string, label: string) =>
    currentMenu()
      .find((item) => item.label === menu)!
      .submenu!.find((item) => item.label === label)!;
  const sentFiles = () => channel.sendFilesToWindow.mock.calls.map(([window, files]) => [window, files]);

  it('holds the single-instance lock', () => {
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(electron.app.quit).not.toHaveBeenCalled();
  });

  it('hands the files on its command line to the window once, and remembers them as recent', () => {
    expect(sentFiles()).toEqual([[firstWindow(), [launchTrace]]]);
    const recent = menuItem('&File', 'Open Recent').submenu!;
    expect(recent[0]!.label).toBe(`launch.json — ${appPath}`);
  });

  it('registers the file channels for its own windows only', () => {
    const isOurs = channel.registerRendererChannel.mock.calls[0]![0] as Handler;
    expect(isOurs({ sender: firstWindow().webContents })).toBe(true);
    expect(isOurs({ sender: { id: 99 } })).toBe(false);
  });

  it('a second launch focuses the window and hands over its files, relative to its own folder', () => {
    channel.sendFilesToWindow.mockClear();
    const window = firstWindow();
    window.isMinimized.mockReturnValueOnce(true);
    electron.appEvents.get('second-instance')!({}, ['/opt/Hopscope/hopscope', '--flag', 'launch.json'], appPath);
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(sentFiles()).toEqual([[window, [launchTrace]]]);

    electron.appEvents.get('second-instance')!({}, ['/opt/Hopscope/hopscope', '--open-samples'], appPath);
    expect(channel.sendCommand).toHaveBeenLastCalledWith(window, 'open-samples');
    expect(electron.FakeWindow.instances).toHaveLength(1);
  });

  it("takes macOS's open-file events", () => {
    channel.sendFilesToWindow.mockClear();
    const preventDefault = vi.fn();
    electron.appEvents.get('open-file')!({ preventDefault }, launchTrace);
    expect(preventDefault).toHaveBeenCalled();
    expect(sentFiles()).toEqual([[firstWindow(), [launchTrace]]]);
  });

  it('File > Open… asks with the trace filters and opens what was picked; Export Report… goes to the page', async () => {
    channel.sendFilesToWindow.mockClear();
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [launchTrace] });
    menuItem('&File', 'Open…').click!();
    await vi.waitFor(() => expect(channel.sendFilesToWindow).toHaveBeenCalled());
    const [parent, options] = electron.dialog.showOpenDialog.mock.calls[0] as unknown as [
      unknown,
      { properties: string[]; filters: { extensions: string[] }[] },
    ];
    expect(parent).toBe(firstWindow());
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters[0]!.extensions).toEqual(expect.arrayContaining(['json', 'pb', 'json.gz']));
    expect(sentFiles()).toEqual([[firstWindow(), [launchTrace]]]);

    menuItem('&File', 'Export Report…').click!();
    expect(channel.sendCommand).toHaveBeenLastCalledWith(firstWindow(), 'export-report');
  });

  it('saves the window state on close and restores it in the next window', () => {
    const window = firstWindow();
    window.getNormalBounds.mockReturnValue({ x: 40, y: 30, width: 1000, height: 700 });
    window.isMaximized.mockReturnValue(true);
    window.webContents.getURL.mockReturnValue('app://hopscope/index.html#/d/launch/map');
    window.events.get('close')!();
    window.events.get('closed')!();
    electron.FakeWindow.instances.length = 0;

    electron.appEvents.get('activate')!();
    const next = electron.FakeWindow.instances[0]!;
    expect(next.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(next.loadURL).toHaveBeenCalledWith('app://hopscope/index.html#/d/launch/map');
    next.events.get('ready-to-show')!();
    expect(next.maximize).toHaveBeenCalled();
    expect(next.show).toHaveBeenCalled();
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

describe('electron main: second instance', () => {
  it('quits at once, opening nothing, when another instance holds the lock', async () => {
    vi.resetModules();
    electron.app.requestSingleInstanceLock.mockReturnValueOnce(false);
    const windows = electron.FakeWindow.instances.length;
    const handlers = electron.ipcMain.handle.mock.calls.length;
    await import('../../electron/main.js');
    expect(electron.app.quit).toHaveBeenCalledOnce();
    expect(electron.ipcMain.handle.mock.calls).toHaveLength(handlers);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(electron.FakeWindow.instances).toHaveLength(windows);
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
