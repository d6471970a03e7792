/**
 * The desktop shell's pure parts, without Electron: which command-line
 * arguments are files, the recent files list, the window state, the menu
 * template, and which links may leave the app. (How main.ts wires them is in
 * electron-main.test.ts.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { externalLinkHandler, isAllowedExternalUrl } from '../../electron/external-links.js';
import { FileInbox, filesFromArgv } from '../../electron/launch-files.js';
import { aboutDialogOptions, menuTemplate, openDialogFilters, type MenuDeps } from '../../electron/menu.js';
import { MAX_RECENT_FILES, parseRecentFiles, RecentFiles, withRecent } from '../../electron/recent-files.js';
import {
  captureWindowState,
  isOnSomeDisplay,
  loadWindowState,
  parseWindowState,
  restoredBounds,
  routeHashOf,
  saveWindowState,
  startUrlFor,
} from '../../electron/window-state.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'hopscope-shell-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('filesFromArgv', () => {
  const cwd = path.resolve('/home/ana/traces');
  const existing = new Set([
    path.resolve(cwd, 'a.json'),
    path.resolve(cwd, 'b.pb.gz'),
    path.resolve('/data/c.jsonl'),
    path.resolve(cwd, '-dash.json'),
  ]);
  const exists = (file: string) => existing.has(file);
  const a = path.resolve(cwd, 'a.json');
  const b = path.resolve(cwd, 'b.pb.gz');
  const c = path.resolve('/data/c.jsonl');

  const cases: [name: string, argv: string[], leading: number, files: string[]][] = [
    ['nothing but the executable', ['/opt/Hopscope/hopscope'], 1, []],
    ['a relative file, resolved against cwd', ['/opt/Hopscope/hopscope', 'a.json'], 1, [a]],
    ['absolute and relative, in order', ['hopscope', '/data/c.jsonl', 'b.pb.gz', 'a.json'], 1, [c, b, a]],
    [
      'our flag and Chromium/macOS flags are skipped',
      ['hopscope', '--open-samples', '--allow-file-access-from-files', '-psn_0_1234', 'a.json'],
      1,
      [a],
    ],
    ['flags with values are skipped', ['hopscope', '--original-process-start-time=13371337', 'a.json'], 1, [a]],
    ['development: the app folder is Electron’s too', ['/electron', '.', 'a.json'], 2, [a]],
    ['development: a file as app path is never opened', ['/electron', 'a.json', 'b.pb.gz'], 2, [b]],
    ['missing files and folders are dropped', ['hopscope', 'missing.json', '.', 'a.json'], 1, [a]],
    ['each file once', ['hopscope', 'a.json', './a.json', path.join(cwd, 'a.json')], 1, [a]],
    ['after --, a leading dash is a file name', ['hopscope', '--', '-dash.json'], 1, [path.resolve(cwd, '-dash.json')]],
    ['without --, it is a flag', ['hopscope', '-dash.json'], 1, []],
    ['empty arguments', ['hopscope', '', 'a.json'], 1, [a]],
  ];
  for (const [name, argv, leading, files] of cases) {
    it(name, () => expect(filesFromArgv(argv, cwd, exists, leading)).toEqual(files));
  }

  it('a second instance resolves against its own working folder', () => {
    expect(filesFromArgv(['hopscope', 'c.jsonl'], '/data', exists)).toEqual([c]);
  });
});

describe('FileInbox', () => {
  it('keeps files until a window opens, then delivers them once and the next ones at once', () => {
    const inbox = new FileInbox();
    inbox.add(['/a.json']);
    inbox.add(['/b.json', '/a.json']);
    inbox.add([]);
    const deliver = vi.fn();
    inbox.open(deliver);
    expect(deliver.mock.calls).toEqual([[['/a.json', '/b.json']]]);
    inbox.add(['/c.json']);
    expect(deliver).toHaveBeenLastCalledWith(['/c.json']);
    inbox.close();
    inbox.add(['/d.json']);
    expect(deliver).toHaveBeenCalledTimes(2);
    const next = vi.fn();
    inbox.open(next);
    expect(next.mock.calls).toEqual([[['/d.json']]]);
  });

  it('does not call a window with nothing to deliver', () => {
    const deliver = vi.fn();
    new FileInbox().open(deliver);
    expect(deliver).not.toHaveBeenCalled();
  });
});

describe('recent files', () => {
  it('puts opened files first, each once, at most ten', () => {
    expect(withRecent(['/b', '/a'], ['/a'])).toEqual(['/a', '/b']);
    expect(withRecent(['/c'], ['/a', '/b'])).toEqual(['/a', '/b', '/c']);
    const many = Array.from({ length: 15 }, (_, i) => `/f${i}`);
    expect(withRecent([], many)).toHaveLength(MAX_RECENT_FILES);
    expect(withRecent(['/old'], many)[0]).toBe('/f0');
  });

  it('reads a stored list, tolerating anything else', () => {
    const abs = path.resolve('/x/a.json');
    expect(parseRecentFiles(JSON.stringify([abs, 'relative.json', 3, null, abs]))).toEqual([abs]);
    for (const bad of ['', '{', '{"files":[]}', 'null', '"a"']) expect(parseRecentFiles(bad), bad).toEqual([]);
  });

  it('persists in the store file, drops missing files when listed, and feeds the OS list', () => {
    const store = path.join(tmp, 'user', 'recent-files.json');
    const present = new Set<string>();
    const file = (name: string) => {
      const full = path.join(tmp, name);
      writeFileSync(full, '{}');
      present.add(full);
      return full;
    };
    const [a, b, c] = [file('a.json'), file('b.json'), file('c.json')];
    const osList = { addRecentDocument: vi.fn(), clearRecentDocuments: vi.fn() };
    const onChange = vi.fn();
    const recent = new RecentFiles(store, osList, (f) => present.has(f), onChange);
    expect(recent.list()).toEqual([]);

    recent.add([a]);
    recent.add([b, c]);
    expect(recent.list()).toEqual([b, c, a]);
    expect(osList.addRecentDocument.mock.calls.map(([f]) => f)).toEqual([a, b, c]);
    expect(onChange).toHaveBeenCalledTimes(2);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual([b, c, a]);

    // A new run reads the list back; a file deleted since is no longer offered, nor stored.
    present.delete(c);
    const again = new RecentFiles(store, osList, (f) => present.has(f));
    expect(again.list()).toEqual([b, a]);
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual([b, a]);

    again.clear();
    expect(again.list()).toEqual([]);
    expect(osList.clearRecentDocuments).toHaveBeenCalledOnce();
    expect(JSON.parse(readFileSync(store, 'utf8'))).toEqual([]);
  });

  it('starts empty from a corrupt store', () => {
    const store = path.join(tmp, 'corrupt-recent.json');
    writeFileSync(store, '[not json');
    expect(new RecentFiles(store, { addRecentDocument() {}, clearRecentDocuments() {} }, () => true).list()).toEqual([]);
  });
});

describe('window state', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 1280, height: 1024 };

  it('reads stored state field by field, dropping what is out of shape', () => {
    const good = { bounds: { x: 10, y: 20, width: 1200, height: 800 }, maximized: true, hash: '#/d/before/map?color=errors' };
    expect(parseWindowState(JSON.stringify(good))).toEqual(good);
    expect(parseWindowState('{')).toEqual({ maximized: false });
    expect(parseWindowState('null')).toEqual({ maximized: false });
    expect(parseWindowState('[1,2]')).toEqual({ maximized: false });
    expect(parseWindowState(JSON.stringify({ bounds: { x: 1, y: 2, width: -5, height: 10 }, maximized: 'yes' }))).toEqual({
      maximized: false,
    });
    expect(parseWindowState(JSON.stringify({ bounds: { x: 1.5, y: 2, width: 5, height: 10 } }))).toEqual({ maximized: false });
    expect(parseWindowState(JSON.stringify({ hash: 'javascript:alert(1)' }))).toEqual({ maximized: false });
    expect(parseWindowState(JSON.stringify({ hash: '#/samples' }))).toEqual({ maximized: false });
  });

  it('restores bounds only when enough of the window is on some display', () => {
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 800, height: 600 }, [screen])).toBe(true);
    expect(isOnSomeDisplay({ x: 2000, y: 100, width: 800, height: 600 }, [screen])).toBe(false);
    expect(isOnSomeDisplay({ x: 2000, y: 100, width: 800, height: 600 }, [screen, right])).toBe(true);
    // Only a sliver left on screen: too little to grab.
    expect(isOnSomeDisplay({ x: 1900, y: 100, width: 800, height: 600 }, [screen])).toBe(false);
    expect(isOnSomeDisplay({ x: -700, y: 100, width: 800, height: 600 }, [screen])).toBe(true);
    expect(isOnSomeDisplay({ x: 100, y: 100, width: 800, height: 600 }, [])).toBe(false);

    const bounds = { x: 2000, y: 0, width: 1000, height: 700 };
    expect(restoredBounds({ bounds, maximized: false }, [screen, right])).toEqual(bounds);
    expect(restoredBounds({ bounds, maximized: false }, [screen])).toBeUndefined();
    expect(restoredBounds({ maximized: false }, [screen])).toBeUndefined();
  });

  it('keeps the route of the app page, not the start screen or a foreign page', () => {
    expect(routeHashOf('app://hopscope/index.html#/d/before/trace/4c16?span=8a5b')).toBe('#/d/before/trace/4c16?span=8a5b');
    expect(routeHashOf('app://hopscope/index.html#/')).toBeUndefined();
    expect(routeHashOf('app://hopscope/index.html')).toBeUndefined();
    expect(routeHashOf('app://hopscope/index.html#/samples')).toBeUndefined();
    expect(routeHashOf('https://example.com/#/d/x')).toBeUndefined();
    expect(routeHashOf('not a url')).toBeUndefined();
  });

  it('opens at the samples when asked, else at the last view, else the start screen', () => {
    expect(startUrlFor(['hopscope', '--open-samples'], '#/d/x/map')).toBe('app://hopscope/index.html#/samples');
    expect(startUrlFor(['hopscope'], '#/d/x/map')).toBe('app://hopscope/index.html#/d/x/map');
    expect(startUrlFor(['hopscope'], undefined)).toBe('app://hopscope/index.html');
  });

  it('captures a window and round-trips through the file, tolerating a missing or corrupt one', () => {
    const window = {
      getNormalBounds: () => ({ x: 5, y: 6, width: 1000, height: 700 }),
      isMaximized: () => true,
      webContents: { getURL: () => 'app://hopscope/index.html#/compare?a=before&b=after' },
    };
    const state = captureWindowState(window);
    expect(state).toEqual({ bounds: { x: 5, y: 6, width: 1000, height: 700 }, maximized: true, hash: '#/compare?a=before&b=after' });
    const file = path.join(tmp, 'state', 'window-state.json');
    expect(loadWindowState(file)).toEqual({ maximized: false });
    saveWindowState(file, state);
    expect(existsSync(file)).toBe(true);
    expect(loadWindowState(file)).toEqual(state);
    writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file)).toEqual({ maximized: false });
  });
});

describe('external links', () => {
  it('allows https links to the listed hosts only', () => {
    const allowed = ['https://opentelemetry.io/docs/specs/otel/trace/', 'https://github.com/jaegertracing/jaeger'];
    const refused = [
      'http://opentelemetry.io/',
      'https://evil.example/',
      'https://opentelemetry.io.evil.example/',
      'https://docs.github.com.evil.example/',
      'https://gist.github.com/x',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
      'app://hopscope/index.html',
      'not a url',
    ];
    for (const url of allowed) expect(isAllowedExternalUrl(url), url).toBe(true);
    for (const url of refused) expect(isAllowedExternalUrl(url), url).toBe(false);
  });

  it('denies every window, and opens allowed links in the browser instead', () => {
    const openExternal = vi.fn(async () => {});
    const handler = externalLinkHandler(openExternal);
    const details = (url: string) => ({ url }) as Parameters<typeof handler>[0];
    expect(handler(details('https://github.com/open-telemetry'))).toEqual({ action: 'deny' });
    expect(handler(details('https://example.com/'))).toEqual({ action: 'deny' });
    expect(handler(details('file:///etc/passwd'))).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/open-telemetry']]);
  });
});

describe('menu', () => {
  function deps(overrides: Partial<MenuDeps> = {}): MenuDeps {
    return {
      appName: 'Hopscope',
      platform: 'linux',
      isPackaged: true,
      recentFiles: [],
      openFiles: vi.fn(),
      openRecent: vi.fn(),
      clearRecent: vi.fn(),
      command: vi.fn(),
      showAbout: vi.fn(),
      ...overrides,
    };
  }
  const submenu = (item: MenuItemConstructorOptions | undefined) => (item?.submenu ?? []) as MenuItemConstructorOptions[];
  const byLabel = (items: MenuItemConstructorOptions[], label: string) => items.find((item) => item.label === label);
  const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as () => void)();
  const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);

  it('has File, Edit, View, Window and Help, with the app menu first on macOS only', () => {
    expect(menuTemplate(deps()).map((item) => item.label ?? item.role)).toEqual(['&File', '&Edit', '&View', 'windowMenu', 'help']);
    expect(menuTemplate(deps({ platform: 'darwin' })).map((item) => item.label ?? item.role)).toEqual([
      'Hopscope',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      'help',
    ]);
  });

  it('File: Open…, Open Sample, Export Report… and Reload Datasets call out; Quit is there outside macOS', () => {
    const d = deps();
    const file = submenu(menuTemplate(d)[0]);
    const open = byLabel(file, 'Open…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    expect(d.openFiles).toHaveBeenCalledOnce();
    click(byLabel(file, 'Open Sample'));
    const exportReport = byLabel(file, 'Export Report…');
    expect(exportReport?.accelerator).toBe('CmdOrCtrl+E');
    click(exportReport);
    click(byLabel(file, 'Reload Datasets'));
    expect(vi.mocked(d.command).mock.calls).toEqual([['open-samples'], ['export-report'], ['reload-datasets']]);
    expect(roles(file)).toEqual(['quit']);
    expect(roles(submenu(menuTemplate(deps({ platform: 'darwin' }))[1]))).toEqual(['close']);
  });

  it('Open Recent lists the files, opens one, and clears', () => {
    const recent = [path.resolve('/traces/before.json'), path.resolve('/traces/after.pb')];
    const d = deps({ recentFiles: recent });
    const items = submenu(byLabel(submenu(menuTemplate(d)[0]), 'Open Recent'));
    expect(items[0]?.label).toBe(`before.json — ${path.resolve('/traces')}`);
    click(items[1]);
    expect(d.openRecent).toHaveBeenCalledWith(recent[1]);
    const clear = byLabel(items, 'Clear Recently Opened');
    expect(clear?.enabled).toBe(true);
    click(clear);
    expect(d.clearRecent).toHaveBeenCalledOnce();

    const empty = submenu(byLabel(submenu(menuTemplate(deps())[0]), 'Open Recent'));
    expect(empty.map((item) => [item.label, item.enabled])).toEqual([
      ['No Recent Files', false],
      [undefined, undefined],
      ['Clear Recently Opened', false],
    ]);
  });

  it('View: page reload and developer tools only in development', () => {
    const view = (isPackaged: boolean) => roles(submenu(menuTemplate(deps({ isPackaged }))[2]));
    expect(view(true)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(view(false)).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('Edit has the standard roles', () => {
    expect(roles(submenu(menuTemplate(deps())[1]))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('About: our dialog in Help outside macOS, the native panel in the app menu on macOS', () => {
    const d = deps();
    click(byLabel(submenu(menuTemplate(d)[4]), 'About Hopscope'));
    expect(d.showAbout).toHaveBeenCalledOnce();
    const mac = menuTemplate(deps({ platform: 'darwin' }));
    expect(roles(submenu(mac[0]))).toContain('about');
    expect(submenu(mac[5])).toEqual([]);
  });

  it('Open… filters on the trace extensions, by their last part too, with All Files', () => {
    expect(openDialogFilters(['json', '.pb', 'json.gz', 'pb.zst'])).toEqual([
      { name: 'Traces', extensions: ['json', 'pb', 'json.gz', 'gz', 'pb.zst', 'zst'] },
      { name: 'All Files', extensions: ['*'] },
    ]);
  });

  it('About names the app, Electron, Chrome and Node.js versions', () => {
    const options = aboutDialogOptions({
      appName: 'Hopscope',
      appVersion: '0.1.0',
      versions: { electron: '45.4.1', chrome: '142.0', node: '22.1.0' },
    });
    expect(options.message).toBe('Hopscope 0.1.0');
    expect(options.detail).toBe('Electron 45.4.1\nChrome 142.0\nNode.js 22.1.0');
  });
});
