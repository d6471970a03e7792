/**
 * Where the Electron executable is, found the way the electron package finds
 * it (its path.txt, or ELECTRON_OVERRIDE_DIST_PATH) but never downloading it:
 * the binary comes separately from the npm package, and some machines cannot
 * get it. Used by start.mjs and the Electron end-to-end test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** `{ executable }` when it is installed, else `{ reason }` saying in a few words why not. */
export function locateElectron() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'its binary was never downloaded' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : path.join(packageDir, 'dist', relative);
  return existsSync(executable) ? { executable } : { reason: `${executable} does not exist` };
}
