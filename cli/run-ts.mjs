#!/usr/bin/env node
// `node cli/run-ts.mjs some/script.ts args…`: runs a TypeScript script with tsx (used by npm scripts).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [script, ...rest] = process.argv.slice(2);
if (!script) {
  console.error('usage: node cli/run-ts.mjs SCRIPT.ts [args…]');
  process.exit(64);
}
register();
process.argv = [process.argv[0], path.resolve(script), ...rest];
await import(pathToFileURL(path.resolve(script)).href);
