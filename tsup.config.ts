import { defineConfig } from 'tsup';

// One bundle per entry point; dependencies stay external, so the built files need node_modules.
export default defineConfig({
  entry: {
    server: 'src/server.ts',
    'cli/db-create': 'src/cli/db-create.ts',
    'cli/db-migrate': 'src/cli/db-migrate.ts',
    'cli/db-seed': 'src/cli/db-seed.ts',
    'cli/admin-key': 'src/cli/admin-key.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
});
