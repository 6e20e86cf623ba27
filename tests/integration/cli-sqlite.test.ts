import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize, type SqliteSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { catalogRows } from '../support/catalog-snapshot.js';
import { REPO_ROOT } from '../support/build-once.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, run, type Finished } from './child-processes.js';

// npm run db:create / db:seed / db:migrate on the embedded database: no DB_* keys, SQLITE_PATH
// pointing into a folder that does not exist yet.
describe('database commands on a SQLite file', () => {
  const folder = path.join(tmpdir(), `ecommerce_test_cli_${randomBytes(6).toString('hex')}`);
  const settings: SqliteSettings = { dialect: 'sqlite', file: path.join(folder, 'data', 'shop.sqlite') };
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let db: Sequelize | undefined;

  const command = (name: 'db-create' | 'db-migrate' | 'db-seed', ...args: string[]): Promise<Finished> =>
    run(tsx, [path.join(REPO_ROOT, 'src', 'cli', `${name}.ts`), ...args], { cwd: cwd!.path, env: childEnv(databaseEnv(settings)), timeoutMs: 30_000 });
  const rows = (sql: string) => db!.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT });
  const snapshot = () => catalogRows(db!);

  beforeAll(async () => {
    cwd = await emptyWorkingDirectory();
  });

  afterAll(async () => {
    await db?.close();
    await Promise.allSettled([rm(folder, { recursive: true, force: true }), cwd?.remove()]);
  });

  let demoData: Awaited<ReturnType<typeof snapshot>>;

  it('db:create creates the file and its folder', async () => {
    const result = await command('db-create');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`created SQLite file ${settings.file}`);
    expect(existsSync(settings.file)).toBe(true);
  });

  it('db:seed migrates the file and loads the demo catalog, price as exact as on MariaDB', async () => {
    const result = await command('db-seed');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`seeded SQLite file ${settings.file}: 5 categories, 5 products, 8 tags`);
    db = createSequelize(settings);
    demoData = await snapshot();
    expect([demoData.category.length, demoData.product.length, demoData.tag.length, demoData.product_tag.length]).toEqual([5, 5, 8, 12]);
    expect(demoData.product[0]).toEqual({ id: 1, product_name: 'Plain T-Shirt', price: 14.99, stock: 14, category_id: 1 });
  });

  it('db:seed refuses a file that holds data, and --reset restores the demo catalog exactly', async () => {
    await db!.query("UPDATE category SET category_name = 'Renamed by hand' WHERE id = 1");
    const refused = await command('db-seed');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: SQLite file .* already holds catalog data; nothing was changed\. .*--reset\n$/);

    const reset = await command('db-seed', '--reset');
    expect(reset.code, reset.stderr).toBe(0);
    // SQLite cannot tell whether a server has the file open, so the command says to stop it.
    expect(reset.stderr).toMatch(/^note: --reset drops and recreates every table of SQLite file .*; SQLite cannot tell whether a server is using the file, so stop it first/);
    expect(await snapshot()).toEqual(demoData);
  });

  it('db:seed on an empty catalog whose ids no longer count from 1 names the right command (npm run db:seed -- --reset)', async () => {
    await db!.query("INSERT INTO category (category_name) VALUES ('Temporary')");
    await db!.query('DELETE FROM product_tag');
    for (const table of ['product', 'category', 'tag']) await db!.query(`DELETE FROM ${table}`);
    const result = await command('db-seed');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: seeded category "Shirts" got id \d+, expected 1: [^\n]*npm run db:seed -- --reset\n$/);
    expect(await rows('SELECT * FROM category')).toEqual([]);
  });

  it('npm run db:seed --reset (without --, so npm takes the flag) is refused with the right spelling instead of seeding without it', async () => {
    const result = await run(tsx, [path.join(REPO_ROOT, 'src', 'cli', 'db-seed.ts')], {
      cwd: cwd!.path,
      // What npm passes on for `npm run db:seed --reset`: the flag as its own config, not in argv.
      env: childEnv({ ...databaseEnv(settings), npm_config_reset: 'true' }),
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: --reset went to npm, not to db:seed: put -- before it (npm run db:seed -- --reset); nothing was changed\n');
    expect(await rows('SELECT * FROM category')).toEqual([]);

    const reset = await command('db-seed', '--reset');
    expect(reset.code, reset.stderr).toBe(0);
    expect(await snapshot()).toEqual(demoData);
  });

  it('db:seed refuses an unknown option in one line listing the known ones', async () => {
    const result = await command('db-seed', '--prodcts', '10');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: unknown option "--prodcts": db:seed takes --reset, --products N\n');
  });

  it('db:seed --reset --products N writes generated products in multi-row batches', async () => {
    const result = await command('db-seed', '--reset', '--products', '1200');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('1205 products');
    const [counts] = await rows('SELECT (SELECT COUNT(*) FROM product) AS products, (SELECT MAX(id) FROM product) AS last_id');
    expect(counts).toEqual({ products: 1205, last_id: 1205 });
  });

  it('db:migrate on an up-to-date file says so', async () => {
    const result = await command('db-migrate');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe('schema is up to date');
  });
});
