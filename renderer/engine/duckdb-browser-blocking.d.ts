// duckdb-wasm's "exports" map does not expose its browser blocking bundle (its "./blocking" entry points at a
// file that does not exist), so vite.config.ts aliases this specifier to the file and this gives it the
// bundle's own typings.
declare module '@duckdb/duckdb-wasm/dist/duckdb-browser-blocking.mjs' {
  const bundle: typeof import('../../node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser-blocking');
  export = bundle;
}
