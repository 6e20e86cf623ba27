import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { Lifecycle } from '../../src/lifecycle.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { testDialect, unreachableDatabaseSettings } from '../support/test-database.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** The real app on the test database, with its own logger and lifecycle. */
function appWith(options: { level?: string; lifecycle?: Lifecycle; sequelize?: TestApp['db']['sequelize'] } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger(options.level ?? 'info', { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const container = buildContainer({ sequelize: options.sequelize ?? t.db.sequelize, logger, lifecycle: options.lifecycle });
  return { app: container.get<Express>(TOKENS.App), lines };
}

describe('health', () => {
  it('/healthz answers 200 while the process runs, without credentials, even with a wrong one', async () => {
    expect((await request(t.app).get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    await request(t.app).get('/healthz').set('Authorization', 'Bearer nonsense').expect(200);
  });

  it('/readyz is 200 when the database answers and every migration is applied', async () => {
    const res = await request(t.app).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('/readyz turns 503 the moment shutdown begins, with the reason', async () => {
    const lifecycle = new Lifecycle();
    const { app } = appWith({ lifecycle });
    await request(app).get('/readyz').expect(200);
    lifecycle.beginShutdown();
    const res = await request(app).get('/readyz').expect(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ status: 503, code: 'NOT_READY', detail: 'the server is shutting down' });
    await request(app).get('/healthz').expect(200);
  });

  it('/readyz is 503 when a migration is missing', async () => {
    const [last] = await t.db.sequelize.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1', { type: 'SELECT' as never });
    await t.db.sequelize.query('DELETE FROM schema_migrations WHERE name = ?', { replacements: [last!.name] });
    try {
      const res = await request(t.app).get('/readyz').expect(503);
      expect(res.body.detail).toBe(`migrations not applied: ${last!.name}`);
    } finally {
      await t.db.sequelize.query('INSERT INTO schema_migrations (name) VALUES (?)', { replacements: [last!.name] });
    }
    await request(t.app).get('/readyz').expect(200);
  });

  it('/readyz is 503 when the database cannot be reached, /healthz still 200', async () => {
    const sequelize = createSequelize(unreachableDatabaseSettings(testDialect()));
    try {
      const { app } = appWith({ sequelize });
      expect((await request(app).get('/readyz').expect(503)).body.detail).toBe('the database cannot be reached');
      await request(app).get('/healthz').expect(200);
    } finally {
      await sequelize.close();
    }
  });
});

describe('request ids', () => {
  it('honours a well-formed X-Request-Id and answers it, in the header and in a problem body', async () => {
    const res = await request(t.app).get('/api/products/999').set('X-Request-Id', 'lb-7f3a:trace.01_x').expect(404);
    expect(res.headers['x-request-id']).toBe('lb-7f3a:trace.01_x');
    expect(res.body.request_id).toBe('lb-7f3a:trace.01_x');
  });

  it.each([['too long', 'x'.repeat(129)], ['spaces', 'a b'], ['a newline-free injection attempt', 'a"b'], ['empty', '']])(
    'makes a new one for an id that is %s',
    async (_case, incoming) => {
      const res = await request(t.app).get('/api/products/1').set('X-Request-Id', incoming).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('gives every answer one, different each time', async () => {
    const [a, b] = await Promise.all([request(t.app).get('/api/tags/1'), request(t.app).get('/api/tags/1')]);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});

describe('the access log', () => {
  it('writes one compact line per request: request id, method, route template, status, duration, bytes; nothing from probes, no URL, no headers', async () => {
    const { app, lines } = appWith();
    await request(app).get('/healthz').expect(200);
    await request(app).get('/readyz').expect(200);
    await request(app).get('/api/products/2').set('X-Request-Id', 'req-1').expect(200);
    await request(app).get('/api/orders?email=private@example.com').set(t.admin).set('X-Request-Id', 'req-2').expect(200);
    await request(app).get('/api/nowhere').set('X-Request-Id', 'req-3').expect(404);
    expect(lines.map((line) => line.request_id)).toEqual(['req-1', 'req-2', 'req-3']);
    expect(lines[0]).toEqual({
      level: 30, time: expect.any(Number), msg: 'request',
      request_id: 'req-1', method: 'GET', route: '/api/products/:id', status: 200, ms: expect.any(Number), bytes: expect.any(Number),
    });
    expect(lines[0]!.bytes).toBeGreaterThan(100);
    expect(lines[1]).toMatchObject({ route: '/api/orders', status: 200 });
    expect(lines[2]).toMatchObject({ route: '(no route)', status: 404 });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('private@example.com');
    expect(text).not.toContain(t.adminKey.slice(3));
  });

  it('below info, writes only the 5xx lines', async () => {
    const sequelize = createSequelize(unreachableDatabaseSettings(testDialect()));
    try {
      const { app, lines } = appWith({ level: 'warn', sequelize });
      await request(app).get('/api/products').set('X-Request-Id', 'down-1').expect(503);
      await request(app).get('/healthz').expect(200);
      await request(app).get('/api/nowhere').expect(404);
      expect(lines).toEqual([expect.objectContaining({ level: 50, msg: 'request failed', request_id: 'down-1', route: '/api/products', status: 503 })]);
    } finally {
      await sequelize.close();
    }
  });
});
