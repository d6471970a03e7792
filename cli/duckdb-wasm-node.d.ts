// The blocking Node bundle ships its types beside it without an "exports" entry for the .cjs path.
declare module '@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs' {
  export * from '@duckdb/duckdb-wasm/dist/duckdb-node-blocking';
}
