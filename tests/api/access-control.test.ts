import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import type { Scope } from '../../domain/access/scope.js';
import type { RouteSpec } from '../../interfaces/http/route-spec.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createLogger } from '../../src/logger.js';
import { databaseSnapshot } from '../support/database-snapshot.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let access: AccessUseCases;
const keys: Record<string, string> = {};
/** A key with every scope but this one. */
const keyWithout = (scope: Scope) => keys[`without-${scope.replace(':', '-')}`]!;
const bearer = (credential: string) => ({ Authorization: `Bearer ${credential}` });
let orderId: string;

beforeAll(async () => {
  t = await createTestApp();
  access = t.container.get<AccessUseCases>(TOKENS.AccessUseCases);
  for (const [name, scopes] of [
    ['without-catalog-write', ['orders:read', 'orders:write']],
    ['without-orders-read', ['catalog:write', 'orders:write']],
    ['without-orders-write', ['catalog:write', 'orders:read']],
  ] as const) {
    keys[name] = (await access.createKey.execute({ name, scopes })).secret;
  }
  keys.revoked = (await access.createKey.execute({ name: 'revoked' })).secret;
  await access.revokeKey.execute('revoked');
  orderId = (await place()).body.id;
});

afterAll(async () => {
  await t?.close();
});

const place = () => request(t.app).post('/api/orders').send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] }).expect(201);

function expectProblem(res: request.Response, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

/** A request a route would accept, but for its credentials. */
function send(route: RouteSpec, headers: Record<string, string>) {
  const path = route.path.replace(':id', route.path.startsWith('/api/orders') ? orderId : '1');
  const req = request(t.app)[route.method](path).set(headers);
  return route.body ? req.send({ category_name: 'Unused', tag_name: 'Unused' }) : req;
}

describe('every non-public route in the route table refuses callers without the right key', () => {
  it('declares who may call each route; public ones are exactly the catalog reads and placing an order', () => {
    const routes = t.container.get<RouteSpec[]>(TOKENS.Routes);
    const publicRoutes = routes.filter((route) => route.access === 'public').map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(publicRoutes.sort()).toEqual([
      'GET /api/categories', 'GET /api/categories/:id', 'GET /api/products', 'GET /api/products/:id', 'GET /api/tags', 'GET /api/tags/:id', 'POST /api/orders',
    ]);
  });

  it('answers no key, a malformed key, an unknown key and a revoked key with 401, a key without the scope with 403; writes nothing', async () => {
    const routes = t.container.get<RouteSpec[]>(TOKENS.Routes).filter((route) => route.access !== 'public');
    expect(routes.length).toBeGreaterThanOrEqual(13);
    const before = await databaseSnapshot(t.db.sequelize);
    for (const route of routes) {
      const label = `${route.method.toUpperCase()} ${route.path}`;
      const scope = (route.access as { scope: Scope }).scope;
      const anonymous = await send(route, {});
      expectProblem(anonymous, 401, 'UNAUTHENTICATED');
      expect(anonymous.headers['www-authenticate'], label).toBe('Bearer realm="api"');
      for (const credential of ['Bearer', 'Basic dXNlcjpwYXNz', `Bearer ek_short`, `Bearer ek_${'A'.repeat(43)}`, `Bearer ${keys.revoked}`]) {
        const res = await send(route, { Authorization: credential });
        expectProblem(res, 401, 'UNAUTHENTICATED');
        expect(res.headers['www-authenticate'], `${label} with ${credential.slice(0, 12)}`).toBe('Bearer realm="api", error="invalid_token"');
      }
      const forbidden = await send(route, bearer(keyWithout(scope)));
      expectProblem(forbidden, 403, 'FORBIDDEN');
      expect(forbidden.body.missing_scope, label).toBe(scope);
    }
    expect(await databaseSnapshot(t.db.sequelize)).toEqual(before);
  });

  it('refuses a wrong credential on public routes too, so a client learns its key is wrong', async () => {
    for (const path of ['/api/products', '/api/categories/1', '/api/openapi.json', '/api/nowhere']) {
      expectProblem(await request(t.app).get(path).set(bearer(keys.revoked!)), 401, 'UNAUTHENTICATED');
      expectProblem(await request(t.app).get(path).set(bearer(`ot_${'B'.repeat(43)}`)), 401, 'UNAUTHENTICATED');
    }
    await request(t.app).get('/api/products/1').expect(200);
    await request(t.app).get('/api/products/1').set(t.admin).expect(200);
  });

  it('lets a key with the scope through', async () => {
    await request(t.app).post('/api/tags').set(bearer(keyWithout('orders:read'))).send({ tag_name: 'wool' }).expect(201);
    await request(t.app).get('/api/orders').set(bearer(keyWithout('catalog:write'))).expect(200);
  });
});

describe('the OpenAPI document', () => {
  it('declares the bearer schemes and, per operation, the scope it needs', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'orderToken']);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const route of t.container.get<RouteSpec[]>(TOKENS.Routes)) {
      const operation = doc.paths[route.path.replace(':id', '{id}')][route.method];
      if (route.access === 'public') {
        expect(operation.security, route.path).toEqual([]);
        continue;
      }
      const expected = [{ apiKey: [route.access.scope] }, ...(route.access.orderOwner ? [{ orderToken: [] }] : [])];
      expect(operation.security, `${route.method} ${route.path}`).toEqual(expected);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
  });
});

describe('order tokens', () => {
  it('open their own order and no other: another order answers 404 exactly as one that does not exist', async () => {
    const mine = (await place()).body;
    const theirs = (await place()).body;
    expect(mine.order_token).not.toBe(theirs.order_token);
    const { order_token: token, ...order } = mine;
    expect((await request(t.app).get(`/api/orders/${mine.id}`).set(bearer(token)).expect(200)).body).toEqual(order);

    const other = await request(t.app).get(`/api/orders/${theirs.id}`).set(bearer(token));
    const missingId = '6f1c1b9e-2a4b-4c1d-9e8f-0a1b2c3d4e5f';
    const missing = await request(t.app).get(`/api/orders/${missingId}`).set(t.admin);
    expectProblem(other, 404, 'NOT_FOUND');
    const comparable = (body: Record<string, string>, id: string) => ({ ...body, detail: body.detail!.replace(id, 'ID'), request_id: 'each its own' });
    expect(comparable(other.body, theirs.id)).toEqual(comparable(missing.body, missingId));

    const before = await databaseSnapshot(t.db.sequelize);
    expectProblem(await request(t.app).post(`/api/orders/${theirs.id}/cancel`).set(bearer(token)), 404, 'NOT_FOUND');
    expect(await databaseSnapshot(t.db.sequelize)).toEqual(before);
  });

  it('cannot list orders or pay one (403), and a customer may cancel only while placed', async () => {
    const { id, order_token: token } = (await place()).body;
    const list = await request(t.app).get('/api/orders').set(bearer(token));
    expectProblem(list, 403, 'FORBIDDEN');
    expect(list.body.missing_scope).toBe('orders:read');
    expect((await request(t.app).post(`/api/orders/${id}/pay`).set(bearer(token))).body.missing_scope).toBe('orders:write');

    await request(t.app).post(`/api/orders/${id}/pay`).set(t.admin).expect(200);
    const refused = await request(t.app).post(`/api/orders/${id}/cancel`).set(bearer(token));
    expectProblem(refused, 409, 'ILLEGAL_TRANSITION');
    expect(refused.body.detail).toMatch(/only by the store/);
    expect((await request(t.app).post(`/api/orders/${id}/cancel`).set(t.admin).expect(200)).body.status).toBe('cancelled');

    const placed = (await place()).body;
    expect((await request(t.app).post(`/api/orders/${placed.id}/cancel`).set(bearer(placed.order_token)).expect(200)).body.status).toBe('cancelled');
  });

  it('are the same on an idempotent replay, and no copy of the database holds a working one', async () => {
    const body = { email: 'grace@example.com', items: [{ product_id: 2, quantity: 1 }] };
    const key = `replay-${Date.now()}`;
    const first = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body).expect(201);
    const again = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body).expect(201);
    expect(again.body).toEqual(first.body);
    await request(t.app).get(`/api/orders/${first.body.id}`).set(bearer(again.body.order_token)).expect(200);

    const everything = JSON.stringify(await databaseSnapshot(t.db.sequelize));
    for (const secret of [first.body.order_token, t.adminKey, key, 'grace@example.com']) {
      expect(everything.includes(secret), `the database holds ${secret.slice(0, 6)}...`).toBe(secret === 'grace@example.com');
    }
  });
});

describe('admin key use', () => {
  it('is recorded in last_used_at for an allowed request, and not for a refused one', async () => {
    const { secret } = await access.createKey.execute({ name: 'audited', scopes: ['orders:read'] });
    const lastUsed = async () => (await access.listKeys.execute()).find((key) => key.name === 'audited')!.lastUsedAt;
    await request(t.app).delete('/api/tags/1').set(bearer(secret)).expect(403);
    expect(await lastUsed()).toBeNull();
    await request(t.app).get('/api/orders').set(bearer(secret)).expect(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe('logs', () => {
  it('never hold a key or a token, at any level', async () => {
    const lines: string[] = [];
    const logger = createLogger('trace', { write: (line: string) => lines.push(line) });
    const app = buildContainer({ sequelize: t.db.sequelize, logger }).get<Express>(TOKENS.App);
    const placed = await request(app).post('/api/orders').send({ email: 'log@example.com', items: [{ product_id: 1, quantity: 1 }] }).expect(201);
    const token = placed.body.order_token as string;
    await request(app).get(`/api/orders/${placed.body.id}`).set(bearer(token)).expect(200);
    await request(app).get('/api/orders').set(t.admin).expect(200);
    await request(app).get('/api/orders').set(bearer(token)).expect(403);
    await request(app).get('/api/products').set(bearer(keys.revoked!)).expect(401);
    await request(app).post('/api/tags').set(t.admin).send({ tag_name: 42 }).expect(400);
    expect(lines.length).toBeGreaterThanOrEqual(6);
    for (const secret of [t.adminKey, token, keys.revoked!]) {
      expect(lines.filter((line) => line.includes(secret.slice(3))), 'a log line holds a secret').toEqual([]);
    }
  });
});
