/**
 * The security settings of what ships, not of the TypeScript: main.cjs and
 * preload.cjs are bundled by scripts/build.mjs into a temporary directory, and
 * main.cjs runs against a fake `electron` that records every window it opens
 * and every call on `protocol` and `session`. A setting lost in bundling (or
 * in a refactor that the source-level test, electron-main.test.ts, mocks
 * around) fails here.
 *
 * The fake is built from Proxies: any API the main process starts using is a
 * callable, chainable stub, so this test does not break whenever main.ts grows.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY, CSP_MANIFEST_FILE } from '../../electron/csp.js';

type Fn = (...args: unknown[]) => unknown;
interface Call {
  path: string;
  args: unknown[];
}

/** Every call made on a stub, by dotted path ("session.defaultSession.setPermissionRequestHandler"). */
const calls: Call[] = [];
const callsTo = (name: string) => calls.filter((c) => c.path === name);

/**
 * A stub at `name`: callable and constructible (returning further stubs),
 * every property another stub, `overrides` for the few values that must be real.
 * It is not a thenable (awaiting it must not hang) and iterates as empty.
 */
function stub(name: string, overrides: Record<PropertyKey, unknown> = {}): Fn {
  const children = new Map<PropertyKey, unknown>();
  const target = function () {} as Fn;
  return new Proxy(target, {
    get(_target, key) {
      if (key in overrides) return overrides[key];
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => `[stub ${name}]`;
      if (key === Symbol.iterator) return function* () {};
      if (typeof key === 'symbol') return undefined;
      if (!children.has(key)) children.set(key, stub(`${name}.${key}`));
      return children.get(key);
    },
    set(_target, key, value) {
      overrides[key] = value;
      return true;
    },
    apply(_target, _this, args) {
      calls.push({ path: name, args });
      return stub(`${name}()`);
    },
    construct(_target, args) {
      calls.push({ path: `new ${name}`, args });
      return stub(`new ${name}()`) as object;
    },
  });
}

/** A method that records its call under `name` and returns `value`. */
const recording =
  (name: string, value?: unknown) =>
  (...args: unknown[]) => {
    calls.push({ path: name, args });
    return value;
  };

const windows: { options: Record<string, unknown>; proxy: Fn }[] = [];
const appHandlers = new Map<string, Fn[]>();
let workDir: string;
let bundleDir: string;

function fakeElectron(appPath: string): Record<string, unknown> {
  const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
  const onEvent = (event: string, handler: Fn) => {
    appHandlers.set(event, [...(appHandlers.get(event) ?? []), handler]);
  };
  const app = stub('app', {
    name: 'Hopscope',
    isPackaged: true,
    on: onEvent,
    once: onEvent,
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    getAppPath: () => appPath,
    getPath: (which: string) => path.join(workDir, 'paths', which),
    getVersion: () => '0.1.0',
    getName: () => 'Hopscope',
    getLocale: () => 'en-US',
    requestSingleInstanceLock: () => true,
  });
  class BrowserWindow {
    static getAllWindows = () => windows.map((w) => w.proxy);
    static getFocusedWindow = () => windows[0]?.proxy ?? null;
    constructor(options: Record<string, unknown>) {
      const webContents = stub('window.webContents', { getURL: () => 'app://hopscope/index.html', isLoading: () => false });
      const proxy = stub('window', {
        webContents,
        isDestroyed: () => false,
        isMinimized: () => false,
        isMaximized: () => false,
        isFocused: () => true,
        getNormalBounds: () => ({ x: 10, y: 10, width: 1280, height: 860 }),
        getBounds: () => ({ x: 10, y: 10, width: 1280, height: 860 }),
      });
      windows.push({ options, proxy });
      return proxy as unknown as BrowserWindow;
    }
  }
  const defaultSession = stub('session.defaultSession', {
    setPermissionRequestHandler: recording('session.defaultSession.setPermissionRequestHandler'),
    setPermissionCheckHandler: recording('session.defaultSession.setPermissionCheckHandler'),
  });
  return new Proxy(
    {
      app,
      BrowserWindow,
      protocol: stub('protocol'),
      session: stub('session', { defaultSession }),
      screen: stub('screen', { getAllDisplays: () => [display], getPrimaryDisplay: () => display }),
    },
    // Any other export (Menu, dialog, ipcMain, shell, …) is a stub of its own name.
    { get: (fake, key: string) => (key in fake ? fake[key as keyof typeof fake] : stub(key)) },
  );
}

/** Runs a CommonJS bundle as Node would, but with `electron` resolved to `electron` and `argv` as Electron passes it. */
function runBundle(file: string, electron: unknown, argv: string[]): void {
  const nodeRequire = createRequire(file);
  const fakeRequire = (id: string) => (id === 'electron' ? electron : nodeRequire(id));
  // The bundle's own `process` sees Electron's command line; listeners it adds stay on this object.
  const fakeProcess = Object.create(process, { argv: { value: argv } }) as NodeJS.Process;
  const module = { exports: {} };
  const run = vm.compileFunction(readFileSync(file, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname', 'process'], {
    filename: file,
  });
  run(module.exports, fakeRequire, module, file, path.dirname(file), fakeProcess);
}

interface BuildScript {
  buildElectron(options: { outDir: string }): Promise<void>;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(os.tmpdir(), 'hopscope-bundle-'));
  bundleDir = path.join(workDir, 'dist', 'electron');
  const script = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  const { buildElectron } = (await import(script)) as BuildScript;
  await buildElectron({ outDir: bundleDir });
  // The app folder as packaged: the bundles, and a (minimal) web build whose CSP manifest main reads when ready.
  mkdirSync(path.join(workDir, 'dist-web'));
  writeFileSync(path.join(workDir, 'dist-web', 'index.html'), '<!doctype html><title>Hopscope</title>');
  writeFileSync(path.join(workDir, 'dist-web', CSP_MANIFEST_FILE), JSON.stringify({ policy: CONTENT_SECURITY_POLICY }));

  runBundle(path.join(bundleDir, 'main.cjs'), fakeElectron(workDir), ['/opt/Hopscope/hopscope', '--open-samples']);
  for (const handler of appHandlers.get('ready') ?? []) handler();
  // whenReady() resolves on the next tick; the window opens in its callback.
  await vi.waitFor(() => expect(windows.length).toBeGreaterThan(0));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('electron bundle: main.cjs as shipped', () => {
  it('opens every window isolated, sandboxed, without Node.js and with web security on', () => {
    for (const { options } of windows) {
      const webPreferences = options.webPreferences as Record<string, unknown>;
      expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      expect(webPreferences).not.toHaveProperty('enableRemoteModule');
      expect(webPreferences.nodeIntegrationInWorker).not.toBe(true);
      expect(webPreferences.allowRunningInsecureContent).not.toBe(true);
      expect(webPreferences.webviewTag).not.toBe(true);
      expect(webPreferences.preload).toBe(path.join(workDir, 'dist', 'electron', 'preload.cjs'));
    }
  });

  it('installs a permission handler that refuses what the app does not use', () => {
    const [install] = callsTo('session.defaultSession.setPermissionRequestHandler');
    expect(install).toBeDefined();
    const handler = install!.args[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: unknown,
    ) => void;
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      handler(stub('contents'), permission, callback, { requestingUrl: 'app://hopscope/index.html' });
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(callsTo('session.defaultSession.setPermissionCheckHandler')).toHaveLength(1);
  });

  it('serves the app from its own privileged scheme', () => {
    expect(callsTo('protocol.registerSchemesAsPrivileged')).toHaveLength(1);
    expect(callsTo('protocol.handle').map((c) => c.args[0])).toContain('app');
  });
});

describe('electron bundle: preload.cjs as shipped', () => {
  it('requires nothing but electron (a sandboxed preload can load nothing else)', () => {
    const source = readFileSync(path.join(bundleDir, 'preload.cjs'), 'utf8');
    const required = new Set([...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });
});
