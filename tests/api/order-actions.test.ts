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

const place = async () =>
  (await request(t.app).post('/api/orders').set(t.admin).send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 2 }] }).expect(201)).body
    .id as string;
const action = (id: string, name: string) => request(t.app).post(`/api/orders/${id}/${name}`).set(t.admin);
const stockOf = async (id: number) => (await request(t.app).get(`/api/products/${id}`).expect(200)).body.stock as number;

// Every other route refuses unknown fields; these took any body and ignored it.
describe('pay, fulfil and cancel take no fields', () => {
  it.each(['pay', 'fulfil', 'cancel'])('%s: a field is a 400 naming it, and the order stays as it was', async (name) => {
    const id = await place();
    const stock = await stockOf(1);
    const res = await action(id, name).send({ reason: 'changed my mind', status: 'paid' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { pointer: '/reason', detail: 'is not a known field' },
      { pointer: '/status', detail: 'is not a known field' },
    ]);
    const nullBody = await action(id, name).set('Content-Type', 'application/json').send('null').expect(400);
    expect(nullBody.body.errors).toEqual([{ pointer: '', detail: 'must be an object' }]);
    expect((await request(t.app).get(`/api/orders/${id}`).set(t.admin).expect(200)).body.status).toBe('placed');
    expect(await stockOf(1)).toBe(stock);
  });

  it('no body, or an empty object, is fine', async () => {
    const id = await place();
    expect((await action(id, 'pay').expect(200)).body.status).toBe('paid');
    expect((await action(id, 'fulfil').send({}).expect(200)).body.status).toBe('fulfilled');
    const other = await place();
    expect((await action(other, 'cancel').set('Content-Type', 'application/json').send('').expect(200)).body.status).toBe('cancelled');
  });
});
