/**
 * The Electron main process: one window showing the web build over app://,
 * locked down (security.ts, window-options.ts). Bundled by scripts/build.mjs
 * to dist/electron/main.cjs, the package's "main". The page can ask it for
 * one thing: saving an export through the native dialog (save-ipc.ts).
 */
import path from 'node:path';
import { app, BrowserWindow, protocol, session } from 'electron';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler, startUrl } from './app-protocol.js';
import { registerSaveIpc } from './save-ipc.js';
import { restrictPermissions, hardenWebContents } from './security.js';
import { mainWindowOptions } from './window-options.js';

// Privileges must be registered before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** The windows this process opened: IPC is answered for their pages only. */
const mainWindows = new Set<BrowserWindow>();
// A destroyed window's webContents throws when read, so it is skipped (it leaves the set on 'closed').
registerSaveIpc((sender) => [...mainWindows].find((window) => !window.isDestroyed() && window.webContents === sender));

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
    openMainWindow();
  })
  .catch((error: unknown) => {
    console.error('Hopscope could not start:', error);
    app.exit(1);
  });

function openMainWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(path.join(app.getAppPath(), 'dist', 'electron', 'preload.cjs')));
  mainWindows.add(window);
  window.on('closed', () => mainWindows.delete(window));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl(process.argv));
}
