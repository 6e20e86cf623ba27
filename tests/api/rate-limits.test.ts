import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { expectRateLimited } from '../support/rate-limit-assertions.js';
import { abuseSettings, createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const order = { email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] };

describe('rate limits per client', () => {
  it('RATE_LIMIT_PER_MINUTE: the request past the limit is 429 problem+json with Retry-After and RateLimit headers', async () => {
    t = await createTestApp({ abuse: abuseSettings({ rateLimits: { perMinute: 3 } }) });
    for (let i = 0; i < 3; i++) {
      const ok = await request(t.app).get('/api/products/1').expect(200);
      expect(ok.headers.ratelimit).toBe(`"all"; r=${2 - i}; t=60`);
      expect(ok.headers['ratelimit-policy']).toBe('"all"; q=3; w=60; pk=:' + ok.headers['ratelimit-policy']!.split('pk=:')[1]);
    }
    expectRateLimited(await request(t.app).get('/api/products/1'), 'all');
    // Every route, every method: the limit is per client, not per route.
    expectRateLimited(await request(t.app).post('/api/orders').send(order), 'all');
  });

  it('RATE_LIMIT_ORDERS_PER_MINUTE limits POST /api/orders alone', async () => {
    t = await createTestApp({ abuse: abuseSettings({ rateLimits: { ordersPerMinute: 2 } }) });
    await request(t.app).post('/api/orders').send(order).expect(201);
    await request(t.app).post('/api/orders').send(order).expect(201);
    expectRateLimited(await request(t.app).post('/api/orders').send(order), 'orders');
    const stock = (await request(t.app).get('/api/products/1').expect(200)).body.stock;
    expect(stock).toBe(12); // the refused order took nothing
    const list = await request(t.app).get('/api/orders').set(t.admin).expect(200);
    expect(list.headers.ratelimit).toBeUndefined();
  });

  it('both policies on one answer: each names itself in RateLimit and RateLimit-Policy', async () => {
    t = await createTestApp({ abuse: abuseSettings({ rateLimits: { perMinute: 100, ordersPerMinute: 1 } }) });
    const res = await request(t.app).post('/api/orders').send(order).expect(201);
    expect(res.headers.ratelimit).toMatch(/^"all"; r=99; t=60, "orders"; r=0; t=60$/);
    expect(res.headers['ratelimit-policy']).toMatch(/^"all"; q=100; w=60; pk=:[^:]+:, "orders"; q=1; w=60; pk=:[^:]+:$/);
  });

  it('RATE_LIMIT_AUTH_FAILURES_PER_HOUR: 401s to wrong credentials use it up; then requests with credentials get 429, a good key too, while anonymous reads go on', async () => {
    t = await createTestApp({ abuse: abuseSettings({ rateLimits: { authFailuresPerHour: 3 } }) });
    const app = t.app;
    const admin = t.admin;
    // A good key, and a key without the scope (403), never count: only 401s do.
    for (let i = 0; i < 5; i++) await request(app).get('/api/orders').set(admin).expect(200);
    for (let i = 0; i < 3; i++) await request(app).get('/api/products').set('Authorization', `Bearer ek_${'A'.repeat(43)}`).expect(401);
    expectRateLimited(await request(app).get('/api/products').set('Authorization', `Bearer ek_${'B'.repeat(43)}`), 'auth-failures');
    expectRateLimited(await request(app).post('/api/tags').set(admin).send({ tag_name: 'guessed' }), 'auth-failures');
    await request(app).get('/api/products').expect(200);
    await request(app).post('/api/orders').send(order).expect(201);
    expect((await request(app).get('/api/tags?limit=100').expect(200)).body.map((tag: { tag_name: string }) => tag.tag_name)).not.toContain('guessed');
  });

  it('0 turns every policy off: no 429 and no RateLimit headers', async () => {
    t = await createTestApp({ abuse: abuseSettings({ rateLimits: { perMinute: 0, ordersPerMinute: 0, authFailuresPerHour: 0 } }) });
    for (let i = 0; i < 5; i++) {
      const res = await request(t.app).post('/api/orders').send(order).expect(201);
      expect(res.headers.ratelimit).toBeUndefined();
    }
    for (let i = 0; i < 25; i++) await request(t.app).get('/api/products').set('Authorization', 'Bearer ek_wrong').expect(401);
    const res = await request(t.app).get('/api/products').set('Authorization', 'Bearer ek_wrong').expect(401);
    expect(res.headers['ratelimit-policy']).toBeUndefined();
  });

  it('a 429 to an allowed origin carries CORS headers and exposes Retry-After', async () => {
    t = await createTestApp({ abuse: abuseSettings({ corsOrigins: ['https://shop.example.com'], rateLimits: { perMinute: 1 } }) });
    await request(t.app).get('/api/tags').expect(200);
    const res = await request(t.app).get('/api/tags').set('Origin', 'https://shop.example.com');
    expectRateLimited(res, 'all');
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(res.headers['access-control-expose-headers']).toMatch(/Retry-After/);
  });
});
