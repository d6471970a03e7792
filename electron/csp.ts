/**
 * The renderer's Content-Security-Policy. Both hosts (Electron's app://
 * handler and the web server in scripts/web.mjs) send it as a header on
 * every file, from the manifest the build writes (vite.config.ts); the page
 * also carries it as a <meta> tag. Headers matter because a worker is
 * governed by the headers of its own script, not by the page's policy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const directives = (scriptSrc: string) =>
  [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "worker-src 'self' blob:",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

/**
 * One policy for every file. 'wasm-unsafe-eval' lets DuckDB compile its
 * WebAssembly; nothing evaluates strings as code (the OTLP protobuf decoders
 * are hand-written for that reason, shared/formats/otlp/otlp-proto-decode.ts).
 */
export const CONTENT_SECURITY_POLICY = directives("'self' 'wasm-unsafe-eval'");

/** Written into the web build so the hosts (app:// handler, scripts/web.mjs) send the policy as a header. */
export const CSP_MANIFEST_FILE = 'content-security-policy.json';

export interface CspManifest {
  policy: string;
}

export function readCspManifest(buildDir: string): CspManifest {
  return JSON.parse(readFileSync(path.join(buildDir, CSP_MANIFEST_FILE), 'utf8')) as CspManifest;
}
