/**
 * The application menu, as a plain template built from callbacks (main.ts
 * supplies them), so what each item does is unit-tested without Electron.
 * Also the pure parts of the two dialogs the menu opens: Open…'s file
 * filters and the About box.
 */
import path from 'node:path';
import type { FileFilter, MenuItemConstructorOptions, MessageBoxOptions } from 'electron';

/** What the menu asks the renderer to do (renderer-channel.ts sendCommand). */
export type ShellCommand = 'open-samples' | 'export-report' | 'reload-datasets';

export interface MenuDeps {
  appName: string;
  platform: NodeJS.Platform;
  /** Packaged builds get no page reload and no developer tools. */
  isPackaged: boolean;
  /** For Open Recent, most recent first. */
  recentFiles: readonly string[];
  /** File > Open…: the native open dialog. */
  openFiles(): void;
  openRecent(file: string): void;
  clearRecent(): void;
  command(command: ShellCommand): void;
  /** The About dialog (not on macOS, where the native about panel is used). */
  showAbout(): void;
}

export function menuTemplate(deps: MenuDeps): MenuItemConstructorOptions[] {
  const mac = deps.platform === 'darwin';
  const development = !deps.isPackaged;
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  const appMenu: MenuItemConstructorOptions = {
    label: deps.appName,
    submenu: [
      { role: 'about' },
      sep,
      { role: 'services' },
      sep,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      sep,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => deps.openFiles() },
      { label: 'Open Recent', submenu: recentSubmenu(deps) },
      { label: 'Open Sample', click: () => deps.command('open-samples') },
      sep,
      { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => deps.command('export-report') },
      { label: 'Reload Datasets', click: () => deps.command('reload-datasets') },
      // macOS quits from the app menu, and closes windows with Cmd+W.
      ...(mac ? [sep, { role: 'close' } as const] : [sep, { role: 'quit' } as const]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, sep, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      // Reloading the page drops the loaded datasets, so it is a developer's tool; users get File > Reload Datasets.
      ...(development ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, sep] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      sep,
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = { role: 'windowMenu' };

  const helpMenu: MenuItemConstructorOptions = {
    role: 'help',
    // On macOS About is in the app menu; its Help menu keeps the system's search field.
    submenu: mac ? [] : [{ label: `About ${deps.appName}`, click: () => deps.showAbout() }],
  };

  return [...(mac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

function recentSubmenu(deps: MenuDeps): MenuItemConstructorOptions[] {
  const files: MenuItemConstructorOptions[] = deps.recentFiles.map((file) => ({
    // The name first, the folder after it: the name is what one looks for.
    label: `${path.basename(file)} — ${path.dirname(file)}`,
    click: () => deps.openRecent(file),
  }));
  return [
    ...(files.length > 0 ? files : [{ label: 'No Recent Files', enabled: false }]),
    { type: 'separator' },
    { label: 'Clear Recently Opened', enabled: files.length > 0, click: () => deps.clearRecent() },
  ];
}

/**
 * Open…'s filters, from the trace file extensions ('.json', '.json.gz', …).
 * A compound extension is also offered by its last part ('gz'): macOS's
 * panel matches only the last one, so 'json.gz' alone would grey out every
 * compressed trace there. All Files stays available: the content, not the
 * name, decides how a file is read.
 */
export function openDialogFilters(extensions: readonly string[]): FileFilter[] {
  const names = new Set<string>();
  for (const extension of extensions) {
    const bare = extension.replace(/^\./, '').toLowerCase();
    if (bare === '') continue;
    names.add(bare);
    names.add(bare.slice(bare.lastIndexOf('.') + 1));
  }
  return [
    { name: 'Traces', extensions: [...names] },
    { name: 'All Files', extensions: ['*'] },
  ];
}

export interface AboutInfo {
  appName: string;
  appVersion: string;
  versions: { electron?: string; chrome?: string; node?: string };
}

/** The About box (dialog.showMessageBox) on Windows and Linux. */
export function aboutDialogOptions(info: AboutInfo): MessageBoxOptions {
  const { electron = '?', chrome = '?', node = '?' } = info.versions;
  return {
    type: 'info',
    title: `About ${info.appName}`,
    message: `${info.appName} ${info.appVersion}`,
    detail: `Electron ${electron}\nChrome ${chrome}\nNode.js ${node}`,
    buttons: ['OK'],
  };
}
