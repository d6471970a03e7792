/**
 * `npm run build`: the web renderer (Vite → dist-web/) and the Electron main
 * and preload scripts (esbuild → dist/electron/*.cjs). Also imported by
 * start.mjs, web.mjs and the end-to-end test.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const webBuildDir = path.join(projectRoot, 'dist-web');

/** Builds the renderer into `outDir` (dist-web/ unless given: the e2e test builds elsewhere so it cannot clobber a running server). */
export async function buildWeb({ outDir = webBuildDir, logLevel = 'warn' } = {}) {
  await viteBuild({ configFile: path.join(projectRoot, 'vite.config.ts'), logLevel, build: { outDir } });
}

/** Bundles main and preload into `outDir` (dist/electron/ unless given: the bundle test builds elsewhere, like the e2e test). */
export async function buildElectron({ outDir = path.join(projectRoot, 'dist', 'electron') } = {}) {
  await esbuild({
    absWorkingDir: projectRoot,
    entryPoints: { main: 'electron/main.ts', preload: 'electron/preload.ts' },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    // Electron 45: Node 22 in the main process, Chromium 140 where the preload runs.
    target: ['node22', 'chrome140'],
    // A sandboxed preload may require nothing but 'electron', so everything else is bundled in.
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  });
}

export async function buildAll() {
  await Promise.all([buildWeb(), buildElectron()]);
}

/** True when `moduleUrl` is the script node was started with (not imported by another). */
export function isMainModule(moduleUrl) {
  return Boolean(process.argv[1]) && pathToFileURL(path.resolve(process.argv[1])).href === moduleUrl;
}

if (isMainModule(import.meta.url)) {
  const started = performance.now();
  await buildAll();
  console.log(`Built dist-web/ and dist/electron/ in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
