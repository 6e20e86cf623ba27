import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../interfaces/http/route-spec.js';
import { TOKENS } from '../../src/container/tokens.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema: { readonly type?: string };
}
interface Operation {
  readonly parameters?: readonly Parameter[];
  readonly responses: Record<string, unknown>;
}
type Document = { paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let doc: Document;
let orderId: string;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
  orderId = (await request(t.app).post('/api/orders').send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] }).expect(201)).body.id;
});
afterAll(async () => {
  await t?.close();
});

const routes = () => t.container.get<RouteSpec[]>(TOKENS.Routes);
const documentedPath = (route: RouteSpec) => route.path.replace(/:(\w+)/g, '{$1}');
const operationOf = (route: RouteSpec) => doc.paths[documentedPath(route)]![route.method]!;
/** A real URL for the route: catalog item 1, the order placed above. */
const urlOf = (route: RouteSpec) => route.path.replace(':id', route.path.startsWith('/api/orders') ? orderId : '1');
const parameter = (path: string, method: string, name: string) => doc.paths[path]![method]!.parameters!.find((p) => p.name === name)!;

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // Every $ref names a component that is there.
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('gives path and query parameters the type they stand for, not the text they arrive as', () => {
    for (const path of ['/api/products/{id}', '/api/categories/{id}', '/api/tags/{id}']) {
      expect(parameter(path, 'get', 'id').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 2_147_483_647 });
    }
    for (const path of ['/api/products', '/api/categories', '/api/tags', '/api/orders']) {
      expect(parameter(path, 'get', 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    }
    for (const path of ['/api/products', '/api/categories', '/api/tags']) {
      expect(parameter(path, 'get', 'count').schema).toEqual({ type: 'boolean' });
    }
    expect(parameter('/api/products', 'get', 'category_id').schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(parameter('/api/products', 'get', 'in_stock').schema).toEqual({ type: 'boolean' });
    for (const bound of ['price_min', 'price_max']) {
      expect(parameter('/api/products', 'get', bound).schema).toMatchObject({ type: 'number', minimum: 0, maximum: 99_999_999.99 });
    }
    // What is text stays text.
    expect(parameter('/api/products', 'get', 'cursor').schema.type).toBe('string');
    expect(parameter('/api/orders/{id}', 'get', 'id').schema.type).toBe('string');
  });

  it('lists, on every operation, the statuses any route can answer, and 304 on every GET', () => {
    for (const route of routes()) {
      const statuses = Object.keys(operationOf(route).responses);
      expect(statuses, `${route.method} ${route.path}`).toEqual(expect.arrayContaining(['400', '401', '405', '413', '415', '429', '500', '503']));
      if (route.method === 'get') expect(statuses, route.path).toContain('304');
    }
  });

  // Each answer below is a real one from the server: the document must list it for that operation.
  describe('lists every status the server really answers', () => {
    const expectListed = (route: RouteSpec, status: number) =>
      expect(Object.keys(operationOf(route).responses), `${route.method.toUpperCase()} ${route.path} answered ${status}`).toContain(String(status));

    it('304 to a GET that names the current ETag', async () => {
      for (const route of routes().filter((r) => r.method === 'get')) {
        const first = await request(t.app).get(urlOf(route)).set(t.admin).expect(200);
        await request(t.app).get(urlOf(route)).set(t.admin).set('If-None-Match', first.headers.etag!).expect(304);
        expectListed(route, 304);
      }
    });

    it('405 to another method on the path', async () => {
      for (const route of routes()) {
        const res = await request(t.app).patch(urlOf(route)).set(t.admin).send({});
        expect(res.status, route.path).toBe(405);
        expectListed(route, 405);
      }
    });

    it('415 to a body that is not JSON, 413 to one over 100 kB', async () => {
      for (const route of routes()) {
        const notJson = await request(t.app)[route.method](urlOf(route)).set(t.admin).set('Content-Type', 'text/plain').send('hello');
        expect(notJson.status, `${route.method} ${route.path}`).toBe(415);
        expectListed(route, 415);
        const tooLarge = await request(t.app)[route.method](urlOf(route)).set(t.admin).send({ padding: 'x'.repeat(101 * 1024) });
        expect(tooLarge.status, `${route.method} ${route.path}`).toBe(413);
        expectListed(route, 413);
      }
    });

    it('401 to an unknown key, 400 to a bad id or parameter', async () => {
      for (const route of routes()) {
        const res = await request(t.app)[route.method](urlOf(route)).set('Authorization', 'Bearer ek_nope');
        expect(res.status, `${route.method} ${route.path}`).toBe(401);
        expectListed(route, 401);
        const bad = route.path.includes(':id')
          ? request(t.app)[route.method](route.path.replace(':id', '0'))
          : request(t.app)[route.method](`${route.path}?limit=0`);
        const answered = await bad.set(t.admin).send(route.method === 'get' ? undefined : {});
        expect(answered.status, `${route.method} ${route.path}`).toBe(400);
        expectListed(route, 400);
      }
    });
  });
});
