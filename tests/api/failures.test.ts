import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestDatabase, testDialect, unreachableDatabaseSettings, type TestDatabase } from '../support/test-database.js';

function appOn(sequelize: ReturnType<typeof createSequelize>, logged: unknown[] = []): Express {
  const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  return buildContainer({ sequelize, logger }).get<Express>(TOKENS.App);
}

describe('when the database is unreachable', () => {
  // MariaDB: nothing listens on port 1. SQLite: the file's folder does not exist.
  const sequelize = createSequelize(unreachableDatabaseSettings(testDialect()));
  afterAll(() => sequelize.close());

  it.each([
    ['get', '/api/categories'],
    ['get', '/api/products/1'],
    ['post', '/api/tags'],
  ] as const)('%s %s is 503 with Retry-After and no internals', async (method, path) => {
    // A write carries a well-formed key: checking it needs the database too, and that is what is down.
    const auth = method === 'post' ? { Authorization: `Bearer ek_${'A'.repeat(43)}` } : {};
    const res = await request(appOn(sequelize))[method](path).set(auth).send(method === 'post' ? { tag_name: 'x' } : undefined);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, code: 'STORAGE_UNAVAILABLE' });
    expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:1\b|SQLITE|nowhere/i);
  });
});

describe('an unexpected failure', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false }); // no tables: every query fails with SQL text
  });
  afterAll(() => db?.drop());

  it('is a 500 that says nothing of the internals, while the log says everything', async () => {
    const logged: Array<{ err?: { message?: string } }> = [];
    const res = await request(appOn(db.sequelize, logged)).get('/api/products');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      type: 'about:blank', status: 500, title: 'Internal server error', code: 'INTERNAL',
      detail: 'something went wrong on our side; it has been logged', request_id: res.headers['x-request-id'],
    });
    expect(logged.some((entry) => /product/.test(entry.err?.message ?? ''))).toBe(true);
    // Every line of that request carries its id: the error, and the access line.
    const ofThisRequest = logged.filter((entry) => (entry as { request_id?: unknown }).request_id === res.headers['x-request-id']);
    expect(ofThisRequest.map((entry) => (entry as { msg?: unknown }).msg)).toEqual(['unhandled error', 'request failed']);
  });
});
