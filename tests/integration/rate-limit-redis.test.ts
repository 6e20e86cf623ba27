import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedis, type RedisConnection } from '../../infrastructure/redis/redis-connection.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { expectRateLimited } from '../support/rate-limit-assertions.js';
import { tcpProxy } from '../support/tcp-proxy.js';
import type { RateLimitSettings } from '../../interfaces/http/abuse/abuse-settings.js';
import { abuseSettings, seed } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Every key this run writes starts with it, so runs never share counts and cleanup finds them all.
const keyPrefix = `ecommerce-test:${randomBytes(6).toString('hex')}:`;

let db: TestDatabase;
const connections: RedisConnection[] = [];
const noop = { onError: () => {} };

/** A server process of its own: its own container and Redis connection, the shared database and key prefix. */
async function instance(rateLimits: Partial<RateLimitSettings>, url = REDIS_URL, logger = pino({ level: 'silent' })) {
  const connection = await connectRedis(url, noop);
  connections.push(connection);
  const container = buildContainer({ sequelize: db.sequelize, logger, abuse: abuseSettings({ rateLimits }), rateLimitRedis: { connection, keyPrefix } });
  return container.get<Express>(TOKENS.App);
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seed(buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) }));
});
afterAll(async () => {
  const cleaner = await connectRedis(REDIS_URL, noop);
  const keys = (await cleaner.sendCommand(['KEYS', `${keyPrefix}*`])) as string[];
  if (keys.length > 0) await cleaner.sendCommand(['DEL', ...keys]);
  await Promise.allSettled([...connections, cleaner].map((connection) => connection.close()));
  await db?.drop();
});

describe('rate limits counted in Redis (REDIS_URL)', () => {
  it('two servers share one count per client, each policy under its own key prefix', async () => {
    const [a, b] = [await instance({ perMinute: 3 }), await instance({ perMinute: 3 })];
    await request(a).get('/api/products/1').expect(200);
    const second = await request(b).get('/api/products/1').expect(200);
    expect(second.headers.ratelimit).toBe('"all"; r=1; t=60');
    await request(a).get('/api/products/1').expect(200);
    expectRateLimited(await request(b).get('/api/products/1'), 'all');
    expectRateLimited(await request(a).get('/api/tags'), 'all');
    const keys = (await connections[0]!.sendCommand(['KEYS', `${keyPrefix}*`])) as string[];
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${keyPrefix}all:`))).toBe(true);
  });

  it('when Redis goes away, requests pass unlimited (never a 5xx), logged once; when it is back, limits apply again', async () => {
    const proxy = await tcpProxy({ host: '127.0.0.1', port: Number(new URL(REDIS_URL).port || 6379) });
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const app = await instance({ ordersPerMinute: 1 }, proxy.url, logger);
    const order = { email: 'ada@example.com', items: [{ product_id: 2, quantity: 1 }] };
    await request(app).post('/api/orders').send(order).expect(201);
    expectRateLimited(await request(app).post('/api/orders').send(order), 'orders');

    await proxy.cut();
    for (let i = 0; i < 3; i++) {
      const res = await request(app).post('/api/orders').send(order).expect(201);
      expect(res.headers.ratelimit).toBeUndefined();
    }
    const warnings = lines.filter((line) => line.level === 40);
    expect(warnings.map((line) => line.msg)).toEqual(['rate-limit store unreachable: requests pass without rate limits until it is back']);
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);

    await proxy.restore();
    await vi.waitFor(async () => expectRateLimited(await request(app).post('/api/orders').send(order), 'orders'), { timeout: 10_000, interval: 200 });
    expect(lines.map((line) => line.msg)).toContain('rate-limit store reachable again: rate limits apply');
  });
});
