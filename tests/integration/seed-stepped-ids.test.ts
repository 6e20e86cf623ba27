import path from 'node:path';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildBundle, REPO_ROOT, type Bundle } from '../support/build-once.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../support/private-mariadb.js';
import { childEnv, databaseEnv, run } from './child-processes.js';

// A Galera node steps auto-increment ids by the cluster size from its own offset (node 2 of 3:
// 2, 5, 8, ...). The demo data's references must follow the ids the database gives.

let mariadb: PrivateMariaDb;
let bundle: Bundle;

beforeAll(async () => {
  [mariadb, bundle] = await Promise.all([
    startPrivateMariaDb({ extraSettings: ['auto_increment_increment=3', 'auto_increment_offset=2'] }),
    buildBundle(),
  ]);
  await mariadb.createDatabase('shop');
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([mariadb?.remove(), bundle?.remove()]);
});

it('db:seed on a server that steps ids by 3 from 2 loads the demo data with its references intact', async () => {
  const env = childEnv({ ...databaseEnv(mariadb.settings('shop')), LOG_LEVEL: 'warn' });
  const seeded = await run(process.execPath, [path.join(bundle.outDir, 'cli', 'db-seed.js')], { cwd: REPO_ROOT, env, timeoutMs: 60_000 });
  expect(seeded.stderr).toBe('');
  expect(seeded.code).toBe(0);

  const sequelize = createSequelize(mariadb.settings('shop'));
  try {
    const categories = await sequelize.query<{ id: number }>('SELECT id FROM category ORDER BY id', { type: QueryTypes.SELECT });
    expect(categories.map((c) => c.id)).toEqual([2, 5, 8, 11, 14]);
    const [shirt] = await sequelize.query<{ category: string; tags: string }>(
      `SELECT c.category_name AS category, GROUP_CONCAT(t.tag_name ORDER BY t.tag_name) AS tags
         FROM product p JOIN category c ON c.id = p.category_id
         JOIN product_tag pt ON pt.product_id = p.id JOIN tag t ON t.id = pt.tag_id
        WHERE p.product_name = 'Plain T-Shirt' GROUP BY c.category_name`,
      { type: QueryTypes.SELECT },
    );
    expect(shirt).toEqual({ category: 'Shirts', tags: 'gold,pop culture,white' });
  } finally {
    await sequelize.close();
  }
}, 90_000);
