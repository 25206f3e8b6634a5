import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
    environment: 'node',
    // The CLI tests spawn the compiled CLI: build it from this source first.
    globalSetup: ['scripts/cliTestSetup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real servers and hold SQLite files: keep them in separate processes.
    pool: 'forks',
  },
});
