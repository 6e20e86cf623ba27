import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, postJson } from '../support/http-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// The promises a checkout makes, proved with real concurrent HTTP requests against MariaDB.
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  t = await createTestApp();
  server = await listen(t.app);
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const sql = <T extends object>(query: string) => t.db.sequelize.query<T>(query, { type: QueryTypes.SELECT });
const count = async (table: string) => Number((await sql<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
const stocks = async () => Object.fromEntries((await sql<{ id: number; stock: number }>('SELECT id, stock FROM product')).map((r) => [r.id, r.stock]));
const order = (items: Array<{ product_id: number; quantity: number }>, key?: string) =>
  postJson(`${server.url}/api/orders`, { email: 'load@example.com', items }, key ? { 'Idempotency-Key': key } : {});

describe('checkout under concurrency never oversells', () => {
  it('200 concurrent one-unit checkouts against stock 50: exactly 50 sold, 150 refused, three times over', async () => {
    for (let round = 1; round <= 3; round++) {
      await t.db.sequelize.query('UPDATE product SET stock = 50 WHERE id = 4');
      const ordersBefore = await count('orders');
      const results = await Promise.all(Array.from({ length: 200 }, () => order([{ product_id: 4, quantity: 1 }])));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(50);
      expect(statuses.filter((s) => s === 409)).toHaveLength(150);
      expect((await stocks())[4]).toBe(0);
      expect((await count('orders')) - ordersBefore).toBe(50);
    }
  });

  it('300 concurrent multi-item orders over overlapping products, items in random order: no deadlock reaches a client, units sold = stock taken', async () => {
    await t.db.sequelize.query('UPDATE product SET stock = 120');
    const before = await stocks();
    const random = (n: number) => Math.floor(Math.random() * n);
    const bodies = Array.from({ length: 300 }, () => {
      const ids = [1, 2, 3, 4, 5].sort(() => Math.random() - 0.5).slice(0, 2 + random(3));
      return ids.map((product_id) => ({ product_id, quantity: 1 + random(3) }));
    });
    const results = await Promise.all(bodies.map((items) => order(items)));
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);

    const sold: Record<number, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
    for (const r of results.filter((r) => r.status === 201)) {
      for (const item of r.body.items as Array<{ product_id: number; quantity: number }>) sold[item.product_id]! += item.quantity;
    }
    const after = await stocks();
    for (const id of [1, 2, 3, 4, 5]) {
      expect(before[id]! - after[id]!, `product ${id}`).toBe(sold[id]);
      expect(after[id]).toBeGreaterThanOrEqual(0);
    }
    expect(results.some((r) => r.status === 201)).toBe(true);
  });

  it('an order with one short item takes nothing and writes no order row', async () => {
    await t.db.sequelize.query('UPDATE product SET stock = 5');
    const [before, ordersBefore] = [await stocks(), await count('orders')];
    const res = await order([{ product_id: 1, quantity: 1 }, { product_id: 2, quantity: 6 }, { product_id: 3, quantity: 2 }]);
    expect(res.status).toBe(409);
    expect(await stocks()).toEqual(before);
    expect(await count('orders')).toBe(ordersBefore);
  });

  it('50 concurrent requests with the same Idempotency-Key create exactly one order', async () => {
    await t.db.sequelize.query('UPDATE product SET stock = 100 WHERE id = 5');
    const ordersBefore = await count('orders');
    const results = await Promise.all(Array.from({ length: 50 }, () => order([{ product_id: 5, quantity: 2 }], 'same-key-for-all')));
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const created = results.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect((await count('orders')) - ordersBefore).toBe(1);
    expect((await stocks())[5]).toBe(98);
    const replay = await order([{ product_id: 5, quantity: 2 }], 'same-key-for-all');
    expect(replay).toEqual(created[0]);
  });

  it('cancel asked ten times at once (by the customer, with the order token) restores the stock once', async () => {
    await t.db.sequelize.query('UPDATE product SET stock = 30 WHERE id IN (1, 2)');
    const placed = await order([{ product_id: 1, quantity: 4 }, { product_id: 2, quantity: 3 }]);
    expect(placed.status).toBe(201);
    const results = await Promise.all(Array.from({ length: 10 }, () => postJson(`${server.url}/api/orders/${placed.body.id}/cancel`, undefined, { Authorization: `Bearer ${String(placed.body.order_token)}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const after = await stocks();
    expect([after[1], after[2]]).toEqual([30, 30]);
  });
});
