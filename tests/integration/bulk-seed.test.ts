import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize, type DatabaseSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing, dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { seedProducts } from '../../seeds/catalog.seed-data.js';
import { DEMO_CATEGORY_NAMES, DEMO_TAG_NAMES } from '../../seeds/demo-catalog-generator.js';
import { REPO_ROOT } from '../support/build-once.js';
import { testServerSettings } from '../support/test-database.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, run } from './child-processes.js';

// npm run db:seed -- --products N, as a user runs it, on a fresh database of this file's own.
// MariaDB only: its checks use MySQL SQL (CHAR_LENGTH, FLOOR on DECIMAL); cli-sqlite.test.ts runs --products on SQLite.
describe('db:seed --products N (bulk demo catalog)', () => {
  const settings: DatabaseSettings = { ...testServerSettings(), database: `ecommerce_test_bulk_${randomBytes(6).toString('hex')}` };
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let db: Sequelize | undefined;

  const seed = (...args: string[]) =>
    run(tsx, [path.join(REPO_ROOT, 'src', 'cli', 'db-seed.ts'), ...args], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(settings), DATABASE_URL: undefined }),
      timeoutMs: 60_000,
    });
  const one = async (sql: string) => {
    const [row] = await db!.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT });
    return Number(row?.n);
  };

  beforeAll(async () => {
    cwd = await emptyWorkingDirectory();
    await createDatabaseIfMissing(settings);
    db = createSequelize(settings);
  });

  afterAll(async () => {
    await db?.close();
    await Promise.allSettled([dropDatabase(settings), cwd?.remove()]);
  });

  it('rejects a product count that is not a whole number from 1 up, in one line, before touching the database', async () => {
    const results = await Promise.all([['--products', '0'], ['--products=2.5']].map((bad) => seed(...bad)));
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^error: --products must be a whole number from 1 to \d+ \(got [^\n]+\)\n$/);
    }
  });

  it('loads the demo data with its ids, then 2500 generated products over their own categories and tags', async () => {
    const result = await seed('--products', '2500');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2505 products');
    expect(result.stdout).toContain('2500 generated');
    // Not a terminal here: plain progress lines, ending at 100 %.
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/100% 2,500\/2,500 products/);

    expect(await one('SELECT COUNT(*) AS n FROM product')).toBe(5 + 2500);
    expect(await one('SELECT COUNT(*) AS n FROM category')).toBe(5 + DEMO_CATEGORY_NAMES.length);
    expect(await one('SELECT COUNT(*) AS n FROM tag')).toBe(8 + DEMO_TAG_NAMES.length);

    const demo = await db!.query<{ id: number; product_name: string }>('SELECT id, product_name FROM product WHERE id <= 5 ORDER BY id', {
      type: QueryTypes.SELECT,
    });
    expect(demo).toEqual(seedProducts.map((p) => ({ id: p.id, product_name: p.name })));
    expect(await one('SELECT COUNT(*) AS n FROM product_tag WHERE product_id <= 5')).toBe(12);

    // Every generated product has a generated category, a price in cents, a stock >= 0 and 0-4 generated tags.
    expect(await one('SELECT COUNT(*) AS n FROM product p LEFT JOIN category c ON c.id = p.category_id WHERE c.id IS NULL')).toBe(0);
    expect(await one('SELECT COUNT(*) AS n FROM product WHERE id > 5 AND category_id <= 5')).toBe(0);
    expect(await one('SELECT COUNT(*) AS n FROM product WHERE price <= 0 OR price * 100 <> FLOOR(price * 100) OR stock < 0')).toBe(0);
    expect(await one("SELECT COUNT(*) AS n FROM product WHERE TRIM(product_name) = '' OR CHAR_LENGTH(product_name) > 255")).toBe(0);
    expect(await one('SELECT COUNT(*) AS n FROM product_tag WHERE product_id > 5 AND tag_id <= 8')).toBe(0);
    expect(await one('SELECT COALESCE(MAX(n), 0) AS n FROM (SELECT COUNT(*) AS n FROM product_tag GROUP BY product_id) AS t')).toBeLessThanOrEqual(4);
    expect(await one('SELECT COUNT(*) AS n FROM product_tag')).toBeGreaterThan(2500);

    // What listing relies on is filled too: every product's name words, and the kept counts.
    expect(await one('SELECT COUNT(*) AS n FROM product p WHERE NOT EXISTS (SELECT 1 FROM product_word w WHERE w.product_id = p.id)')).toBe(0);
    expect(
      await one('SELECT COUNT(*) AS n FROM category c WHERE c.product_count <> (SELECT COUNT(*) FROM product p WHERE p.category_id = c.id)'),
    ).toBe(0);
    expect(
      await one('SELECT COUNT(*) AS n FROM tag t WHERE t.product_count <> (SELECT COUNT(*) FROM product_tag pt WHERE pt.tag_id = t.id)'),
    ).toBe(0);
    expect(await one('SELECT SUM(product_count) AS n FROM category')).toBe(2505);
  });

  it('refuses to seed again on top, and changes nothing', async () => {
    const before = await one('SELECT COUNT(*) AS n FROM product');
    const result = await seed('--products', '10');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--reset');
    expect(await one('SELECT COUNT(*) AS n FROM product')).toBe(before);
  });
});
