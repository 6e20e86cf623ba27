import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const post = (path: string, body: object) => request(t.app).post(path).set(t.admin).send(body);

// MariaDB's utf8mb4_unicode_ci weighed every emoji the same: "🧣" was refused as a duplicate of
// "🧤", and the message quoted the database's "?".
describe('names are unique ignoring case, and tell emoji apart, on both databases', () => {
  it('different emoji are different tags and categories', async () => {
    for (const [path, field] of [['/api/tags', 'tag_name'], ['/api/categories', 'category_name']] as const) {
      const gloves = await post(path, { [field]: '🧤' }).expect(201);
      const scarf = await post(path, { [field]: '🧣' }).expect(201);
      expect([gloves.body[field], scarf.body[field]]).toEqual(['🧤', '🧣']);
      await post(path, { [field]: 'Warm 🧤' }).expect(201);
      await post(path, { [field]: 'Warm 🧣' }).expect(201);
    }
  });

  it('a name differing only in case is a 409 that quotes the name as sent', async () => {
    await post('/api/tags', { tag_name: 'Mitten 🧤' }).expect(201);
    const res = await post('/api/tags', { tag_name: 'MITTEN 🧤' }).expect(409);
    expect(res.body).toMatchObject({
      code: 'DUPLICATE_NAME',
      detail: 'tag_name "MITTEN 🧤" is already taken (names are unique, ignoring case)',
      errors: [{ pointer: '/tag_name', detail: '"MITTEN 🧤" is already taken (names are unique, ignoring case)' }],
    });
  });

  it('a rename onto a taken name quotes the sent name too', async () => {
    const res = await request(t.app).put('/api/categories/1').set(t.admin).send({ category_name: '  sHoRtS ' }).expect(409);
    expect(res.body.errors).toEqual([{ pointer: '/category_name', detail: '"sHoRtS" is already taken (names are unique, ignoring case)' }]);
  });

  it('a product name whose words differ only in accents is stored and found', async () => {
    const res = await post('/api/products', { product_name: 'Café cafe mug', price: 5 }).expect(201);
    const found = await request(t.app).get('/api/products?q=café').expect(200);
    expect(found.body.map((p: { id: number }) => p.id)).toEqual([res.body.id]);
  });
});
