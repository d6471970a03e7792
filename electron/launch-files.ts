/**
 * Trace files handed to the app from outside: on the command line of the
 * first launch, on a second launch's command line (forwarded by the single
 * instance lock), and by macOS's open-file event (Finder, the Dock). Pure,
 * apart from the `exists` check the caller passes in.
 */
import path from 'node:path';

/**
 * The files named on a command line, as absolute paths, in order, once each.
 *
 * `leadingArgs` are Electron's own: the executable, and in development
 * (`electron .`, where process.defaultApp is set) also the app folder.
 * Anything starting with '-' is a flag, ours (--open-samples) or one that
 * Chromium or macOS adds (--allow-file-access-from-files, -psn_0_1234), never
 * a file; after a bare '--' everything is a file. A relative path is resolved
 * against `cwd`, which for a second instance is that instance's working
 * folder, not ours. Paths that are not existing files are dropped.
 */
export function filesFromArgv(argv: readonly string[], cwd: string, exists: (file: string) => boolean, leadingArgs = 1): string[] {
  const files: string[] = [];
  let flagsEnded = false;
  for (const arg of argv.slice(leadingArgs)) {
    if (!flagsEnded && arg === '--') {
      flagsEnded = true;
      continue;
    }
    if (arg === '' || (!flagsEnded && arg.startsWith('-'))) continue;
    const file = path.resolve(cwd, arg);
    if (!files.includes(file) && exists(file)) files.push(file);
  }
  return files;
}

/**
 * Holds files until there is a window to give them to (they can come before
 * the app is ready, or on macOS while no window is open), then passes them
 * on as they come. One inbox per app: files go to the current main window.
 */
export class FileInbox {
  private pending: string[] = [];
  private deliver: ((files: string[]) => void) | undefined;

  /** Files to open: delivered now when a page is ready, else kept for open(). */
  add(files: readonly string[]): void {
    if (files.length === 0) return;
    if (this.deliver) this.deliver([...files]);
    else for (const file of files) if (!this.pending.includes(file)) this.pending.push(file);
  }

  /** A window is there: it gets what was kept, and from now on every file as it comes. */
  open(deliver: (files: string[]) => void): void {
    this.deliver = deliver;
    const files = this.pending;
    this.pending = [];
    if (files.length > 0) deliver(files);
  }

  /** The window is gone: keep files again until the next open(). */
  close(): void {
    this.deliver = undefined;
  }
}
