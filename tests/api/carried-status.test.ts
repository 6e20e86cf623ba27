import request from 'supertest';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { keepsDatabaseUnchanged } from '../support/unchanged-database.js';

let t: TestApp;
keepsDatabaseUnchanged(async () => (t = await createTestApp()));

function expectProblem(res: request.Response, code: string) {
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', status: 400, code });
  expect(JSON.stringify(res.body)).not.toMatch(/URIError|Failed to decode|incorrect header check|Decompression failed/);
}

// These reached the error handler with status 400 already set, and left it as 500 INTERNAL.
describe('a path id that is not valid percent-encoding is a 400 naming the parameter', () => {
  const ids = ['%zz', '%', '%E0%A4%A'];
  const routes = [
    ...['categories', 'products', 'tags'].flatMap((resource) =>
      (['get', 'put', 'delete'] as const).map((method) => [method, (id: string) => `/api/${resource}/${id}`] as const),
    ),
    ['get', (id: string) => `/api/orders/${id}`] as const,
    ...['pay', 'fulfil', 'cancel'].map((action) => ['post', (id: string) => `/api/orders/${id}/${action}`] as const),
  ];
  it.each(ids)('%s', async (id) => {
    for (const [method, path] of routes) {
      const res = await request(t.app)[method](path(id)).set(t.admin).send(method === 'put' ? { tag_name: 'x' } : undefined);
      expectProblem(res, 'MALFORMED_PATH');
      expect(res.body.errors).toEqual([{ parameter: 'id', detail: 'is not valid percent-encoding' }]);
      expect(res.body.detail).toBe('id is not valid percent-encoding');
    }
  });
});

describe('a body that does not match its Content-Encoding is a 400', () => {
  const json = '{"tag_name":"sale"}';
  const bodies: Array<[string, string, Buffer | string]> = [
    ['plain JSON sent as br', 'br', json],
    ['plain JSON sent as gzip', 'gzip', json],
    ['plain JSON sent as deflate', 'deflate', json],
    ['a cut-off gzip stream', 'gzip', gzipSync(json).subarray(0, 12)],
    ['deflate data sent as gzip', 'gzip', deflateSync(json)],
  ];
  it.each(bodies)('%s', async (_case, encoding, body) => {
    const writes = [
      request(t.app).post('/api/tags').set(t.admin),
      request(t.app).put('/api/categories/1').set(t.admin),
      request(t.app).put('/api/products/1').set(t.admin),
      request(t.app).post('/api/orders').set(t.admin),
    ];
    for (const write of writes) {
      const res = await write.set('Content-Type', 'application/json').set('Content-Encoding', encoding).send(body);
      expectProblem(res, 'BAD_CONTENT_ENCODING');
      expect(res.body.detail).toBe(`the body is not valid ${encoding} data, as its Content-Encoding says`);
    }
  });

  it('an encoding the server does not know stays a 415', async () => {
    const res = await request(t.app).post('/api/tags').set(t.admin).set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send(json);
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_ENCODING');
  });
});
