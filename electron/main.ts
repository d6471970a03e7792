/**
 * The Electron main process: one window showing the web build over app://,
 * locked down (security.ts, window-options.ts). Bundled by scripts/build.mjs
 * to dist/electron/main.cjs, the package's "main". One instance per user:
 * a second launch hands its files to the first and quits. Files arrive from
 * the command line, macOS's open-file, the menu and Open Recent, and all go
 * through one inbox to the window's page (renderer-channel.ts). The rest is
 * in small modules; this file only wires them together.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  protocol,
  screen,
  session,
  type IpcMainInvokeEvent,
  type OpenDialogOptions,
  type WebContents,
} from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, OPEN_SAMPLES_FLAG } from './app-protocol.js';
import { FileInbox, filesFromArgv } from './launch-files.js';
import { aboutDialogOptions, menuTemplate, openDialogFilters, type ShellCommand } from './menu.js';
import { RECENT_FILES_NAME, RecentFiles } from './recent-files.js';
import { registerRendererChannel, sendCommand, sendFilesToWindow } from './renderer-channel.js';
import { registerSaveIpc } from './save-ipc.js';
import { restrictPermissions, hardenWebContents } from './security.js';
import { captureWindowState, loadWindowState, restoredBounds, saveWindowState, startUrlFor, WINDOW_STATE_NAME } from './window-state.js';
import { mainWindowOptions } from './window-options.js';
import { TRACE_FILE_EXTENSIONS } from '../shared/formats/file-extensions.js';

// Privileges must be registered before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** The windows this process opened: IPC is answered for their pages only. */
const mainWindows = new Set<BrowserWindow>();
const inbox = new FileInbox();
let recent: RecentFiles | undefined;

/** Electron's own leading arguments: the executable, and in development (`electron .`) the app folder. */
const leadingArgs = process.defaultApp ? 2 : 1;

// Another instance holds the lock: it gets our command line (second-instance below), and we are done.
if (!app.requestSingleInstanceLock()) app.quit();
else start();

function start(): void {
  // A destroyed window's webContents throws when read, so it is skipped (it leaves the set on 'closed').
  const ownWindow = (sender: WebContents) => [...mainWindows].find((window) => !window.isDestroyed() && window.webContents === sender);
  registerSaveIpc(ownWindow);
  registerRendererChannel((event: IpcMainInvokeEvent) => ownWindow(event.sender) !== undefined);

  inbox.add(filesFromArgv(process.argv, process.cwd(), isFile, leadingArgs));
  // macOS: Finder, the Dock or `open -a` hands files over this way, also before the app is ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    inbox.add([file]);
    if (app.isReady() && mainWindows.size === 0) openMainWindow();
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const window = app.isReady() ? (currentWindow() ?? openMainWindow()) : undefined;
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
      if (argv.includes(OPEN_SAMPLES_FLAG)) sendCommand(window, 'open-samples');
    }
    inbox.add(filesFromArgv(argv, workingDirectory, isFile, leadingArgs));
  });

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });

  app
    .whenReady()
    .then(() => {
      restrictPermissions(session.defaultSession);
      // The app path is the package root, in development and inside the packaged asar alike.
      protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(app.getAppPath(), 'dist-web')));
      recent = new RecentFiles(userDataFile(RECENT_FILES_NAME), osRecentDocuments(), isFile, updateMenu);
      setAboutPanel();
      updateMenu();
      openMainWindow();
    })
    .catch((error: unknown) => {
      console.error('Hopscope could not start:', error);
      app.exit(1);
    });
}

function openMainWindow(): BrowserWindow {
  const stateFile = userDataFile(WINDOW_STATE_NAME);
  const state = loadWindowState(stateFile);
  const bounds = restoredBounds(
    state,
    screen.getAllDisplays().map((display) => display.workArea),
  );
  const preload = path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs');
  const window = new BrowserWindow({ ...mainWindowOptions(preload), ...bounds });
  mainWindows.add(window);
  // Saved on 'close', while the page (and so its route) can still be read.
  window.on('close', () => saveWindowState(stateFile, captureWindowState(window)));
  window.on('closed', () => {
    mainWindows.delete(window);
    inbox.close();
  });
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(startUrlFor(process.argv, state.hash));
  // renderer-channel.ts keeps what it is sent until the page has loaded.
  inbox.open((files) => {
    sendFilesToWindow(window, files);
    recent?.add(files);
  });
  return window;
}

function currentWindow(): BrowserWindow | undefined {
  const windows = [...mainWindows].filter((window) => !window.isDestroyed());
  return windows.find((window) => window.isFocused()) ?? windows[0];
}

function updateMenu(): void {
  const command = (name: ShellCommand) => withWindow((window) => sendCommand(window, name));
  const template = menuTemplate({
    appName: app.name,
    platform: process.platform,
    isPackaged: app.isPackaged,
    recentFiles: recent?.list() ?? [],
    openFiles: () => void showOpenDialog(),
    openRecent: (file) => inbox.add([file]),
    clearRecent: () => recent?.clear(),
    command,
    showAbout: () => withWindow((window) => void dialog.showMessageBox(window, aboutDialogOptions(aboutInfo()))),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

async function showOpenDialog(): Promise<void> {
  const window = currentWindow();
  const options: OpenDialogOptions = {
    properties: ['openFile', 'multiSelections'],
    filters: openDialogFilters(TRACE_FILE_EXTENSIONS),
  };
  const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  if (!canceled) inbox.add(filePaths);
}

/** Runs `action` on the main window, opening one first when there is none (macOS keeps running without). */
function withWindow(action: (window: BrowserWindow) => void): void {
  action(currentWindow() ?? openMainWindow());
}

function aboutInfo() {
  return { appName: app.name, appVersion: app.getVersion(), versions: process.versions };
}

/** macOS's native About panel (the menu's about role) with the same versions the other platforms' About box shows. */
function setAboutPanel(): void {
  if (process.platform !== 'darwin') return;
  const { detail } = aboutDialogOptions(aboutInfo());
  app.setAboutPanelOptions({ applicationName: app.name, applicationVersion: app.getVersion(), credits: detail ?? '' });
}

/** The OS's recent documents exist on macOS (Dock, File menu) and Windows (jump list) only. */
function osRecentDocuments() {
  const supported = process.platform === 'darwin' || process.platform === 'win32';
  return {
    addRecentDocument: (file: string) => supported && app.addRecentDocument(file),
    clearRecentDocuments: () => supported && app.clearRecentDocuments(),
  };
}

function userDataFile(name: string): string {
  return path.join(app.getPath('userData'), name);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
