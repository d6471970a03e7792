import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB-wasm instances are heavy; two workers match the two cores here.
    maxWorkers: 2,
  },
});
