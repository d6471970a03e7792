/**
 * `npm start`: builds, then runs the app in Electron. Where Electron's binary
 * is not installed (it is downloaded separately from the npm package, which
 * some machines cannot do), says so in one line and serves the web build
 * instead (same port options as web.mjs).
 */
import { spawn } from 'node:child_process';
import { buildAll, projectRoot } from './build.mjs';
import { locateElectron } from './electron-binary.mjs';
import { portFromCommandLine, serveWebBuild } from './web.mjs';

async function serveInstead(reason, port) {
  console.log(`Electron is not available on this machine (${reason}); serving the web build instead:`);
  await serveWebBuild(port);
}

const port = portFromCommandLine();
await buildAll();
const electron = locateElectron();
if (electron.executable) {
  // Started on the project folder (with the bundled samples loading): Electron runs package.json's "main" (dist/electron/main.cjs) with the folder as app path.
  const child = spawn(electron.executable, ['.', '--open-samples'], { cwd: projectRoot, stdio: 'inherit' });
  let started = true;
  child.once('error', (error) => {
    started = false;
    void serveInstead(`it could not be started: ${error.message}`, port);
  });
  // The app's exit is ours; Node may also report 'exit' for a process that never started, which must not stop the fallback.
  child.once('exit', (code) => {
    if (started) process.exit(code ?? 1);
  });
} else {
  await serveInstead(electron.reason, port);
}
