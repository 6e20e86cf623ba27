import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize, type DatabaseSettings, type MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing, dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { migrateToLatest } from '../../infrastructure/persistence/sequelize/migrator.js';

/** The databases the repository contracts and the HTTP tests run on. */
export const DIALECTS = ['mariadb', 'sqlite'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/**
 * The dialect of this test run: vitest.config.ts runs tests/api and the Sequelize contract suites
 * once per dialect, as projects that set TEST_DIALECT. Elsewhere, MariaDB.
 */
export function testDialect(): TestDialect {
  const dialect = process.env.TEST_DIALECT ?? 'mariadb';
  if (!(DIALECTS as readonly string[]).includes(dialect)) throw new Error(`TEST_DIALECT must be one of ${DIALECTS.join(', ')} (got ${dialect})`);
  return dialect as TestDialect;
}

export const DIALECT_NAMES: Record<TestDialect, string> = { mariadb: 'MariaDB', sqlite: 'SQLite' };

export interface TestDatabase {
  readonly dialect: TestDialect;
  readonly settings: DatabaseSettings;
  readonly sequelize: Sequelize;
  drop(): Promise<void>;
}

/** The MariaDB server tests use: TEST_DB_* or the local root account with an empty password. */
export function testServerSettings(): Omit<MySqlSettings, 'database'> {
  return {
    dialect: 'mysql',
    host: process.env.TEST_DB_HOST ?? '127.0.0.1',
    port: Number(process.env.TEST_DB_PORT ?? 3306),
    user: process.env.TEST_DB_USER ?? 'root',
    password: process.env.TEST_DB_PASSWORD ?? '',
  };
}

/** Settings for a database of its own that does not exist yet: a MariaDB database or a file in the temp folder. */
export function newTestDatabaseSettings(dialect: TestDialect, label = 'test'): DatabaseSettings {
  const name = `ecommerce_${label}_${randomBytes(6).toString('hex')}`;
  return dialect === 'sqlite'
    ? { dialect: 'sqlite', file: path.join(tmpdir(), `${name}.sqlite`) }
    : { ...testServerSettings(), database: name };
}

/** A database that cannot be reached: nothing listens on port 1; a file in a folder that does not exist. */
export function unreachableDatabaseSettings(dialect: TestDialect): DatabaseSettings {
  return dialect === 'sqlite'
    ? { dialect: 'sqlite', file: path.join(tmpdir(), `ecommerce_missing_${randomBytes(6).toString('hex')}`, 'nowhere.sqlite') }
    : { ...testServerSettings(), port: 1, database: 'nowhere' };
}

/** A new, migrated database of its own for one test file; drop() removes it. */
export async function createTestDatabase(options: { migrate?: boolean; dialect?: TestDialect } = {}): Promise<TestDatabase> {
  const dialect = options.dialect ?? testDialect();
  const settings = newTestDatabaseSettings(dialect);
  await createDatabaseIfMissing(settings);
  const sequelize = createSequelize(settings);
  if (options.migrate !== false) await migrateToLatest(sequelize);
  return {
    dialect,
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
  const sqlite = sequelize.getDialect() === 'sqlite';
  for (const table of ['idempotency_key', 'order_line', 'orders', 'product_tag', 'product', 'tag', 'category']) {
    await sequelize.query(`DELETE FROM ${table}`);
    if (sqlite) await sequelize.query('DELETE FROM sqlite_sequence WHERE name = ?', { replacements: [table] });
    else await sequelize.query(`ALTER TABLE ${table} AUTO_INCREMENT = 1`);
  }
}

/** The id the next row inserted into `table` will get. */
export async function nextIdOf(sequelize: Sequelize, table: string): Promise<number> {
  if (sequelize.getDialect() === 'sqlite') {
    const [row] = await sequelize.query<{ seq: number }>('SELECT seq FROM sqlite_sequence WHERE name = ?', {
      replacements: [table],
      type: QueryTypes.SELECT,
    });
    return (row?.seq ?? 0) + 1;
  }
  const [status] = await sequelize.query<{ Auto_increment: number }>('SHOW TABLE STATUS WHERE Name = ?', {
    replacements: [table],
    type: QueryTypes.SELECT,
  });
  return Number(status?.Auto_increment);
}
