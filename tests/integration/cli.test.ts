import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize, type DatabaseSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { catalogRows } from '../support/catalog-snapshot.js';
import { REPO_ROOT } from '../support/build-once.js';
import { testServerSettings } from '../support/test-database.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, run, start, type Finished } from './child-processes.js';
import { setTimeout as sleep } from 'node:timers/promises';

// npm run db:create / db:seed / db:migrate, as a user runs them, on a database of this file's own.
// The commands run in an empty directory with every variable given, so no .env is read.
// MariaDB only (CREATE DATABASE, SHOW DATABASES); the same commands on a SQLite file are in cli-sqlite.test.ts.
describe('database commands (src/cli)', () => {
  const settings: DatabaseSettings = { ...testServerSettings(), database: `ecommerce_test_cli_${randomBytes(6).toString('hex')}` };
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let server: Sequelize | undefined;
  let db: Sequelize | undefined;

  const command = (name: 'db-create' | 'db-migrate' | 'db-seed', ...args: string[]): Promise<Finished> =>
    run(tsx, [path.join(REPO_ROOT, 'src', 'cli', `${name}.ts`), ...args], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(settings), DATABASE_URL: undefined }),
      timeoutMs: 30_000,
    });

  const count = async (table: string) => {
    const [row] = await db!.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM ${table}`, { type: QueryTypes.SELECT });
    return Number(row?.n);
  };
  const counts = async () => ({
    category: await count('category'),
    product: await count('product'),
    tag: await count('tag'),
    product_tag: await count('product_tag'),
  });
  const snapshot = () => catalogRows(db!);

  beforeAll(async () => {
    cwd = await emptyWorkingDirectory();
    server = createSequelize({ ...settings, database: '' });
    db = createSequelize(settings);
  });

  afterAll(async () => {
    await Promise.allSettled([db?.close(), server?.close()]);
    await Promise.allSettled([dropDatabase(settings), cwd?.remove()]);
  });

  let demoData: Awaited<ReturnType<typeof snapshot>>;

  it('db:create creates the database named in DB_NAME, and says so when it already exists', async () => {
    const first = await command('db-create');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`created database "${settings.database}"`);
    const databases = await server!.query('SHOW DATABASES LIKE :name', { replacements: { name: settings.database }, type: QueryTypes.SELECT });
    expect(databases).toHaveLength(1);

    const second = await command('db-create');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`database "${settings.database}" already exists`);
  });

  it('db:seed migrates the new database and loads the demo catalog', async () => {
    const result = await command('db-seed');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(await counts()).toEqual({ category: 5, product: 5, tag: 8, product_tag: 12 });
    const [product] = await db!.query('SELECT id, product_name, price, stock, category_id FROM product WHERE id = 1', { type: QueryTypes.SELECT });
    expect(product).toEqual({ id: 1, product_name: 'Plain T-Shirt', price: '14.99', stock: 14, category_id: 1 });
    demoData = await snapshot();
  });

  it('db:seed refuses a database that holds data, in one line that mentions --reset, and changes nothing', async () => {
    await db!.query("UPDATE category SET category_name = 'Renamed by hand' WHERE id = 1");
    const before = await snapshot();

    const result = await command('db-seed');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(result.stderr).toContain('--reset');

    expect(await snapshot()).toEqual(before);
    expect(before.category[0]).toMatchObject({ id: 1, category_name: 'Renamed by hand' });
  });

  it('db:seed --reset refuses while another connection uses the database (a running server), in one line, and changes nothing', async () => {
    // This file's own pool has the database selected, as a running server's would.
    const before = await snapshot();
    const result = await command('db-seed', '--reset');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: MySQL database "[^"]+" on [^ ]+ is in use by \d+ other connection\(s\) \([^)]*@[^)]*\); [^\n]*stop it[^\n]*\n$/);
    expect(await snapshot()).toEqual(before);
  });

  it('db:seed --reset refuses while a server runs on the database, even one idle past its pool idle time', async () => {
    await db!.close();
    const server = start(tsx, [path.join(REPO_ROOT, 'src', 'server.ts')], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(settings), PORT: '0', LOG_LEVEL: 'info' }),
    });
    try {
      await server.waitForLine((line) => line.includes('listening on http://localhost:'), 30_000);
      await sleep(11_000); // the pool closes idle connections after 10 s, except the one the server keeps
      const result = await command('db-seed', '--reset');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^error: MySQL database "[^"]+" on [^ ]+ is in use by 1 other connection\(s\) \([^)]*@[^)]*\); [^\n]*\n$/);
    } finally {
      server.process.kill('SIGTERM');
      await server.exited;
      db = createSequelize(settings);
    }
  }, 60_000);

  it('db:seed --reset restores the demo catalog exactly', async () => {
    await db!.close();
    const result = await command('db-seed', '--reset');
    db = createSequelize(settings);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('after reset');
    expect(await snapshot()).toEqual(demoData);
  });

  it.each([
    ['db-seed', ['--prodcts', '10'], /^error: unknown option "--prodcts": db:seed takes --reset, --products N\n$/],
    ['db-seed', ['--reset', 'now'], /^error: unknown option "now": db:seed takes --reset, --products N\n$/],
    ['db-create', ['--force'], /^error: unknown option "--force": db:create takes no options\n$/],
    ['db-migrate', ['--down'], /^error: unknown option "--down": db:migrate takes no options\n$/],
  ] as const)('%s %j is refused in one line listing the known options, and changes nothing', async (name, args, message) => {
    const before = await snapshot();
    const result = await command(name, ...args);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  it('db:migrate on an up-to-date database says so', async () => {
    const result = await command('db-migrate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('schema is up to date');
  });
});
