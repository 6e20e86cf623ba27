import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { createSequelize, sqliteStorage, type DatabaseSettings, type MySqlSettings, type SqliteSettings } from './create-sequelize.js';
import { createMigrator, migrateToLatest } from './migrator.js';

/**
 * MySQL: CREATE DATABASE IF NOT EXISTS, connecting to the server without choosing a database.
 * SQLite: creates the file (and its folder). True when it did not exist before.
 */
export async function createDatabaseIfMissing(settings: DatabaseSettings): Promise<boolean> {
  return settings.dialect === 'sqlite' ? createSqliteFileIfMissing(settings) : createMySqlDatabaseIfMissing(settings);
}

/** MySQL: DROP DATABASE IF EXISTS. SQLite: deletes the file with its -wal and -shm companions. */
export async function dropDatabase(settings: DatabaseSettings): Promise<void> {
  if (settings.dialect === 'sqlite') {
    const file = sqliteStorage(settings);
    await Promise.all(['', '-wal', '-shm', '-journal'].map((suffix) => rm(`${file}${suffix}`, { force: true })));
    return;
  }
  const server = createSequelize({ ...settings, database: '' });
  try {
    await server.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(settings.database)}`);
  } finally {
    await server.close();
  }
}

/** True when no category, product or tag exists (the schema must be migrated). */
export async function catalogIsEmpty(sequelize: Sequelize): Promise<boolean> {
  const [row] = await sequelize.query<{ total: number | string }>(
    'SELECT (SELECT COUNT(*) FROM category) + (SELECT COUNT(*) FROM product) + (SELECT COUNT(*) FROM tag) AS total',
    { type: QueryTypes.SELECT },
  );
  return Number(row?.total ?? 0) === 0;
}

/**
 * Undoes every migration and applies them again: empty tables, ids counting from 1. Admin API
 * keys survive: they are credentials people have put in their clients, not demo data.
 */
export async function resetSchema(sequelize: Sequelize): Promise<void> {
  const keys = (await createMigrator(sequelize).executed()).some((m) => m.name === '0004-access-control')
    ? await sequelize.query<Record<string, unknown>>('SELECT * FROM api_key ORDER BY id', { type: QueryTypes.SELECT })
    : [];
  await createMigrator(sequelize).down({ to: 0 });
  await migrateToLatest(sequelize);
  if (keys.length > 0) await sequelize.getQueryInterface().bulkInsert('api_key', keys);
}

/**
 * MySQL: the other sessions that have this database selected (a running server's pool, a client),
 * from information_schema.PROCESSLIST, as `user@host`. This asks over a connection of its own with
 * no database selected, so it does not count itself. A user without the PROCESS privilege sees
 * only its own sessions: a server running as another user then goes unseen.
 */
export async function otherSessionsUsing(settings: MySqlSettings): Promise<string[]> {
  const server = createSequelize({ ...settings, database: '' });
  try {
    const rows = await server.query<{ who: string }>(
      'SELECT CONCAT(USER, \'@\', HOST) AS who FROM information_schema.PROCESSLIST WHERE DB = :name AND ID <> CONNECTION_ID() ORDER BY ID',
      { replacements: { name: settings.database }, type: QueryTypes.SELECT },
    );
    return rows.map((row) => row.who);
  } finally {
    await server.close();
  }
}

async function createMySqlDatabaseIfMissing(settings: MySqlSettings): Promise<boolean> {
  const server = createSequelize({ ...settings, database: '' });
  try {
    const existing = await server.query('SHOW DATABASES LIKE :name', { replacements: { name: settings.database }, type: QueryTypes.SELECT });
    if (existing.length > 0) return false;
    await server.query(`CREATE DATABASE ${quoteIdentifier(settings.database)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return true;
  } finally {
    await server.close();
  }
}

async function createSqliteFileIfMissing(settings: SqliteSettings): Promise<boolean> {
  const file = sqliteStorage(settings);
  if (existsSync(file)) return false;
  await mkdir(path.dirname(file), { recursive: true });
  // An empty file is a valid, empty SQLite database; 'wx' leaves a file created meanwhile alone.
  await writeFile(file, '', { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return true;
}

function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/**
 * The ids a new table gives its rows, n from 1: MySQL's auto_increment_offset and _increment,
 * which a Galera cluster sets per node (offset = the node's index, increment = the cluster size),
 * so the demo data's references follow them; SQLite counts from 1.
 */
export async function autoIncrementIds(sequelize: Sequelize): Promise<(n: number) => number> {
  if (sequelize.getDialect() === 'sqlite') return (n) => n;
  const [row] = await sequelize.query<{ step: number | string; start: number | string }>(
    'SELECT @@auto_increment_increment AS step, @@auto_increment_offset AS start',
    { type: QueryTypes.SELECT },
  );
  const step = Number(row!.step);
  // MySQL ignores an offset greater than the increment.
  const first = Number(row!.start) > step ? 1 : Number(row!.start);
  return (n) => first + (n - 1) * step;
}
