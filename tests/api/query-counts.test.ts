import type { Express } from 'express';
import { pino } from 'pino';
import type { Sequelize } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let counting: Sequelize;
let app: Express;
const statements: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  // 120 more products over the seed's tags and categories, so a page of 100 is really 100 rows.
  for (let n = 1; n <= 120; n++) {
    const body = { product_name: `Widget ${n}`, price: n, category_id: (n % 5) + 1, tagIds: [(n % 8) + 1, ((n + 3) % 8) + 1] };
    await request(t.app).post('/api/products').set(t.admin).send(body).expect(201);
  }
  for (let n = 1; n <= 110; n++) {
    await request(t.app).post('/api/tags').set(t.admin).send({ tag_name: `extra ${n}` }).expect(201);
    await request(t.app).post('/api/categories').set(t.admin).send({ category_name: `extra ${n}` }).expect(201);
  }
  // 110 orders of two lines each, so a page of 100 orders is really 100 orders and 200 lines.
  for (let n = 1; n <= 110; n++) {
    const items = [{ product_id: 20 + (n % 100), quantity: 1 }, { product_id: 20 + ((n + 50) % 100), quantity: 1 }];
    const placed = await request(t.app).post('/api/orders').send({ email: `buyer${n}@example.com`, items });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
  }
  // The same database through a Sequelize that records every statement it sends.
  counting = createSequelize(t.db.settings, (sql) => statements.push(sql));
  app = buildContainer({ sequelize: counting, logger: pino({ level: 'silent' }) }).get<Express>(TOKENS.App);
});

afterAll(async () => {
  await counting?.close();
  await t?.close();
});

async function statementsFor(path: string): Promise<{ count: number; items: number }> {
  // Order lists need the admin key; checking it costs statements of its own (then cached): warm it first.
  const auth = path.startsWith('/api/orders') ? t.admin : {};
  if (path.startsWith('/api/orders')) await request(app).get(path).set(auth).expect(200);
  statements.length = 0;
  const res = await request(app).get(path).set(auth).expect(200);
  return { count: statements.length, items: Array.isArray(res.body) ? res.body.length : 1 };
}

describe('no N+1: a request sends the same few statements whatever its page size', () => {
  it.each([
    ['/api/products', 1],
    ['/api/products?sort=price&in_stock=true', 1],
    ['/api/products?q=widget&category_id=2&tag_id=1,2,3', 1],
    ['/api/products?sort=-price&price_min=1&price_max=200&count=true', 2],
    ['/api/categories', 2],
    ['/api/tags', 2],
    ['/api/tags?count=true', 3],
    ['/api/orders', 2],
  ])('%s: %i statements for 1 item and for 100', async (path, expected) => {
    const separator = path.includes('?') ? '&' : '?';
    const one = await statementsFor(`${path}${separator}limit=1`);
    const hundred = await statementsFor(`${path}${separator}limit=100`);
    expect(one.items).toBe(1);
    expect(hundred.items).toBeGreaterThan(path.includes('q=') ? 3 : 50);
    expect({ one: one.count, hundred: hundred.count }).toEqual({ one: expected, hundred: expected });
  });

  it.each([
    ['/api/products/1', 1],
    ['/api/categories/1', 1],
    ['/api/tags/1', 1],
  ])('%s: %i statements', async (path, expected) => {
    expect((await statementsFor(path)).count).toBe(expected);
  });
});

describe('a product update reads the product once, locked, writes its fields and tags, and reads the answer', () => {
  let run = 0;
  // Every run changes everything: the name (its search words), price, category and both tags.
  const changeAll = () => {
    run += 1;
    return { product_name: `Renamed ${run}`, price: run, category_id: (run % 2) + 1, tagIds: run % 2 ? [1, 2] : [3, 4] };
  };

  // BEGIN, the locked read, the two reference checks, 2 category counts, the row, its words (2),
  // 4 tag counts, its links (2), the answer, COMMIT; If-Match adds the read it is judged on.
  // (21 and 23 when the product was read four times.)
  it.each([
    ['PUT /api/products/:id', false, 17],
    ['PUT /api/products/:id with If-Match', true, 18],
  ])('%s (If-Match: %s): %i statements', async (_name, withIfMatch, expected) => {
    await request(app).put('/api/products/1').set(t.admin).send(changeAll()).expect(200); // warms the admin key's check
    const etag = withIfMatch ? (await request(app).get('/api/products/1').expect(200)).headers.etag as string : undefined;
    statements.length = 0;
    await request(app)
      .put('/api/products/1')
      .set({ ...t.admin, ...(etag ? { 'If-Match': etag } : {}) })
      .send(changeAll())
      .expect(200);
    expect(statements.length, statements.join('\n')).toBe(expected);
  });
});
