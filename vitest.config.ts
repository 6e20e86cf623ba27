import { defineConfig } from 'vitest/config';

// The repository contracts and the HTTP tests run once per database: the same files, in a
// project per dialect that sets TEST_DIALECT (tests/support/test-database.ts reads it).
const ON_EACH_DATABASE = ['tests/api/**/*.test.ts', 'tests/contract/sequelize-*.test.ts'];
// The multi-node tests start database clusters: npm run test:scale (vitest.scale.config.ts) runs them.
const SCALE = ['tests/scale/**'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Most files wait on MariaDB, child processes or timers, not the CPU: vitest's default of one
    // worker per core minus one (1 on 2 cores) ran them one after another. 3 took the suite from
    // about 600 s to 400 s on 2 cores, with every timing test still passing.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
    setupFiles: ['tests/support/setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit+integration', include: ['tests/**/*.test.ts'], exclude: [...ON_EACH_DATABASE, ...SCALE] } },
      { extends: true, test: { name: 'mariadb', include: ON_EACH_DATABASE, env: { TEST_DIALECT: 'mariadb' } } },
      { extends: true, test: { name: 'sqlite', include: ON_EACH_DATABASE, env: { TEST_DIALECT: 'sqlite' } } },
    ],
  },
});
