import fc from 'fast-check';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteSpec } from '../../interfaces/http/route-spec.js';
import { TOKENS } from '../../src/container/tokens.js';
import { badRequests } from '../support/bad-requests/bad-requests.js';
import { knownModels, routeKey, schemaOf } from '../support/bad-requests/body-models.js';
import { describeRequest, type BadRequest } from '../support/bad-requests/reasons.js';
import { send } from '../support/bad-requests/send.js';
import type { World } from '../support/bad-requests/world.js';
import { databaseFingerprinter, describeRowChanges, type DatabaseFingerprint } from '../support/database-snapshot.js';
import { listen } from '../support/http-server.js';
import { createTestApp } from '../support/test-app.js';

/*
 * Property: every generated bad request to a write route, sent with an admin key that has every
 * scope, is answered with a 4xx application/problem+json (never a 5xx, never a 2xx) and leaves
 * every row of every table as it was. The write routes come from the route table, so a new one
 * is fuzzed too (with generic bad bodies and ids until it gets a model in
 * tests/support/bad-requests/body-models.ts).
 *
 * Every generated request is invalid by construction, judged by the generators' own reading of the
 * API's rules (README, "The API" and "Errors"), never by the route's zod schemas: a schema that
 * wrongly accepted something must make this fail, not filter the case away. Each part of a
 * request (path id, headers, body) says why it is bad, if it is; a request whose parts are all
 * fine is dropped. When in doubt a part counts as fine ("0x1" may be read as id 1).
 *
 * The seed is fixed, so every run sends the same requests; fast-check prints it with the path of
 * a failure: FUZZ_SEED=<seed> FUZZ_PATH=<path> replays it (add -t '<route>'), FUZZ_RUNS changes the
 * number of requests per route, and another seed explores further.
 */

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202);
const PATH = process.env.FUZZ_PATH;

// Created at collection time, so that there is one `it` per write route in the route table.
const t = await createTestApp();
const writeRoutes = t.container.get<RouteSpec[]>(TOKENS.Routes).filter((route) => route.method !== 'get');

let baseUrl: string;
let closeServer: () => Promise<void>;
let world: World;
let fingerprint: () => Promise<DatabaseFingerprint>;
let initial: DatabaseFingerprint;
let current: DatabaseFingerprint;

beforeAll(async () => {
  // A real listening server with the production clientError handler, reused by every request.
  ({ url: baseUrl, close: closeServer } = await listen(t.app));
  world = await buildWorld();
  // An admin key's last_used_at is written on its first allowed request and at most once a
  // minute after (README, Security): by design, whatever the request. It is the one column left out.
  fingerprint = await databaseFingerprinter(t.db.sequelize);
  initial = current = await fingerprint();
});

afterAll(async () => {
  try {
    if (initial) expect((await fingerprint()).digest, 'the database after every rejected request').toBe(initial.digest);
  } finally {
    await closeServer?.();
    await t.close();
  }
});

/** Places an order in each state, then reads the seeded rows and ETags the generators name. */
async function buildWorld(): Promise<World> {
  // Orders in each state, for the action routes to find (and refuse to touch).
  const place = async () =>
    (await request(baseUrl).post('/api/orders').send({ email: 'ada@example.com', items: [{ product_id: 1, quantity: 1 }] }).expect(201)).body.id as string;
  const [placed, paid, fulfilled, cancelled] = [await place(), await place(), await place(), await place()];
  await request(baseUrl).post(`/api/orders/${paid}/pay`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${fulfilled}/pay`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${fulfilled}/fulfil`).set(t.admin).expect(200);
  await request(baseUrl).post(`/api/orders/${cancelled}/cancel`).set(t.admin).expect(200);

  const rows = <T extends object>(sql: string) => t.db.sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  const categories = await rows<{ id: number; category_name: string }>('SELECT id, category_name FROM category ORDER BY id');
  const tags = await rows<{ id: number; tag_name: string }>('SELECT id, tag_name FROM tag ORDER BY id');
  const products = await rows<{ id: number; stock: number }>('SELECT id, stock FROM product ORDER BY id');
  const world = {
    categories: categories.map((row) => row.id),
    tags: tags.map((row) => row.id),
    products: products.map((row) => row.id),
    orders: [placed, paid, fulfilled, cancelled],
    categoryNames: categories.map((row) => row.category_name),
    tagNames: tags.map((row) => row.tag_name),
    stock: new Map(products.map((row) => [row.id, Number(row.stock)])),
    etags: new Map<string, string>(),
  };
  for (const [resource, ids] of [['categories', world.categories], ['tags', world.tags], ['products', world.products]] as const) {
    for (const id of ids) {
      const path = `/api/${resource}/${id}`;
      world.etags.set(path, (await request(baseUrl).get(path).expect(200)).headers.etag!);
    }
  }
  return world;
}

const LEAKS = [
  /\bat [^\s()]+ \(?[^\s()]*\.(?:[cm]?js|ts):\d+:\d+/, // a stack frame
  /node_modules|Sequelize\w*Error|\bER_[A-Z_]{4,}|SQLITE_[A-Z]+/,
  /\b(?:SELECT\b[\s\S]+\bFROM|INSERT INTO|UPDATE\b[\s\S]+\bSET|DELETE FROM)\b/i,
];

/** The answer is a 4xx problem+json that gives nothing away; throws saying what is wrong. */
function checkAnswer(res: request.Response): void {
  const faults: string[] = [];
  if (res.status < 400 || res.status > 499) faults.push(`status ${res.status}, not a 4xx`);
  const type = String(res.headers['content-type'] ?? '');
  if (!/^application\/problem\+json\b/.test(type)) faults.push(`Content-Type ${JSON.stringify(type)}`);
  const body = (res.body ?? {}) as Record<string, unknown>;
  for (const field of ['type', 'title', 'detail', 'code']) if (typeof body[field] !== 'string' || body[field] === '') faults.push(`no ${field}`);
  if (body.status !== res.status) faults.push(`body status ${JSON.stringify(body.status)}`);
  const leak = LEAKS.find((pattern) => pattern.test(res.text ?? ''));
  if (leak) faults.push(`a leak (${leak})`);
  if (faults.length > 0) throw new Error(`${faults.join(', ')}\n  answer: ${res.status} ${(res.text ?? '').slice(0, 500)}`);
}

/** Sends `bad`, then checks the answer and that no row changed; throws saying what went wrong. */
async function refused(bad: BadRequest): Promise<void> {
  let res: request.Response;
  try {
    res = await send(baseUrl, t.admin, bad);
  } catch (error) {
    throw new Error(`no answer: ${(error as Error).message}\n  request: ${describeRequest(bad)}`);
  }
  // After every request, rejected or not: a write is reported against the request that made it.
  const before = current;
  current = await fingerprint();
  const changed = current.digest !== before.digest ? `the database changed:\n${describeRowChanges(before, current)}` : undefined;
  try {
    checkAnswer(res);
  } catch (error) {
    throw new Error(`${(error as Error).message}${changed ? `\n  and ${changed}` : ''}\n  request: ${describeRequest(bad)}`);
  }
  if (changed) throw new Error(`${changed}\n  answer: ${res.status} ${(res.text ?? '').slice(0, 300)}\n  request: ${describeRequest(bad)}`);
}

describe('generated bad requests to every write route: a 4xx problem+json, and no row changes', () => {
  it('covers every write route in the route table, with a model of each body this file knows', () => {
    const known = knownModels(world);
    expect(writeRoutes.map(routeKey)).toEqual(expect.arrayContaining(['post /api/orders', 'post /api/orders/:id/pay', 'delete /api/products/:id']));
    for (const route of writeRoutes) {
      const model = known[routeKey(route)];
      if (!route.body || !model) continue;
      // A field added to a schema must be added to its model in body-models.ts, to be fuzzed with values of its own.
      const { properties, required } = schemaOf(route.body);
      const { fields, required: modelRequired } = model();
      expect(Object.keys(fields).sort(), routeKey(route)).toEqual(Object.keys(properties).sort());
      expect([...modelRequired].sort(), routeKey(route)).toEqual([...required].sort());
    }
  });

  it.each(writeRoutes.map((route) => [`${route.method.toUpperCase()} ${route.path}`, route] as const))(
    '%s',
    async (_name, route) => {
      await fc.assert(fc.asyncProperty(badRequests(route, world), refused), { numRuns: NUM_RUNS, seed: SEED, ...(PATH && { path: PATH }) });
    },
    300_000,
  );
});
