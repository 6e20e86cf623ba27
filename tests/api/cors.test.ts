import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abuseSettings, createTestApp, type TestApp } from '../support/test-app.js';

const SHOP = 'https://shop.example.com';
const EVIL = 'https://evil.example.net';

let t: TestApp;
let closed: TestApp;
beforeAll(async () => {
  t = await createTestApp({ abuse: abuseSettings({ corsOrigins: [SHOP, 'http://localhost:5173'] }) });
  closed = await createTestApp({ seed: false });
});
afterAll(async () => {
  await t?.close();
  await closed?.close();
});

const allowHeaders = (headers: Record<string, string>) => Object.keys(headers).filter((name) => name.startsWith('access-control-allow-'));

describe('CORS for the origins in CORS_ORIGINS', () => {
  it.each([
    ['OPTIONS', '/api/products', 'POST'],
    ['OPTIONS', '/api/products/1', 'PUT'],
    ['OPTIONS', '/api/categories/1', 'DELETE'],
    ['OPTIONS', '/api/orders', 'POST'],
    ['OPTIONS', '/api/openapi.json', 'GET'],
    ['OPTIONS', '/api/no-such-route', 'GET'],
  ])('a preflight (%s %s for %s) is 204 with the allowed methods and request headers, not 405', async (method, path, requested) => {
    const res = await request(t.app)
      .options(path)
      .set('Origin', SHOP)
      .set('Access-Control-Request-Method', requested)
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-allow-methods']).toBe('GET, HEAD, POST, PUT, DELETE');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization, Content-Type, Idempotency-Key, If-None-Match, If-Match');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('answers to an allowed origin expose the paging, caching, location and back-off headers, and may be read cross-origin', async () => {
    const res = await request(t.app).get('/api/products?count=true').set('Origin', SHOP).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['access-control-expose-headers']).toBe('Link, ETag, Location, X-Total-Count, Retry-After, RateLimit, RateLimit-Policy');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
    const created = await request(t.app).post('/api/tags').set(t.admin).set('Origin', 'http://localhost:5173').send({ tag_name: 'cors' }).expect(201);
    expect(created.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('errors carry the CORS headers too, so the front end can read the problem', async () => {
    const res = await request(t.app).get('/api/products/999').set('Origin', SHOP).expect(404);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('other origins', () => {
  it('a preflight is 403 problem+json ORIGIN_NOT_ALLOWED, without any allow header', async () => {
    const res = await request(t.app).options('/api/products').set('Origin', EVIL).set('Access-Control-Request-Method', 'POST').expect(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 403, code: 'ORIGIN_NOT_ALLOWED' });
    expect(allowHeaders(res.headers)).toEqual([]);
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('a request is answered as usual, without allow headers, and keeps CORP same-origin', async () => {
    const res = await request(t.app).get('/api/products/1').set('Origin', EVIL).expect(200);
    expect(allowHeaders(res.headers)).toEqual([]);
    expect(res.headers['access-control-expose-headers']).toBeUndefined();
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers.vary).toMatch(/\bOrigin\b/);
  });

  it('an origin differing only in path, case or port is another origin', async () => {
    for (const origin of ['https://SHOP.example.com', 'https://shop.example.com:8443', 'http://shop.example.com', 'null']) {
      const res = await request(t.app).options('/api/products').set('Origin', origin).set('Access-Control-Request-Method', 'GET').expect(403);
      expect(allowHeaders(res.headers)).toEqual([]);
    }
  });

  it('OPTIONS without Access-Control-Request-Method is no preflight: 405 as before', async () => {
    await request(t.app).options('/api/products').set('Origin', SHOP).expect(405);
  });

  it('with CORS_ORIGINS unset, every origin is refused and nothing else changes', async () => {
    const res = await request(closed.app).options('/api/products').set('Origin', SHOP).set('Access-Control-Request-Method', 'GET').expect(403);
    expect(allowHeaders(res.headers)).toEqual([]);
    const get = await request(closed.app).get('/api/products').set('Origin', SHOP).expect(200);
    expect(allowHeaders(get.headers)).toEqual([]);
    expect(get.headers.vary).toMatch(/\bOrigin\b/);
  });
});
