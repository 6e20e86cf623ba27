import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { keepsDatabaseUnchanged } from '../support/unchanged-database.js';

let t: TestApp;
keepsDatabaseUnchanged(async () => (t = await createTestApp()));

const CONTROL = 'must not contain control characters';
const SURROGATE = 'must not contain a lone UTF-16 surrogate';

// Each is sent inside a word, so trimming cannot remove it.
const bad: Array<[string, string, string]> = [
  ['NUL', 'a\u0000b', CONTROL],
  ['BEL (C0)', 'a\u0007b', CONTROL],
  ['a newline', 'a\nb', CONTROL],
  ['DEL', 'a\u007fb', CONTROL],
  ['NEL (C1)', 'a\u0085b', CONTROL],
  ['a lone high surrogate', 'a\ud800b', SURROGATE],
  ['a lone low surrogate', 'a\udc00', SURROGATE],
];

function expectRejected(res: request.Response, where: { pointer: string } | { parameter: string }, detail: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.errors).toEqual([{ ...where, detail }]);
}

describe('text with control characters or lone surrogates is a 400 naming the field', () => {
  it.each(bad)('names: %s', async (_case, text, detail) => {
    const writes = [
      [request(t.app).post('/api/products').set(t.admin).send({ product_name: text, price: 1 }), '/product_name'],
      [request(t.app).put('/api/products/1').set(t.admin).send({ product_name: text }), '/product_name'],
      [request(t.app).post('/api/categories').set(t.admin).send({ category_name: text }), '/category_name'],
      [request(t.app).put('/api/categories/1').set(t.admin).send({ category_name: text }), '/category_name'],
      [request(t.app).post('/api/tags').set(t.admin).send({ tag_name: text }), '/tag_name'],
      [request(t.app).put('/api/tags/1').set(t.admin).send({ tag_name: text }), '/tag_name'],
    ] as const;
    for (const [write, pointer] of writes) expectRejected(await write, { pointer }, detail);
  });

  it.each(bad)('an order email: %s', async (_case, text, detail) => {
    const res = await request(t.app).post('/api/orders').set(t.admin).send({ email: `ada${text}@example.com`, items: [{ product_id: 1, quantity: 1 }] });
    expectRejected(res, { pointer: '/email' }, detail);
  });

  // A URL carries bytes, and no UTF-8 byte sequence decodes to a lone surrogate: control characters only.
  it.each(bad.filter(([, , detail]) => detail === CONTROL))('the orders email filter and the product search: %s', async (_case, text, detail) => {
    expectRejected(await request(t.app).get('/api/orders').set(t.admin).query({ email: `ada${text}@example.com` }), { parameter: 'email' }, detail);
    expectRejected(await request(t.app).get('/api/products').query({ q: `cotton ${text}` }), { parameter: 'q' }, detail);
  });

  it('a well-formed emoji pair and ordinary spaces are fine', async () => {
    await request(t.app).get('/api/products').query({ q: 'cotton 🧤 shirt' }).expect(200);
  });
});
