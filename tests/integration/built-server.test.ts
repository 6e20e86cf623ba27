import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { pino } from 'pino';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, type Bundle } from '../support/build-once.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { freePort } from '../support/free-port.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, start, type Child } from './child-processes.js';

// One build for the whole file, shared by both databases' cases.
let building: Promise<Bundle> | undefined;
const sharedBundle = () => (building ??= buildBundle());
afterAll(async () => {
  await (await building?.catch(() => undefined))?.remove();
});

// The bundle tsup builds, not the sources vitest transforms: esbuild emits no decorator metadata,
// so dependency injection that leans on it passes every other test and fails only here.
describe('the built server (dist/server.js)', () => {
  let bundle: Bundle | undefined;
  let db: TestDatabase | undefined;
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let server: Child | undefined;

  beforeAll(async () => {
    [bundle, db, cwd] = await Promise.all([sharedBundle(), createTestDatabase({ migrate: false, dialect: 'mariadb' }), emptyWorkingDirectory()]);
  }, 90_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited.catch(() => {});
    await Promise.allSettled([db?.drop(), cwd?.remove()]);
  });

  it('migrates, serves the API and METRICS_PORT, and stops with exit code 0 on SIGTERM', async () => {
    const metricsPort = await freePort();
    server = start(process.execPath, [bundle!.serverScript], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(db!.settings), DATABASE_URL: undefined, PORT: '0', LOG_LEVEL: 'info', METRICS_PORT: String(metricsPort) }),
    });

    const listening = await server.waitForLine((line) => logMessage(line)?.includes('listening on http://localhost:') ?? false, 20_000);
    const port = Number(/listening on http:\/\/localhost:(\d+)/.exec(logMessage(listening)!)?.[1]);
    expect(port).toBeGreaterThan(0);
    const base = `http://localhost:${port}`;

    // Nothing is seeded; the server created the schema itself before listening.
    const empty = await fetch(`${base}/api/categories`);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual([]);

    // On MySQL, keys come from `npm run admin:key` (its use case, here) on the schema the server made.
    const access = buildContainer({ sequelize: db!.sequelize, logger: pino({ level: 'silent' }) }).get<AccessUseCases>(TOKENS.AccessUseCases);
    const { secret } = await access.createKey.execute({ name: 'built-server-test', scopes: ['catalog:write'] });
    const created = await fetch(`${base}/api/categories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ category_name: 'Books' }),
    });
    expect(created.status).toBe(201);
    const category = (await created.json()) as { id: number; category_name: string };
    expect(category).toEqual({ id: expect.any(Number), category_name: 'Books' });

    const fetched = await fetch(`${base}/api/categories/${category.id}`);
    expect(fetched.status).toBe(200);
    const books = { id: category.id, category_name: 'Books', product_count: 0, products_url: `/api/products?category_id=${category.id}`, products: [] };
    expect(await fetched.json()).toEqual(books);

    const all = await fetch(`${base}/api/categories`);
    expect(await all.json()).toEqual([books]);

    // Refused by Node's HTTP parser, yet answered as problem+json: src/server.ts attaches answerClientErrors.
    const tooLong = await fetch(`${base}/api/products?q=${'a'.repeat(20_000)}`);
    expect(tooLong.status).toBe(431);
    expect(tooLong.headers.get('content-type')).toBe('application/problem+json');
    expect(await tooLong.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE' });

    // METRICS_PORT: the same metrics without a key, on 127.0.0.1; the API port still wants one.
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/api\/categories",status="201"\} 1$/m);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);

    server.process.kill('SIGTERM');
    const finished = await Promise.race([
      server.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit within 15 s of SIGTERM')), 15_000)),
    ]);
    expect({ code: finished.code, signal: finished.signal }).toEqual({ code: 0, signal: null });
    expect(finished.stderr).toBe('');
    const messages = finished.stdout.split('\n').map(logMessage);
    expect(messages.some((msg) => msg !== undefined && /^applied \d+ migration\(s\)$/.test(msg))).toBe(true);
    expect(messages).toContain('SIGTERM received: finishing open requests');
    // The catalog was empty at start: one line says how to load the demo data.
    const hint = 'the catalog is empty (no categories, products or tags): to load the demo data, run npm run db:seed';
    expect(messages.filter((msg) => msg?.includes('db:seed'))).toEqual([hint]);

    // It holds a category now: a restart says nothing about seeding.
    const again = start(process.execPath, [bundle!.serverScript], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(db!.settings), DATABASE_URL: undefined, PORT: '0', LOG_LEVEL: 'info' }),
    });
    server = again;
    await again.waitForLine((line) => logMessage(line)?.includes('listening on http://localhost:') ?? false, 20_000);
    again.process.kill('SIGTERM');
    const secondRun = await again.exited;
    expect(secondRun.code).toBe(0);
    expect(secondRun.stdout.split('\n').map(logMessage).filter((msg) => msg?.includes('db:seed'))).toEqual([]);
  }, 60_000);
});

// The README's first command on a fresh clone: no .env, no DB_* keys, no database server.
describe('the built server with nothing configured (embedded SQLite)', () => {
  let bundle: Bundle | undefined;
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let server: Child | undefined;

  beforeAll(async () => {
    [bundle, cwd] = await Promise.all([sharedBundle(), emptyWorkingDirectory()]);
  }, 90_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited.catch(() => {});
    await cwd?.remove();
  });

  /** Starts the server, waits for its listening line, and returns its base URL and that line. */
  async function startServer(): Promise<{ base: string; listening: string }> {
    server = start(process.execPath, [bundle!.serverScript], { cwd: cwd!.path, env: childEnv({ PORT: '0', LOG_LEVEL: 'info' }) });
    const line = await server.waitForLine((l) => logMessage(l)?.includes('listening on http://localhost:') ?? false, 20_000);
    const listening = logMessage(line)!;
    return { base: `http://localhost:${/listening on http:\/\/localhost:(\d+)/.exec(listening)![1]}`, listening };
  }

  async function stopServer(): Promise<string[]> {
    server!.process.kill('SIGTERM');
    const finished = await server!.exited;
    expect({ code: finished.code, signal: finished.signal, stderr: finished.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    return finished.stdout.split('\n').map(logMessage).filter((msg): msg is string => msg !== undefined);
  }

  const json = async (base: string, route: string, init?: { method?: string; body?: unknown; key?: string }) => {
    const res = await fetch(`${base}${route}`, {
      method: init?.method ?? 'GET',
      headers: { ...(init?.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init?.key ? { authorization: `Bearer ${init.key}` } : {}) },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>) };
  };

  it('creates ./data/ecommerce.sqlite, loads the demo data, and keeps every change across a restart', async () => {
    const first = await startServer();
    expect(first.listening).toMatch(/^listening on http:\/\/localhost:\d+ with SQLite file \.\/data\/ecommerce\.sqlite$/);
    expect(existsSync(path.join(cwd!.path, 'data', 'ecommerce.sqlite'))).toBe(true);

    // The assignment's demo data, as on MariaDB after npm run db:seed.
    expect((await json(first.base, '/api/products/1')).body).toMatchObject({ product_name: 'Plain T-Shirt', price: 14.99, category: { category_name: 'Shirts' } });
    expect(((await json(first.base, '/api/tags')).body as unknown as unknown[]).length).toBe(8);

    // The key it made for this new database: in ./data/admin-api-key, readable by its owner only.
    const keyFile = path.join(cwd!.path, 'data', 'admin-api-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
    expect((await json(first.base, '/api/categories', { method: 'POST', body: { category_name: 'Nope' } })).status).toBe(401);

    // Changes through the API...
    expect((await json(first.base, '/api/categories', { method: 'POST', body: { category_name: 'Socks' }, key })).status).toBe(201);
    expect((await json(first.base, '/api/products/1', { method: 'PUT', body: { price: 15.5, tagIds: [1] }, key })).status).toBe(200);
    expect((await json(first.base, '/api/tags/8', { method: 'DELETE', key })).status).toBe(204);
    const order = await json(first.base, '/api/orders', { method: 'POST', body: { email: 'ada@example.com', items: [{ product_id: 2, quantity: 3 }] } });
    expect(order.status).toBe(201);
    const orderToken = String(order.body!.order_token);
    const firstRun = await stopServer();
    expect(firstRun).toContain('new database: loaded the demo catalog (5 categories, 5 products, 8 tags)');
    expect(firstRun).toContain('new database: wrote an admin API key (every scope) to ./data/admin-api-key; send it as Authorization: Bearer <key>');
    expect(firstRun.join('\n')).not.toContain(key);
    expect(firstRun.some((msg) => /^applied \d+ migration\(s\)$/.test(msg))).toBe(true);

    // ...are all there after a restart, which neither migrates nor seeds again.
    const second = await startServer();
    expect((await json(second.base, '/api/products/1')).body).toMatchObject({ price: 15.5, tags: [{ id: 1, tag_name: 'rock music' }] });
    expect((await json(second.base, '/api/categories/6')).body).toMatchObject({ id: 6, category_name: 'Socks', products: [] });
    expect((await json(second.base, '/api/tags/8')).status).toBe(404);
    expect((await json(second.base, '/api/products/2')).body).toMatchObject({ stock: 22 });
    expect((await json(second.base, `/api/orders/${String(order.body!.id)}`, { key: orderToken })).body).toMatchObject({ total: 270, status: 'placed' });
    expect((await json(second.base, `/api/orders/${String(order.body!.id)}`, { key })).body).toMatchObject({ total: 270, status: 'placed' });
    const secondRun = await stopServer();
    expect(secondRun.filter((msg) => /demo catalog|migration|admin API key/.test(msg))).toEqual([]);
    // SQLite seeds a new file itself, so it never suggests npm run db:seed.
    expect([...firstRun, ...secondRun].filter((msg) => msg.includes('db:seed'))).toEqual([]);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(key);
  }, 60_000);
});

/** The `msg` of a pino JSON line, or undefined for anything else. */
function logMessage(line: string): string | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null && 'msg' in entry && typeof entry.msg === 'string' ? entry.msg : undefined;
  } catch {
    return undefined;
  }
}

