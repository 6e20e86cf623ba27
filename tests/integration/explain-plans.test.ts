import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize, type DatabaseSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { createDatabaseIfMissing, dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { REPO_ROOT } from '../support/build-once.js';
import { testServerSettings } from '../support/test-database.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, run } from './child-processes.js';

const PRODUCTS = 100_000;

interface PlanRow {
  id: number | null;
  select_type: string;
  table: string | null;
  type: string | null;
  key: string | null;
  rows: number | string | null;
  Extra: string | null;
}

// EXPLAIN of the statements the list routes really send, on a catalog of 100,000 products
// seeded the way users do it (npm run db:seed -- --products N).
describe(`query plans at ${PRODUCTS.toLocaleString('en-US')} products`, () => {
  const settings: DatabaseSettings = { ...testServerSettings(), database: `ecommerce_test_plans_${randomBytes(6).toString('hex')}` };
  const statements: string[] = [];
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let sequelize: Sequelize | undefined;
  let app: Express;

  beforeAll(async () => {
    cwd = await emptyWorkingDirectory();
    await createDatabaseIfMissing(settings);
    const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    const seeded = await run(tsx, [path.join(REPO_ROOT, 'src', 'cli', 'db-seed.ts'), '--products', String(PRODUCTS)], {
      cwd: cwd.path,
      env: childEnv({ ...databaseEnv(settings), DATABASE_URL: undefined }),
      timeoutMs: 180_000,
    });
    expect(seeded.code, seeded.stderr).toBe(0);
    sequelize = createSequelize(settings, (sql) => statements.push(sql.replace(/^Executing \([^)]*\): /, '')));
    // Fresh statistics, as a server that has run for a while has them.
    await sequelize.query('ANALYZE TABLE product, product_tag, product_word, category, tag');
    app = buildContainer({ sequelize, logger: pino({ level: 'silent' }) }).get<Express>(TOKENS.App);
  }, 240_000);

  afterAll(async () => {
    await sequelize?.close();
    await Promise.allSettled([dropDatabase(settings), cwd?.remove()]);
  });

  it('the check itself sees a full table scan when there is one', async () => {
    const plan = await sequelize!.query<PlanRow>('EXPLAIN SELECT id FROM product WHERE stock = 7', { type: QueryTypes.SELECT });
    expect(plan).toEqual([expect.objectContaining({ table: 'product', type: 'ALL' })]);
  });

  it.each([
    '/api/products',
    '/api/products?sort=price',
    '/api/products?sort=-price',
    '/api/products?sort=product_name',
    '/api/products?sort=newest',
    '/api/products?category_id=6',
    '/api/products?category_id=6&sort=price',
    '/api/products?tag_id=9',
    '/api/products?tag_id=9,10,11',
    '/api/products?price_min=10&price_max=12',
    '/api/products?in_stock=true',
    '/api/products?q=cotton',
    '/api/products?q=cotton%20shirt',
    '/api/products?q=linen&sort=price',
    '/api/categories',
    '/api/categories/6',
    '/api/tags',
    '/api/tags/9',
    '/api/products/50000',
  ])('%s, first and second page: no full table scan', async (path) => {
    statements.length = 0;
    const first = await request(app).get(path).expect(200);
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link ?? '')?.[1];
    if (next) await request(app).get(next).expect(200);
    // A copy: the EXPLAINs below are logged too.
    const sent = [...statements];
    expect(sent.length).toBeGreaterThan(0);
    for (const sql of sent) {
      const plan = await sequelize!.query<PlanRow>(`EXPLAIN ${sql}`, { type: QueryTypes.SELECT });
      // Derived tables and unions (<derived2>, <union1,2>) are the statement's own few rows.
      const scans = plan.filter((row) => row.type === 'ALL' && !(row.table ?? '').startsWith('<'));
      expect(scans, `${sql}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
    }
  });
});
