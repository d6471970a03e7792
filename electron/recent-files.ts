/**
 * File > Open Recent: the trace files opened lately, most recent first, kept
 * in userData/recent-files.json so they survive a restart. The OS keeps its
 * own list too (Dock menu, Windows jump list), fed through `os` below.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MAX_RECENT_FILES = 10;
export const RECENT_FILES_NAME = 'recent-files.json';

/** `files` put in front of `list` (the first of `files` ends up first), each once, at most `max`. */
export function withRecent(list: readonly string[], files: readonly string[], max = MAX_RECENT_FILES): string[] {
  return [...new Set([...files, ...list])].slice(0, max);
}

/** The list stored in `text`; anything unreadable counts as no list (the file is only a convenience). */
export function parseRecentFiles(text: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  // Only absolute paths: the list is opened without asking, so nothing relative to wherever we run.
  const files = value.filter((file): file is string => typeof file === 'string' && path.isAbsolute(file));
  return [...new Set(files)].slice(0, MAX_RECENT_FILES);
}

/** What the OS's own recent list needs (Electron's app.addRecentDocument / clearRecentDocuments). */
export interface OsRecentDocuments {
  addRecentDocument(file: string): void;
  clearRecentDocuments(): void;
}

export class RecentFiles {
  private files: string[];

  /**
   * @param storeFile where the list is kept (userData/recent-files.json)
   * @param exists whether a file is still there: missing ones are dropped when listed
   * @param onChange called after the list changed (main.ts rebuilds the menu)
   */
  constructor(
    private readonly storeFile: string,
    private readonly os: OsRecentDocuments,
    private readonly exists: (file: string) => boolean,
    private readonly onChange: () => void = () => {},
  ) {
    const text = readText(storeFile);
    this.files = text === undefined ? [] : parseRecentFiles(text);
  }

  /** The files that are still there, most recent first. */
  list(): string[] {
    const present = this.files.filter((file) => this.exists(file));
    if (present.length !== this.files.length) {
      this.files = present;
      this.save();
    }
    return [...present];
  }

  /** Files just opened (the first of them counts as the most recent). */
  add(files: readonly string[]): void {
    if (files.length === 0) return;
    this.files = withRecent(this.files, files);
    for (const file of files) this.os.addRecentDocument(file);
    this.save();
    this.onChange();
  }

  clear(): void {
    this.files = [];
    this.os.clearRecentDocuments();
    this.save();
    this.onChange();
  }

  private save(): void {
    try {
      mkdirSync(path.dirname(this.storeFile), { recursive: true });
      writeFileSync(this.storeFile, JSON.stringify(this.files, null, 2));
    } catch (error) {
      // Losing the list is no reason to fail opening a file.
      console.warn('Hopscope could not save the recent files list:', error);
    }
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
