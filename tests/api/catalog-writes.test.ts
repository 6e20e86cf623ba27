import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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

const tagIdsOf = async (productId: number) =>
  (await request(t.app).get(`/api/products/${productId}`).expect(200)).body.tags.map((tag: { id: number }) => tag.id);

describe('products: create, update, delete', () => {
  it('POST creates the assignment\'s Basketball with its tags: 201, Location, exact price', async () => {
    const res = await request(t.app)
      .post('/api/products').set(t.admin)
      .send({ product_name: 'Basketball', price: 200.0, stock: 3, tagIds: [1, 2, 3, 4] })
      .expect(201);
    expect(res.headers.location).toBe('/api/products/6');
    expect(res.body).toEqual({
      id: 6, product_name: 'Basketball', price: 200, stock: 3, category_id: null, category: null,
      tags: [{ id: 1, tag_name: 'rock music' }, { id: 2, tag_name: 'pop music' }, { id: 3, tag_name: 'blue' }, { id: 4, tag_name: 'red' }],
    });
    expect((await request(t.app).get('/api/products/6').expect(200)).body).toEqual(res.body);
  });

  it('stores 14.99 as 14.99 (DECIMAL(10,2)), and defaults stock to 10', async () => {
    const res = await request(t.app).post('/api/products').set(t.admin).send({ product_name: 'Socks', price: 0.29, category_id: 1 }).expect(201);
    expect(res.body).toMatchObject({ price: 0.29, stock: 10, category: { id: 1, category_name: 'Shirts' } });
    const [row] = await t.db.sequelize.query<{ price: string | number }>('SELECT price FROM product WHERE id = 6', { type: QueryTypes.SELECT });
    // As stored: "0.29" from mysql2, 0.29 from SQLite; never 0 or 0.3 (a DECIMAL without scale).
    expect(String(row!.price)).toBe('0.29');
  });

  it('PUT changes only the fields sent; tagIds replaces the tag set', async () => {
    const res = await request(t.app).put('/api/products/1').set(t.admin).send({ price: 15.5, tagIds: [8, 1] }).expect(200);
    expect(res.body).toMatchObject({ id: 1, product_name: 'Plain T-Shirt', price: 15.5, stock: 14, category_id: 1 });
    expect(await tagIdsOf(1)).toEqual([1, 8]);
    await request(t.app).put('/api/products/1').set(t.admin).send({ stock: 0 }).expect(200);
    expect(await tagIdsOf(1)).toEqual([1, 8]);
    await request(t.app).put('/api/products/1').set(t.admin).send({ tagIds: [] }).expect(200);
    expect(await tagIdsOf(1)).toEqual([]);
  });

  it('PUT category_id null uncategorizes', async () => {
    const res = await request(t.app).put('/api/products/2').set(t.admin).send({ category_id: null }).expect(200);
    expect(res.body).toMatchObject({ category_id: null, category: null });
  });

  it('PUT or DELETE an unknown product is 404', async () => {
    await request(t.app).put('/api/products/99').set(t.admin).send({ stock: 1 }).expect(404);
    await request(t.app).delete('/api/products/99').set(t.admin).expect(404);
  });

  it('DELETE removes the product and its tag links', async () => {
    await request(t.app).delete('/api/products/3').set(t.admin).expect(204, '');
    await request(t.app).get('/api/products/3').expect(404);
    const [links] = await t.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM product_tag WHERE product_id = 3', {
      type: QueryTypes.SELECT,
    });
    expect(Number(links!.n)).toBe(0);
  });
});

describe('categories and tags: create, update, delete', () => {
  it('POST /api/categories: 201 with Location, the category, trimmed name', async () => {
    const res = await request(t.app).post('/api/categories').set(t.admin).send({ category_name: '  Socks  ' }).expect(201);
    expect(res.headers.location).toBe('/api/categories/6');
    expect(res.body).toEqual({ id: 6, category_name: 'Socks' });
  });

  it('PUT renames a category and a tag', async () => {
    expect((await request(t.app).put('/api/categories/1').set(t.admin).send({ category_name: 'Tops' }).expect(200)).body).toEqual({ id: 1, category_name: 'Tops' });
    expect((await request(t.app).put('/api/tags/3').set(t.admin).send({ tag_name: 'navy' }).expect(200)).body).toEqual({ id: 3, tag_name: 'navy' });
    expect((await request(t.app).get('/api/products/5').expect(200)).body.tags).toEqual([{ id: 3, tag_name: 'navy' }]);
  });

  it('duplicate names are 409 naming the field, whatever the case', async () => {
    const res = await request(t.app).post('/api/categories').set(t.admin).send({ category_name: 'SHIRTS' }).expect(409);
    expect(res.body).toMatchObject({ status: 409, code: 'DUPLICATE_NAME', errors: [{ pointer: '/category_name' }] });
    await request(t.app).post('/api/tags').set(t.admin).send({ tag_name: 'Blue' }).expect(409);
    await request(t.app).put('/api/tags/3').set(t.admin).send({ tag_name: 'RED' }).expect(409);
  });

  it('DELETE a category leaves its products, uncategorized', async () => {
    await request(t.app).delete('/api/categories/1').set(t.admin).expect(204);
    expect((await request(t.app).get('/api/products/1').expect(200)).body).toMatchObject({ category_id: null, category: null });
    await request(t.app).delete('/api/categories/1').set(t.admin).expect(404);
  });

  it('DELETE a tag removes its links only', async () => {
    await request(t.app).delete('/api/tags/6').set(t.admin).expect(204);
    expect(await tagIdsOf(1)).toEqual([7, 8]);
    expect(await tagIdsOf(2)).toEqual([]);
    await request(t.app).get('/api/tags/6').expect(404);
  });

  it('DELETE takes an empty object as well as no body', async () => {
    await request(t.app).delete('/api/tags/6').set(t.admin).send({}).expect(204);
    await request(t.app).delete('/api/categories/2').set(t.admin).send({}).expect(204);
    await request(t.app).delete('/api/products/2').set(t.admin).send({}).expect(204);
  });
});
