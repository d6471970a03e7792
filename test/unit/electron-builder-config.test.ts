/**
 * Packaging as far as it can run without Electron's binary: electron-builder.yml
 * against electron-builder's own schema and our rules (fuses, file associations,
 * what ships), the icon, and `npm run dist` failing in one clear line when it
 * cannot get Electron.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRACE_FILE_EXTENSIONS } from '../../shared/formats/file-extensions.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const distScript = path.join(projectRoot, 'scripts', 'dist.mjs');

interface FileAssociation {
  ext: unknown;
  name?: string;
  mimeType?: string;
  rank?: string;
}
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  electronFuses: Record<string, boolean>;
  fileAssociations: FileAssociation[];
  linux: { target: string[]; category: string; maintainer?: string; icon: string; executableArgs?: string[] };
  mac: { target: string[]; category: string; icon: string };
  win: { target: string[]; icon: string };
}
interface DistScript {
  loadBuilderConfig(): BuilderConfig;
  validateBuilderConfig(config: unknown): Promise<void>;
  isDownloadError(error: unknown): boolean;
  ELECTRON_DIST_VARIABLE: string;
}
interface IconScript {
  ICON_SIZE: number;
  iconPath: string;
  renderIcon(): Buffer;
}

// The scripts are plain .mjs; imported by path so TypeScript takes the shapes declared above.
const importScript = async <T>(name: string) => (await import(path.join(projectRoot, 'scripts', name))) as T;

let dist: DistScript;
let config: BuilderConfig;

beforeAll(async () => {
  dist = await importScript<DistScript>('dist.mjs');
  config = dist.loadBuilderConfig();
});

describe('electron-builder.yml', () => {
  it("matches electron-builder's schema", async () => {
    await expect(dist.validateBuilderConfig(config)).resolves.toBeUndefined();
    // The check is real: a misspelt key is refused.
    await expect(dist.validateBuilderConfig({ ...config, electronFuse: {} })).rejects.toThrow(/electronFuse/);
  });

  it('names the app and builds AppImage + deb, dmg and NSIS installers', () => {
    expect(config.productName).toBe('Hopscope');
    expect(config.appId).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Development' });
    expect(config.linux.maintainer).toBeTruthy();
    // Opened files arrive as paths on the command line (launch-files.ts), not as file:// URLs.
    expect(config.linux.executableArgs).toEqual(['%F']);
    expect(config.mac).toMatchObject({ target: ['dmg'], category: 'public.app-category.developer-tools' });
    expect(config.win).toMatchObject({ target: ['nsis'] });
  });

  it('ships the bundles and the web build in an asar, and no sources, source maps or node_modules', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['package.json', 'dist/electron/**', 'dist-web/**', '!**/*.map', '!**/node_modules/**']);
    // package.json's "main" is inside what ships.
    const { main } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { main: string };
    expect(main.startsWith('dist/electron/')).toBe(true);
  });

  it('flips the Electron fuses that would let the shipped binary run other code', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('associates exactly the trace file extensions, each with a MIME type for the Linux desktop entry', () => {
    expect(config.fileAssociations.map((a) => a.ext)).toEqual([...TRACE_FILE_EXTENSIONS]);
    for (const association of config.fileAssociations) {
      expect(association.mimeType, String(association.ext)).toMatch(/^application\/[a-z0-9.+-]+$/);
      expect(association.name, String(association.ext)).toBeTruthy();
      // Never the default app for .json or .gz on macOS, only offered.
      expect(association.rank, String(association.ext)).toBe('Alternate');
    }
  });
});

describe('app icon', () => {
  it('is the favicon at 512×512, as scripts/make-icon.mjs renders it now', async () => {
    const icon = await importScript<IconScript>('make-icon.mjs');
    for (const platform of [config.linux, config.mac, config.win]) expect(path.join(projectRoot, platform.icon)).toBe(icon.iconPath);
    const committed = readFileSync(icon.iconPath);
    // PNG: width and height are the big-endian words at bytes 16 and 20 (the IHDR chunk).
    expect([committed.readUInt32BE(16), committed.readUInt32BE(20)]).toEqual([icon.ICON_SIZE, icon.ICON_SIZE]);
    expect(committed.equals(icon.renderIcon()), 'build/icon.png is stale: run node scripts/make-icon.mjs').toBe(true);
  });
});

describe('npm run dist without Electron', () => {
  it('says in one line that packaging needs Electron, and fails', () => {
    const missing = path.join(projectRoot, 'no-such-electron-dist');
    expect(existsSync(missing)).toBe(false);
    const run = spawnSync(process.execPath, [distScript], {
      cwd: projectRoot,
      encoding: 'utf8',
      env: { ...process.env, [dist.ELECTRON_DIST_VARIABLE]: missing },
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Packaging needs Electron's download.*no-such-electron-dist does not exist/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('tells a failed download from any other packaging error', () => {
    const offline = Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' });
    expect(dist.isDownloadError(offline)).toBe(true);
    expect(dist.isDownloadError(Object.assign(new Error('Response code 404'), { name: 'HTTPError' }))).toBe(true);
    expect(dist.isDownloadError(new Error('The specified electronDist does not exist: /x. Please provide …'))).toBe(true);
    expect(dist.isDownloadError(new Error('Cannot find module dist/electron/main.cjs'))).toBe(false);
    expect(dist.isDownloadError('not an error')).toBe(false);
  });
});
