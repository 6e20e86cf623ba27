import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { listGroupsParams, listProductsParams } from '../../interfaces/http/catalog/catalog-list.schemas.js';
import { listOrdersParams } from '../../interfaces/http/ordering/order.schemas.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { keepsDatabaseUnchanged } from '../support/unchanged-database.js';

let t: TestApp;
keepsDatabaseUnchanged(async () => (t = await createTestApp()));

function expectValidationProblem(res: request.Response, errors: object[]) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors });
}

describe('a JSON body that is not an object is a validation error, not malformed JSON', () => {
  const writes = [
    ['post', '/api/products'],
    ['put', '/api/products/1'],
    ['post', '/api/categories'],
    ['put', '/api/categories/1'],
    ['post', '/api/tags'],
    ['put', '/api/tags/1'],
  ] as const;
  it.each(['null', '"Socks"', '42', 'true'])('%s', async (json) => {
    for (const [method, path] of writes) {
      const res = await request(t.app)[method](path).set(t.admin).set('Content-Type', 'application/json').send(json);
      expectValidationProblem(res, [{ pointer: '', detail: 'must be an object' }]);
      expect(res.body.detail).toBe('body must be an object');
    }
    const order = await request(t.app).post('/api/orders').set(t.admin).set('Content-Type', 'application/json').send(json);
    expectValidationProblem(order, [{ pointer: '', detail: 'must be an object' }]);
  });
});

describe('a query parameter given more than once is named as such', () => {
  const lists = [
    ['/api/products', Object.keys(listProductsParams.shape)],
    ['/api/categories', Object.keys(listGroupsParams.shape)],
    ['/api/tags', Object.keys(listGroupsParams.shape)],
    ['/api/orders', Object.keys(listOrdersParams.shape)],
  ] as const;
  it.each(lists)('every parameter of %s', async (path, parameters) => {
    expect(parameters).toContain('limit');
    for (const parameter of parameters) {
      const res = await request(t.app).get(`${path}?${parameter}=2&${parameter}=3`).set(t.admin);
      expectValidationProblem(res, [{ parameter, detail: 'is given more than once' }]);
      expect(res.body.detail).toBe(`${parameter} is given more than once`);
    }
  });
});

describe('empty values get API-worded messages', () => {
  it('an empty Idempotency-Key header', async () => {
    const res = await request(t.app).post('/api/orders').set(t.admin).set('Idempotency-Key', '').send({ email: 'a@b.co', items: [{ product_id: 1, quantity: 1 }] });
    expectValidationProblem(res, [{ parameter: 'idempotency-key', detail: 'must not be empty' }]);
  });

  it.each(['/api/orders?cursor=', '/api/orders?email=', '/api/products?cursor=', '/api/tags?cursor='])('%s', async (url) => {
    const parameter = /\?(\w+)=/.exec(url)![1];
    expectValidationProblem(await request(t.app).get(url).set(t.admin), [{ parameter, detail: 'must not be empty' }]);
  });
});
