import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let orderId: string;
beforeAll(async () => {
  t = await createTestApp();
  const res = await request(t.app).post('/api/orders').set(t.admin).send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] });
  expect(res.status).toBe(201);
  expect(res.headers['cache-control']).toBe('no-store');
  orderId = res.body.id;
});
afterAll(async () => {
  await t?.close();
});

// Orders name a person and what they bought: no cache between them and the client may keep one.
describe('every answer under /api/orders says Cache-Control: no-store', () => {
  const missing = '6f1c1b9e-2a4b-4c1d-9e8f-0a1b2c3d4e5f';
  it.each([
    ['the list', () => request(t.app).get('/api/orders').set(t.admin), 200],
    ['a filtered list', () => request(t.app).get('/api/orders?email=ada@example.com&limit=1').set(t.admin), 200],
    ['one order', () => request(t.app).get(`/api/orders/${orderId}`).set(t.admin), 200],
    ['an action', () => request(t.app).post(`/api/orders/${orderId}/pay`).set(t.admin), 200],
    ['an illegal transition', () => request(t.app).post(`/api/orders/${orderId}/pay`).set(t.admin), 409],
    ['an unknown order', () => request(t.app).get(`/api/orders/${missing}`).set(t.admin), 404],
    ['a malformed id', () => request(t.app).get('/api/orders/42').set(t.admin), 400],
    ['a bad filter', () => request(t.app).get('/api/orders?status=lost').set(t.admin), 400],
    ['an invalid order', () => request(t.app).post('/api/orders').set(t.admin).send({ email: 'x', items: [] }), 400],
    ['another method', () => request(t.app).delete(`/api/orders/${orderId}`).set(t.admin), 405],
    ['no credentials', () => request(t.app).get('/api/orders'), 401],
    ['no such route below it', () => request(t.app).get(`/api/orders/${orderId}/lines`).set(t.admin), 404],
  ] as const)('%s', async (_case, send, status) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the catalog stays cacheable', async () => {
    expect((await request(t.app).get('/api/products/1').expect(200)).headers['cache-control']).toBeUndefined();
  });
});
