import { QueryTypes } from 'sequelize';
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

// Every product write moves the kept product counts of one category and several tags: the
// hottest rows in the catalog. Concurrent writers must queue on them, not deadlock, and the
// counts must come out exact.
describe('concurrent product writes in the same category and tags', () => {
  it('all succeed, and every kept count equals a fresh count', async () => {
    const writer = async (n: number) => {
      const created = await request(t.app)
        .post('/api/products').set(t.admin)
        .send({ product_name: `Hoodie ${n}`, price: 39.99, stock: 7, category_id: 1, tagIds: [1, 2, 3] });
      expect(created.status, created.text).toBe(201);
      const updated = await request(t.app)
        .put(`/api/products/${created.body.id}`).set(t.admin)
        .send({ product_name: `Hoodie ${n} II`, category_id: n % 2 === 0 ? 2 : 1, tagIds: [2, 4] });
      expect(updated.status, updated.text).toBe(200);
      if (n % 3 === 0) expect((await request(t.app).delete(`/api/products/${created.body.id}`).set(t.admin)).status).toBe(204);
    };
    await Promise.all(Array.from({ length: 40 }, (_, n) => writer(n)));

    const drift = await t.db.sequelize.query(
      `SELECT 'category' AS kind, id FROM category c WHERE product_count <> (SELECT COUNT(*) FROM product p WHERE p.category_id = c.id)
       UNION ALL
       SELECT 'tag', id FROM tag t WHERE product_count <> (SELECT COUNT(*) FROM product_tag pt WHERE pt.tag_id = t.id)`,
      { type: QueryTypes.SELECT },
    );
    expect(drift).toEqual([]);
    // 40 written, 14 deleted (n = 0, 3, ..., 39), over the seed's 5.
    expect((await request(t.app).get('/api/products?count=true&limit=1').expect(200)).headers['x-total-count']).toBe('31');
    expect((await request(t.app).get('/api/tags/4').expect(200)).body.product_count).toBe(1 + 26);
  });
});
