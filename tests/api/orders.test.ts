import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogSnapshot } from '../support/catalog-snapshot.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  await t.reseed();
});
afterAll(async () => {
  await t?.close();
});

const stockOf = async (id: number) => (await request(t.app).get(`/api/products/${id}`).expect(200)).body.stock as number;
const place = (body: object, key?: string) => {
  const req = request(t.app).post('/api/orders');
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
};
const ada = { email: 'ada@example.com', items: [{ product_id: 1, quantity: 3 }, { product_id: 3, quantity: 1 }] };

describe('orders over HTTP', () => {
  it('POST /api/orders places an order at catalog prices: 201, Location, exact totals, stock taken', async () => {
    const res = await place({ ...ada, email: 'Ada@Example.com' }).expect(201);
    expect(res.headers.location).toBe(`/api/orders/${res.body.id}`);
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body).toMatchObject({
      email: 'ada@example.com',
      status: 'placed',
      total: 67.96,
      items: [
        { product_id: 1, product_name: 'Plain T-Shirt', unit_price: 14.99, quantity: 3, line_total: 44.97 },
        { product_id: 3, product_name: 'Branded Baseball Hat', unit_price: 22.99, quantity: 1, line_total: 22.99 },
      ],
    });
    expect([await stockOf(1), await stockOf(3)]).toEqual([11, 11]);
    const { order_token: token, ...order } = res.body;
    expect(token).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
    expect((await request(t.app).get(`/api/orders/${res.body.id}`).set(t.admin).expect(200)).body).toEqual(order);
    const [row] = await t.db.sequelize.query<{ total: string | number }>('SELECT total FROM orders', { type: QueryTypes.SELECT });
    expect(String(row!.total)).toBe('67.96'); // "67.96" from mysql2, 67.96 from SQLite
  });

  it('409 names each short product with what is available, and writes nothing', async () => {
    const before = await catalogSnapshot(t.db.sequelize);
    const res = await place({ email: 'a@b.co', items: [{ product_id: 1, quantity: 1 }, { product_id: 3, quantity: 13 }] }).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      shortages: [{ product_id: 3, requested: 13, available: 12 }],
      errors: [{ pointer: '/items/1/quantity', detail: 'product 3 has 12 in stock, 13 requested' }],
    });
    expect(await catalogSnapshot(t.db.sequelize)).toEqual(before);
    const [count] = await t.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM orders', { type: QueryTypes.SELECT });
    expect(Number(count!.n)).toBe(0);
  });

  it.each([
    [{ email: 'a@b.co', items: [] }, '/items', 'must hold at least one item'],
    [{ email: 'a@b.co', items: [{ product_id: 1, quantity: 0 }] }, '/items/0/quantity', 'must be a positive integer'],
    [{ email: 'a@b.co', items: [{ product_id: 1, quantity: 1.5 }] }, '/items/0/quantity', 'must be an integer'],
    [{ email: 'a@b.co', items: [{ product_id: 1, quantity: 1 }, { product_id: 1, quantity: 1 }] }, '/items/1/product_id', 'repeats product 1'],
    [{ email: 'a@b.co', items: [{ product_id: 99, quantity: 1 }] }, '/items/0/product_id', 'product 99 does not exist'],
    [{ email: 'not-an-email', items: [{ product_id: 1, quantity: 1 }] }, '/email', 'must be an email address'],
    [{ email: 'a@b.co', items: [{ product_id: 1, quantity: 1, price: 0.01 }] }, '/items/0/price', 'is not a known field'],
  ])('400 for %j', async (body, pointer, detail) => {
    const res = await place(body).expect(400);
    expect(res.body.errors).toContainEqual({ pointer, detail });
    expect(await stockOf(1)).toBe(14);
  });

  it('pays, fulfils, refuses illegal transitions with 409; 404 and 400 for unknown and malformed ids', async () => {
    const { id } = (await place(ada).expect(201)).body;
    expect((await request(t.app).post(`/api/orders/${id}/fulfil`).set(t.admin).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await request(t.app).post(`/api/orders/${id}/pay`).set(t.admin).expect(200)).body.status).toBe('paid');
    expect((await request(t.app).post(`/api/orders/${id}/fulfil`).set(t.admin).expect(200)).body.status).toBe('fulfilled');
    await request(t.app).post(`/api/orders/${id}/cancel`).set(t.admin).expect(409);
    await request(t.app).get('/api/orders/6f1c1b9e-2a4b-4c1d-9e8f-0a1b2c3d4e5f').set(t.admin).expect(404);
    expect((await request(t.app).get('/api/orders/1').set(t.admin).expect(400)).body.errors[0].parameter).toBe('id');
  });

  it('cancel returns the stock once; asking again answers the cancelled order', async () => {
    const { id } = (await place(ada).expect(201)).body;
    await request(t.app).post(`/api/orders/${id}/pay`).set(t.admin).expect(200);
    expect((await request(t.app).post(`/api/orders/${id}/cancel`).set(t.admin).expect(200)).body.status).toBe('cancelled');
    expect((await request(t.app).post(`/api/orders/${id}/cancel`).set(t.admin).expect(200)).body.status).toBe('cancelled');
    expect([await stockOf(1), await stockOf(3)]).toEqual([14, 12]);
  });

  it('deleting a product leaves past orders intact', async () => {
    const { id } = (await place(ada).expect(201)).body;
    await request(t.app).delete('/api/products/1').set(t.admin).expect(204);
    const order = (await request(t.app).get(`/api/orders/${id}`).set(t.admin).expect(200)).body;
    expect(order.items[0]).toEqual({ product_id: null, product_name: 'Plain T-Shirt', unit_price: 14.99, quantity: 3, line_total: 44.97 });
    expect(order.total).toBe(67.96);
  });

  it('Idempotency-Key: same key and body replays status and body; a different body is 422', async () => {
    const first = await place(ada, 'order-key-1').expect(201);
    const again = await place(ada, 'order-key-1').expect(201);
    expect(again.body).toEqual(first.body);
    expect(await stockOf(1)).toBe(11);
    const res = await place({ ...ada, email: 'eve@example.com' }, 'order-key-1').expect(422);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await place(ada, 'x'.repeat(256)).expect(400)).body.errors[0].parameter).toBe('idempotency-key');
  });

  it('lists orders newest first with Link paging and filters', async () => {
    const ids: string[] = [];
    for (const email of ['a@x.co', 'b@x.co', 'a@x.co']) ids.push((await place({ email, items: [{ product_id: 4, quantity: 1 }] }).expect(201)).body.id);
    await request(t.app).post(`/api/orders/${ids[0]}/pay`).set(t.admin).expect(200);

    const page1 = await request(t.app).get('/api/orders?limit=2').set(t.admin).expect(200);
    expect(page1.body.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]]);
    const next = /<([^>]+)>; rel="next"/.exec(page1.headers.link ?? "")![1]!;
    expect(page1.headers.link).toContain('</api/orders?limit=2>; rel="first"');
    const page2 = await request(t.app).get(next).set(t.admin).expect(200);
    expect(page2.body.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    expect(page2.headers.link).not.toContain('rel="next"');

    expect((await request(t.app).get('/api/orders?email=A@X.CO').set(t.admin).expect(200)).body).toHaveLength(2);
    expect((await request(t.app).get('/api/orders?status=paid').set(t.admin).expect(200)).body.map((o: { id: string }) => o.id)).toEqual([ids[0]]);
    expect((await request(t.app).get('/api/orders?limit=101').set(t.admin).expect(400)).body.errors[0]).toEqual({ parameter: 'limit', detail: 'must be from 1 to 100' });
    expect((await request(t.app).get('/api/orders?status=lost').set(t.admin).expect(400)).body.errors[0].parameter).toBe('status');
    // Decoded at the edge like the other lists' cursors: the query parameter is named, as on products.
    expect((await request(t.app).get('/api/orders?cursor=bogus').set(t.admin).expect(400)).body.errors).toEqual([{ parameter: 'cursor', detail: 'is not a cursor this list issued' }]);
  });
});
