import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
beforeEach(async () => {
  await t.reseed();
});
afterAll(async () => {
  await t?.close();
});

const resources = [
  { path: '/api/products/1', edit: (i: number) => ({ stock: 100 + i }), field: 'stock' },
  { path: '/api/categories/1', edit: (i: number) => ({ category_name: `Tops ${i}` }), field: 'category_name' },
  { path: '/api/tags/1', edit: (i: number) => ({ tag_name: `vinyl ${i}` }), field: 'tag_name' },
] as const;

const etagOf = async (path: string) => {
  const res = await request(t.app).get(path).expect(200);
  expect(res.headers.etag).toMatch(/^"[^"]+"$/); // strong
  return { etag: res.headers.etag as string, body: res.body as Record<string, unknown> };
};

const expectPreconditionFailed = (res: request.Response) => {
  expect(res.status).toBe(412);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 412, title: 'Precondition failed', code: 'PRECONDITION_FAILED' });
};

describe.each(resources)('If-Match on $path', ({ path, edit, field }) => {
  it('PUT with the ETag of a GET is 200; again with that now stale ETag, 412 and nothing written', async () => {
    const before = await etagOf(path);
    const first = await request(t.app).put(path).set(t.admin).set('If-Match', before.etag).send(edit(1)).expect(200);
    expect(first.body[field]).toBe(edit(1)[field as keyof ReturnType<typeof edit>]);
    const after = await etagOf(path);
    expect(after.etag).not.toBe(before.etag);

    expectPreconditionFailed(await request(t.app).put(path).set(t.admin).set('If-Match', before.etag).send(edit(2)));
    expect(await etagOf(path)).toEqual(after);
    // The fresh ETag, listed among others, still matches.
    await request(t.app).put(path).set(t.admin).set('If-Match', `"stale", ${after.etag}`).send(edit(3)).expect(200);
  });

  it('DELETE with a stale ETag is 412 and deletes nothing; with the current one, 204', async () => {
    const before = await etagOf(path);
    await request(t.app).put(path).set(t.admin).send(edit(1)).expect(200); // unconditional, as before If-Match existed
    expectPreconditionFailed(await request(t.app).delete(path).set(t.admin).set('If-Match', before.etag));
    const current = await etagOf(path);
    await request(t.app).delete(path).set(t.admin).set('If-Match', current.etag).expect(204);
    await request(t.app).get(path).expect(404);
  });

  it('If-Match: * matches any existing item; a missing one is still 404', async () => {
    await request(t.app).put(path).set(t.admin).set('If-Match', '*').send(edit(1)).expect(200);
    await request(t.app).delete(path).set(t.admin).set('If-Match', '*').expect(204);
    await request(t.app).put(path).set(t.admin).set('If-Match', '*').send(edit(2)).expect(404);
    await request(t.app).delete(path).set(t.admin).set('If-Match', '*').expect(404);
  });

  it('a weak ETag never matches (strong comparison)', async () => {
    const { etag } = await etagOf(path);
    expectPreconditionFailed(await request(t.app).put(path).set(t.admin).set('If-Match', `W/${etag}`).send(edit(1)));
  });

  it('concurrent PUTs with the same ETag: exactly one wins, the others are 412', async () => {
    const { etag } = await etagOf(path);
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => request(t.app).put(path).set(t.admin).set('If-Match', etag).send(edit(10 + i))),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
    const winner = answers.find((res) => res.status === 200)!;
    expect((await etagOf(path)).body[field]).toBe(winner.body[field]);
  });
});

it('the check sees what GET shows: a product change to a category changes the category ETag', async () => {
  const { etag } = await etagOf('/api/categories/1');
  await request(t.app).put('/api/products/1').set(t.admin).send({ product_name: 'Renamed Tee' }).expect(200);
  expectPreconditionFailed(await request(t.app).put('/api/categories/1').set(t.admin).set('If-Match', etag).send({ category_name: 'Tops' }));
});

it('the OpenAPI document declares If-Match and 412 on PUT and DELETE of an item, and 429 everywhere', async () => {
  const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
  for (const resource of ['categories', 'products', 'tags']) {
    for (const method of ['put', 'delete']) {
      const operation = doc.paths[`/api/${resource}/{id}`][method];
      expect(operation.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'if-match', required: false }));
      expect(operation.responses['412'].description).toMatch(/If-Match/);
    }
  }
  // Every API route; the health probes are answered before the limits.
  const apiPaths = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>).filter(([path]) => path.startsWith('/api/'));
  for (const [, path] of apiPaths) {
    for (const operation of Object.values(path)) expect(operation.responses['429']!.headers).toHaveProperty('Retry-After');
  }
  expect(doc.paths['/healthz'].get.responses['429']).toBeUndefined();
});
