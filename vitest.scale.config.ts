import { defineConfig } from 'vitest/config';

// npm run test:scale: the multi-node tests (tests/scale/), each file on database servers of its
// own (a Galera cluster, a primary and replicas) and several built API processes. They start
// clusters and load them, so they are kept out of `npm test` and run one file at a time.
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: ['tests/scale/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    env: { LOG_LEVEL: 'silent' },
    setupFiles: ['tests/support/setup.ts'],
  },
});
