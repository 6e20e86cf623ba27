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

describe('GET routes return the seeded catalog exactly as the contract shows', () => {
  it('GET /api/products/1', async () => {
    const res = await request(t.app).get('/api/products/1').expect(200).expect('Content-Type', /application\/json/);
    expect(res.body).toEqual({
      id: 1, product_name: 'Plain T-Shirt', price: 14.99, stock: 14, category_id: 1,
      category: { id: 1, category_name: 'Shirts' },
      tags: [{ id: 6, tag_name: 'white' }, { id: 7, tag_name: 'gold' }, { id: 8, tag_name: 'pop culture' }],
    });
  });

  it('GET /api/products lists all five with category and tags', async () => {
    const res = await request(t.app).get('/api/products').expect(200);
    expect(res.body.map((p: { id: number; price: number }) => [p.id, p.price])).toEqual([[1, 14.99], [2, 90], [3, 22.99], [4, 12.99], [5, 29.99]]);
    expect(res.body[2].tags.map((tag: { tag_name: string }) => tag.tag_name)).toEqual(['rock music', 'blue', 'red', 'green']);
    expect(res.body[4].category).toEqual({ id: 2, category_name: 'Shorts' });
  });

  it('GET /api/categories/1 and the list', async () => {
    expect((await request(t.app).get('/api/categories/1').expect(200)).body).toEqual({
      id: 1, category_name: 'Shirts', product_count: 1, products_url: '/api/products?category_id=1',
      products: [{ id: 1, product_name: 'Plain T-Shirt', price: 14.99, stock: 14, category_id: 1 }],
    });
    const all = await request(t.app).get('/api/categories').expect(200);
    expect(all.body.map((c: { category_name: string }) => c.category_name)).toEqual(['Shirts', 'Shorts', 'Music', 'Hats', 'Shoes']);
    expect(all.body[4].products[0].product_name).toBe('Running Sneakers');
  });

  it('GET /api/tags/6 and the list', async () => {
    expect((await request(t.app).get('/api/tags/6').expect(200)).body).toEqual({
      id: 6, tag_name: 'white', product_count: 2, products_url: '/api/products?tag_id=6',
      products: [
        { id: 1, product_name: 'Plain T-Shirt', price: 14.99, stock: 14, category_id: 1 },
        { id: 2, product_name: 'Running Sneakers', price: 90, stock: 25, category_id: 5 },
      ],
    });
    const all = await request(t.app).get('/api/tags').expect(200);
    expect(all.body).toHaveLength(8);
    const links = all.body.reduce((n: number, tag: { products: unknown[] }) => n + tag.products.length, 0);
    expect(links).toBe(12);
  });

  it.each(['/api/products/99', '/api/categories/99', '/api/tags/99'])('404 problem for %s', async (path) => {
    const res = await request(t.app).get(path).expect(404).expect('Content-Type', /application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
    expect(res.body.detail).toMatch(/99 does not exist/);
  });

  it.each(['/api/products/abc', '/api/products/0', '/api/tags/-1', '/api/categories/1.5', '/api/products/99999999999'])(
    '400 naming the id parameter for %s',
    async (path) => {
      const res = await request(t.app).get(path).expect(400);
      expect(res.body.errors[0].parameter).toBe('id');
    },
  );

  it('unknown routes are 404 problems; other methods on a known path are 405 with Allow', async () => {
    expect((await request(t.app).get('/api/nothing').expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
    const res = await request(t.app).patch('/api/products/1').send({}).expect(405);
    expect(res.headers.allow).toBe('GET, PUT, DELETE');
  });

  it('serves the OpenAPI 3.1 document covering every route', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const operations = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    for (const resource of ['categories', 'products', 'tags']) {
      for (const op of [`GET /api/${resource}`, `POST /api/${resource}`, `GET /api/${resource}/{id}`, `PUT /api/${resource}/{id}`, `DELETE /api/${resource}/{id}`]) {
        expect(operations).toContain(op);
      }
    }
    expect(res.body.components.schemas.ProductInput.required).toEqual(['product_name', 'price']);
  });
});
