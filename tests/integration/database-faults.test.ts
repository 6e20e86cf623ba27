import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { buildBundle, REPO_ROOT, type Bundle } from '../support/build-once.js';
import { call, type Answer } from '../support/http-call.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../support/private-mariadb.js';
import { tcpProxy } from '../support/tcp-proxy.js';
import { childEnv, databaseEnv, start, type Child } from './child-processes.js';

// The built server, as it runs in production, on a MariaDB of this file's own that it reaches
// through a TCP relay the test controls: the connection cut, stalled, the server restarted, absent
// at start, or a statement held up by a lock. Whatever happens, no answer is a 500, every order a
// client was told about exists, and stock + units sold = the stock we started with.

const STATEMENT_TIMEOUT_MS = 1_500;
const INITIAL_STOCK = 1_000_000;

let mariadb: PrivateMariaDb;
let proxy: Awaited<ReturnType<typeof tcpProxy>>;
let bundle: Bundle;
let direct: Sequelize;
let adminKey = '';
let productId = 0;
const database = `ecommerce_faults_${randomUUID().slice(0, 8)}`;
const children: Child[] = [];

function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    ...databaseEnv({ ...mariadb.settings(database), port: proxy.port }),
    PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ORDERS_PER_MINUTE: '0',
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    ...extra,
  });
}

async function startServer(extra?: Record<string, string>): Promise<{ child: Child; port: number }> {
  const child = start(process.execPath, [bundle.serverScript], { cwd: REPO_ROOT, env: serverEnv(extra) });
  children.push(child);
  const line = await child.waitForLine((l) => l.includes('listening on http://localhost:'), 30_000);
  return { child, port: Number(/localhost:(\d+)/.exec(line)![1]) };
}

let api: { child: Child; port: number };

beforeAll(async () => {
  [mariadb, bundle] = await Promise.all([startPrivateMariaDb(), buildBundle()]);
  await mariadb.createDatabase(database);
  proxy = await tcpProxy({ host: '127.0.0.1', port: mariadb.port });
  api = await startServer(); // migrates the new database
  direct = createSequelize(mariadb.settings(database));
  const access = buildContainer({ sequelize: direct, logger: pino({ level: 'silent' }) }).get<AccessUseCases>(TOKENS.AccessUseCases);
  adminKey = (await access.createKey.execute({ name: 'faults-test', scopes: ['catalog:write'] })).secret;
  const created = await call(api.port, 'POST', '/api/products', { product_name: 'Fault-tolerant mug', price: 9.5, stock: INITIAL_STOCK }, { authorization: `Bearer ${adminKey}` });
  expect(created.status).toBe(201);
  productId = (created.body as { id: number }).id;
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill();
  await direct?.close().catch(() => {});
  await proxy?.cut().catch(() => {});
  await Promise.allSettled([mariadb?.remove(), bundle?.remove()]);
});

interface Placed {
  readonly key: string;
  readonly answer: Answer;
}

const placeOrder = (key: string) =>
  call(api.port, 'POST', '/api/orders', { email: 'faults@example.com', items: [{ product_id: productId, quantity: 1 }] }, { 'idempotency-key': key });

/** Clients placing orders (each with its own Idempotency-Key) and reading the product until `stop` resolves. */
async function checkoutLoad(clients: number, stop: Promise<void>): Promise<{ orders: Placed[]; reads: Answer[] }> {
  let running = true;
  void stop.then(() => (running = false));
  const orders: Placed[] = [];
  const reads: Answer[] = [];
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (running) {
        const key = randomUUID();
        orders.push({ key, answer: await placeOrder(key) });
        reads.push(await call(api.port, 'GET', `/api/products/${productId}`));
      }
    }),
  );
  return { orders, reads };
}

async function count(sql: string): Promise<number> {
  const [row] = await direct.query<{ n: number | string }>(sql, { type: QueryTypes.SELECT });
  return Number(row!.n);
}

/**
 * What every fault must leave true: no 500 (nor any answer but the expected ones); every 503 says
 * why and when to come back; a retry of each 503 with its key goes through at once (201, or the
 * replay of an order that committed as its connection died); then every key made exactly one
 * order, and stock + units sold = the initial stock.
 */
async function expectExactAfterRetries(placed: Placed[], reads: Answer[]): Promise<{ unavailable: number }> {
  const statuses = (answers: Answer[]) => [...new Set(answers.map((a) => a.status))].sort();
  const failed = [...placed.map((p) => p.answer), ...reads].filter((a) => a.status >= 500 || a.status === 0);
  for (const answer of failed) {
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect((answer.body as { code: string }).code).toMatch(/^STORAGE_(UNAVAILABLE|TIMEOUT|BUSY)$/);
    expect(answer.retryAfter).toBe('5');
  }
  expect(statuses(placed.map((p) => p.answer)).every((s) => s === 201 || s === 503), String(statuses(placed.map((p) => p.answer)))).toBe(true);
  expect(statuses(reads).every((s) => s === 200 || s === 503), String(statuses(reads))).toBe(true);

  const retried = await Promise.all(placed.filter((p) => p.answer.status === 503).map(async (p) => ({ key: p.key, answer: await placeOrder(p.key) })));
  for (const { answer } of retried) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  const finalByKey = new Map(placed.map((p) => [p.key, p.answer]));
  for (const r of retried) finalByKey.set(r.key, r.answer);
  const orderIds = new Set([...finalByKey.values()].map((a) => (a.body as { id: string }).id));
  expect(orderIds.size).toBe(finalByKey.size);

  const rows = await count('SELECT COUNT(*) AS n FROM orders');
  const sold = await count(`SELECT COALESCE(SUM(quantity), 0) AS n FROM order_line WHERE product_id = ${productId}`);
  const stock = await count(`SELECT stock AS n FROM product WHERE id = ${productId}`);
  // Every order a client holds a 201 for is a row, and there is no other row.
  expect(rows - ordersAtStart).toBe(orderIds.size);
  expect(sold).toBe(rows);
  expect(stock + sold).toBe(INITIAL_STOCK);
  return { unavailable: failed.length };
}

/** Orders in the database before the current test's load. */
let ordersAtStart = 0;

/** Waits until the API answers a read with 200 again, failing after timeoutMs. */
async function recovered(timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await call(api.port, 'GET', `/api/products/${productId}`)).status === 200) return Math.round(performance.now() - started);
    await sleep(100);
  }
  throw new Error(`the API did not recover within ${timeoutMs} ms`);
}

describe('the database lost under checkout load (20 clients)', () => {
  it('a cut connection: every affected request is a 503 with Retry-After, never a 500; the server recovers alone; retries with the key go through at once', async () => {
    ordersAtStart = await count('SELECT COUNT(*) AS n FROM orders');
    const { orders, reads } = await checkoutLoad(
      20,
      (async () => {
        await sleep(800);
        await proxy.cut();
        await sleep(700);
        await proxy.restore();
        await sleep(1_000);
      })(),
    );
    const { unavailable } = await expectExactAfterRetries(orders, reads);
    expect(unavailable).toBeGreaterThan(0); // the cut did hit requests
    expect(orders.slice(-20).filter((o) => o.answer.status === 201).length).toBeGreaterThan(0); // served again after
  }, 60_000);

  it('a restart of the database server: the same', async () => {
    ordersAtStart = await count('SELECT COUNT(*) AS n FROM orders');
    const { orders, reads } = await checkoutLoad(
      20,
      (async () => {
        await sleep(800);
        await mariadb.stop();
        await sleep(500);
        await mariadb.start();
        await recovered(15_000);
        await sleep(500);
      })(),
    );
    const { unavailable } = await expectExactAfterRetries(orders, reads);
    expect(unavailable).toBeGreaterThan(0);
  }, 90_000);

  it('a stalled network (bytes stop, nothing errors): requests answer 503 within the statement deadline instead of hanging, and the server recovers', async () => {
    ordersAtStart = await count('SELECT COUNT(*) AS n FROM orders');
    const stallMs = STATEMENT_TIMEOUT_MS + 3_000;
    const timings: number[] = [];
    const { orders, reads } = await checkoutLoad(
      10,
      (async () => {
        await sleep(500);
        proxy.stall();
        const started = performance.now();
        const during = await call(api.port, 'GET', `/api/products/${productId}`);
        timings.push(performance.now() - started);
        expect(during.status).toBe(503);
        await sleep(Math.max(0, stallMs - (performance.now() - started)));
        proxy.resume();
        await recovered(20_000);
      })(),
    );
    // Cut off by our client deadline (the statement limit + 2 s), or by the pool's wait for a connection.
    expect(timings[0]).toBeLessThan(STATEMENT_TIMEOUT_MS + 2_000 + 10_000 + 1_000);
    await expectExactAfterRetries(orders, reads);
  }, 90_000);
});

describe('a statement held up past DB_STATEMENT_TIMEOUT_MS', () => {
  it('is cut off by the database and answers 503 STORAGE_TIMEOUT, not after the 50 s lock wait', async () => {
    const blocker = await direct.transaction();
    try {
      await direct.query(`SELECT id FROM product WHERE id = ${productId} FOR UPDATE`, { transaction: blocker });
      const started = performance.now();
      const answer = await call(api.port, 'PUT', `/api/products/${productId}`, { price: 10 }, { authorization: `Bearer ${adminKey}` });
      const ms = performance.now() - started;
      expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      expect(answer.body).toMatchObject({ code: 'STORAGE_TIMEOUT' });
      expect(ms).toBeGreaterThanOrEqual(STATEMENT_TIMEOUT_MS - 100);
      expect(ms).toBeLessThan(STATEMENT_TIMEOUT_MS + 1_500);
    } finally {
      await blocker.rollback();
    }
    const after = await call(api.port, 'GET', `/api/products/${productId}`);
    expect((after.body as { price: number }).price).toBe(9.5);
  }, 30_000);
});

describe('the database down when the server starts', () => {
  it('listens at once (/healthz 200, /readyz and the API 503), keeps trying, and serves once the database is back, without a restart', async () => {
    await proxy.cut();
    let restored = false;
    let late: { child: Child; port: number } | undefined;
    try {
      late = await startServer({ DB_CONNECT_TIMEOUT_S: '60' });
      const get = (path: string) => call(late!.port, 'GET', path);
      expect((await get('/healthz')).status).toBe(200);
      const ready = await get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'NOT_READY', detail: expect.stringContaining('waiting for the database') });
      const products = await get('/api/products');
      expect(products).toMatchObject({ status: 503, body: { code: 'STORAGE_UNAVAILABLE' }, retryAfter: '5' });
      await late.child.waitForLine((l) => l.includes('database not reachable (try 2'), 10_000);
      await proxy.restore();
      restored = true;
      await late.child.waitForLine((l) => l.includes('ready: the database answered'), 15_000);
      expect((await get('/readyz')).status).toBe(200);
      expect((await get(`/api/products/${productId}`)).status).toBe(200);
    } finally {
      late?.child.kill();
      if (!restored) await proxy.restore();
    }
  }, 60_000);
});
