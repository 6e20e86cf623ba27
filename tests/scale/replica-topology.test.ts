import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, type Bundle } from '../support/build-once.js';
import { READ_USER, startReplicaPair, type ReplicaPair } from '../support/replica-pair.js';
import { buyersRace, call, createAdminKey, createProduct, outcome, sameKeyPair, startApiProcesses, type ApiProcesses } from './api-processes.js';

// Three built API processes on a primary with a GTID replica (DB_READ_HOSTS): catalog reads go to
// the replica, orders and every write to the primary. Whatever the race, no unit is oversold, one
// Idempotency-Key makes one order, and no process reads back an older version than it wrote.

const database = 'ecommerce_replicas';
let pair: ReplicaPair;
let bundle: Bundle;
let api: ApiProcesses;
let adminKey = '';

beforeAll(async () => {
  [pair, bundle] = await Promise.all([startReplicaPair(), buildBundle()]);
  await pair.createDatabase(database);
  const primary = pair.primary.settings(database);
  api = await startApiProcesses({
    serverScript: bundle.serverScript,
    settings: [primary, primary, primary],
    env: { DB_READ_HOSTS: `127.0.0.1:${pair.replica.port}`, DB_READ_USER: READ_USER.user, DB_READ_PASSWORD: READ_USER.password },
  });
  adminKey = await createAdminKey(bundle.outDir, primary);
}, 240_000);

afterAll(async () => {
  await api?.stop();
  await Promise.allSettled([pair?.remove(), bundle?.remove()]);
}, 60_000);

async function numberOn(server: 'primary' | 'replica', sql: string): Promise<number> {
  const [row] = (await pair[server].rootQuery(sql)) as Array<{ n: number | string | null }>;
  return Number(row?.n ?? 0);
}

describe('a primary and a read replica, 3 API processes (DB_READ_HOSTS)', () => {
  it('200 concurrent checkouts for 50 units over the 3 processes: exactly 50 sold, 150 INSUFFICIENT_STOCK, no 5xx, the same stock on both servers', async () => {
    const productId = await createProduct(api.ports[0]!, adminKey, 50);
    const race = await buyersRace(api.ports, productId, 200);
    expect(race.tally).toEqual({ '201': 50, '409 INSUFFICIENT_STOCK': 150 });
    await pair.caughtUp();
    for (const server of ['primary', 'replica'] as const) {
      expect(await numberOn(server, `SELECT stock AS n FROM \`${database}\`.product WHERE id = ${productId}`)).toBe(0);
      expect(await numberOn(server, `SELECT COUNT(DISTINCT order_seq) AS n FROM \`${database}\`.order_line WHERE product_id = ${productId}`)).toBe(50);
    }
  }, 120_000);

  it('the same Idempotency-Key sent to two processes at once makes one order', async () => {
    const productId = await createProduct(api.ports[0]!, adminKey, 1_000);
    for (let i = 0; i < 20; i++) {
      const { key, a, b } = await sameKeyPair(api.ports[i % 3]!, api.ports[(i + 1) % 3]!, productId);
      const answers = [outcome(a), outcome(b)].sort();
      expect([['201', '201'], ['201', '409 IDEMPOTENCY_KEY_IN_PROGRESS']]).toContainEqual(answers);
      const ids = [a, b].filter((x) => x.status === 201).map((x) => (x.body as { id: string }).id);
      expect(new Set(ids).size).toBe(1);
      expect(key).toBeTruthy();
    }
    expect(await numberOn('primary', `SELECT COUNT(DISTINCT order_seq) AS n FROM \`${database}\`.order_line WHERE product_id = ${productId}`)).toBe(20);
  }, 120_000);

  it('a product updated through one process is never read back stale through the same process', async () => {
    const auth = { authorization: `Bearer ${adminKey}` };
    const productId = await createProduct(api.ports[0]!, adminKey, 5);
    let stale = 0;
    for (let i = 1; i <= 150; i++) {
      const port = api.ports[i % 3]!;
      const price = i + 0.5;
      expect((await call(port, 'PUT', `/api/products/${productId}`, { price }, auth)).status).toBe(200);
      const read = await call(port, 'GET', `/api/products/${productId}`);
      expect(read.status).toBe(200);
      if ((read.body as { price: number }).price !== price) stale++;
    }
    expect(stale).toBe(0);
  }, 120_000);
});
