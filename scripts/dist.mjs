/**
 * `npm run dist`: builds (build.mjs), then packages the app for this platform
 * with electron-builder (electron-builder.yml) into release/.
 *
 * electron-builder downloads the Electron binary for the target (and, for some
 * targets, its packaging tools). Where that download is impossible, this says
 * so in one line and exits 1 instead of printing a stack trace. To package
 * offline, set HOPSCOPE_ELECTRON_DIST to a local Electron zip, a directory
 * holding it, or an unpacked Electron (electron-builder's `electronDist`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { buildAll, isMainModule, projectRoot } from './build.mjs';

export const configPath = path.join(projectRoot, 'electron-builder.yml');
export const ELECTRON_DIST_VARIABLE = 'HOPSCOPE_ELECTRON_DIST';

/** electron-builder.yml as an object. */
export function loadBuilderConfig() {
  return yaml.load(readFileSync(configPath, 'utf8'));
}

/** Rejects when `config` does not match electron-builder's own schema (unknown keys, wrong types). */
export async function validateBuilderConfig(config) {
  // app-builder-lib is electron-builder's own dependency: resolved from there, so it is the version that will package.
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = fromBuilder('builder-util');
  await validateConfiguration(config, new DebugLogger(false));
}

/** The one line for a missing Electron download, `detail` saying what failed. */
export function electronMissingMessage(detail) {
  return `Packaging needs Electron's download, which is not available here (${detail}); set ${ELECTRON_DIST_VARIABLE} to a local Electron zip or unpacked Electron to package offline.`;
}

// Failures to reach a server (DNS, refused, reset, timed out, proxy) as Node and the got HTTP client report them.
const NETWORK_ERROR_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether electron-builder failed for want of a download (it fetches Electron first, its tools later). */
export function isDownloadError(error) {
  if (!(error instanceof Error)) return false;
  const code = /** @type {{ code?: unknown }} */ (error).code;
  return (
    NETWORK_ERROR_CODES.has(String(code)) ||
    error.name === 'RequestError' ||
    error.name === 'HTTPError' ||
    /The specified electronDist does not exist/.test(error.message)
  );
}

/** The first line of an error's message: the rest is electron-builder's detail (or a stack) the user did not ask for. */
export const firstLine = (error) =>
  String(error instanceof Error ? error.message : error)
    .split('\n')[0]
    .trim();

/** Packages the current build for this platform's targets in electron-builder.yml. */
export async function packageApp({ electronDist = process.env[ELECTRON_DIST_VARIABLE] } = {}) {
  const { build, Platform } = await import('electron-builder');
  // An object config is merged by electron-builder onto electron-builder.yml, which it finds in projectDir.
  const config = electronDist ? { electronDist: path.resolve(electronDist) } : undefined;
  return build({ projectDir: projectRoot, config, targets: Platform.current().createTarget(), publish: 'never' });
}

async function main() {
  const electronDist = process.env[ELECTRON_DIST_VARIABLE];
  // What can be known before building is checked first, so a doomed run fails in a second, not after the build.
  if (electronDist && !existsSync(electronDist))
    return fail(electronMissingMessage(`${ELECTRON_DIST_VARIABLE}=${electronDist} does not exist`));
  try {
    await validateBuilderConfig(loadBuilderConfig());
  } catch (error) {
    return fail(`electron-builder.yml is not valid: ${firstLine(error)}`);
  }
  await buildAll();
  try {
    const artifacts = await packageApp({ electronDist });
    console.log(`Packaged into release/: ${artifacts.map((file) => path.basename(file)).join(', ')}`);
  } catch (error) {
    fail(isDownloadError(error) ? electronMissingMessage(firstLine(error)) : `Packaging failed: ${firstLine(error)}`);
  }
}

function fail(message) {
  console.error(message);
  process.exitCode = 1;
  // Something inside electron-builder resets the exit code after a failed build (its own CLI does this too, electron-builder issue 2940).
  process.once('exit', () => (process.exitCode = 1));
}

if (isMainModule(import.meta.url)) await main();
