import { defineConfig } from 'vitest/config';

// The repository contracts and the HTTP tests run once per database: the same files, in a
// project per dialect that sets TEST_DIALECT (tests/support/test-database.ts reads it).
const ON_EACH_DATABASE = ['tests/api/**/*.test.ts', 'tests/contract/sequelize-*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
    setupFiles: ['tests/support/setup.ts'],
    projects: [
      // tests/scale/ builds replicas and clusters: `npm run test:scale` (vitest.scale.config.ts).
      { extends: true, test: { name: 'unit+integration', include: ['tests/**/*.test.ts'], exclude: [...ON_EACH_DATABASE, 'tests/scale/**'] } },
      { extends: true, test: { name: 'mariadb', include: ON_EACH_DATABASE, env: { TEST_DIALECT: 'mariadb' } } },
      { extends: true, test: { name: 'sqlite', include: ON_EACH_DATABASE, env: { TEST_DIALECT: 'sqlite' } } },
    ],
  },
});
