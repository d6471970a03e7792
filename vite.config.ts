/**
 * The renderer build: renderer/ → dist-web/, with relative URLs (base './') so
 * the same files work over http:// (npm run web) and Electron's app:// scheme.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY, CSP_MANIFEST_FILE, type CspManifest } from './electron/csp.js';
import { SAMPLES, SAMPLES_DIR } from './renderer/samples.js';

const projectRoot = path.dirname(fileURLToPath(import.meta.url));
const duckdbDist = path.dirname(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'));

export default defineConfig({
  root: path.join(projectRoot, 'renderer'),
  base: './',
  publicDir: false,
  build: {
    outDir: path.join(projectRoot, 'dist-web'),
    emptyOutDir: true,
    // The engine worker carries DuckDB's JavaScript glue (~1 MB); it is loaded once, off the UI thread.
    chunkSizeWarningLimit: 2048,
  },
  worker: {
    format: 'es',
    // duckdb-wasm's Emscripten glue has direct eval()s on paths DuckDB does not take here; the CSP (no 'unsafe-eval') would stop them anyway.
    rolldownOptions: { checks: { eval: false } },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: {
    // Not in duckdb-wasm's "exports" map (see renderer/engine/duckdb-browser-blocking.d.ts).
    alias: [
      { find: '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs', replacement: path.join(duckdbDist, 'duckdb-browser-blocking.mjs') },
    ],
  },
  plugins: [contentSecurityPolicy(), bundledSamples()],
});

/** The policy as a <meta> tag for the page, and as a manifest the hosts read to send it as a header (electron/csp.ts). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'hopscope:content-security-policy',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
    generateBundle() {
      const manifest: CspManifest = { policy: CONTENT_SECURITY_POLICY };
      this.emitFile({ type: 'asset', fileName: CSP_MANIFEST_FILE, source: JSON.stringify(manifest, null, 2) });
    },
  };
}

/** Copies the sample traces the page loads on start into the build, under samples/. */
function bundledSamples(): Plugin {
  return {
    name: 'hopscope:bundled-samples',
    apply: 'build',
    generateBundle() {
      for (const { file } of SAMPLES) {
        const source = path.join(projectRoot, 'sample-traces', file);
        if (!existsSync(source)) this.error(`sample-traces/${file} is missing: generate it with \`npm run samples\``);
        this.emitFile({ type: 'asset', fileName: `${SAMPLES_DIR}/${file}`, source: readFileSync(source) });
      }
    },
  };
}
