import { randomBytes } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { createSequelize, type DatabaseSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing, dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { migrateToLatest } from '../../infrastructure/persistence/sequelize/migrator.js';

export interface TestDatabase {
  readonly settings: DatabaseSettings;
  readonly sequelize: Sequelize;
  drop(): Promise<void>;
}

/** The MariaDB server tests use: TEST_DB_* or the local root account with an empty password. */
export function testServerSettings(): Omit<DatabaseSettings, 'database'> {
  return {
    host: process.env.TEST_DB_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_DB_PORT ?? 3306),
    user: process.env.TEST_DB_USER ?? 'root',
    password: process.env.TEST_DB_PASSWORD ?? '',
  };
}

/** A new, migrated database of its own for one test file; drop() removes it. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const settings = { ...testServerSettings(), database: `ecommerce_test_${randomBytes(6).toString('hex')}` };
  await createDatabaseIfMissing(settings);
  const sequelize = createSequelize(settings);
  if (options.migrate !== false) await migrateToLatest(sequelize);
  return {
    settings,
    sequelize,
    async drop() {
      await sequelize.close();
      await dropDatabase(settings);
    },
  };
}

/** Deletes every catalog and order row; children first for the foreign keys, ids counting from 1 again. */
export async function emptyCatalog(sequelize: Sequelize): Promise<void> {
  for (const table of ['idempotency_key', 'order_line', 'orders', 'product_tag', 'product', 'tag', 'category']) {
    await sequelize.query(`DELETE FROM ${table}`);
    await sequelize.query(`ALTER TABLE ${table} AUTO_INCREMENT = 1`);
  }
}
