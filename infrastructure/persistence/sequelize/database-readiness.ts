import { QueryTypes, type Sequelize } from 'sequelize';
import { migrations } from './migrations/index.js';

/**
 * Whether the database can serve requests now: it answers within `timeoutMs`, and every
 * migration this build knows is applied (a database rolled back under a running server is not
 * ready). One small query: the migration log. Resolves to why not, or null.
 */
export function databaseReadiness(sequelize: Sequelize, timeoutMs: number): () => Promise<string | null> {
  const expected = migrations.map((migration) => migration.name);
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const applied = await Promise.race([
        // The primary: with read replicas, a replica answering would not say whether writes can be served.
        sequelize.query<{ name: string }>('SELECT name FROM schema_migrations', { type: QueryTypes.SELECT, useMaster: true }),
        timeout,
      ]);
      if (applied === 'timeout') return `the database did not answer within ${timeoutMs} ms`;
      const names = new Set(applied.map((row) => row.name));
      const missing = expected.filter((name) => !names.has(name));
      return missing.length === 0 ? null : `migrations not applied: ${missing.join(', ')}`;
    } catch {
      return 'the database cannot be reached';
    } finally {
      clearTimeout(timer);
    }
  };
}
