import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, type Bundle } from '../support/build-once.js';
import { startGaleraCluster, type GaleraCluster } from '../support/galera-cluster.js';
import {
  buyersRace,
  buyUntil,
  createAdminKey,
  createProduct,
  metricValue,
  outcome,
  placeOrder,
  sameKeyPair,
  startApiProcesses,
  type ApiProcesses,
  type Purchase,
} from './api-processes.js';

// Three built API processes, each on its own node of a three-node Galera cluster (this file's own,
// on free loopback ports), with the default DB_RETRY_BUDGET_MS. Row locks are node-local there:
// two buyers on two nodes both lock and decrement the same product row, and the later write set
// fails certification at COMMIT (errno 1213), which the unit of work runs again. Whatever the
// race, no unit is oversold or lost, no answer is a 500, and every node reads the same stock.

const database = 'ecommerce_galera';
let cluster: GaleraCluster;
let bundle: Bundle;
let api: ApiProcesses;
let adminKey = '';

beforeAll(async () => {
  // Each assigned as soon as it exists, so afterAll removes it even if the other one failed.
  const started = await Promise.allSettled([startGaleraCluster({ nodes: 3 }).then((c) => (cluster = c)), buildBundle().then((b) => (bundle = b))]);
  for (const result of started) if (result.status === 'rejected') throw result.reason;
  console.log(`galera: cluster Synced (3 nodes) in ${cluster.startedInMs} ms`);
  await cluster.createDatabase(database);
  api = await startApiProcesses({ serverScript: bundle.serverScript, settings: cluster.settings(database) });
  adminKey = await createAdminKey(bundle.outDir, cluster.nodes[0]!.settings(database));
}, 240_000);

afterAll(async () => {
  // SCALE_LOG_DIR=folder keeps each API process's log lines and each node's error log, to see why a run failed.
  const logDir = process.env.SCALE_LOG_DIR;
  if (logDir) {
    await mkdir(logDir, { recursive: true });
    for (const [i, p] of (api?.processes ?? []).entries()) await writeFile(path.join(logDir, `api-${i + 1}.log`), p.child.output().stdout + p.child.output().stderr);
    for (let i = 0; i < (cluster?.nodes.length ?? 0); i++) await writeFile(path.join(logDir, `node-${i + 1}.err`), await cluster.errorLog(i));
  }
  await api?.stop();
  await Promise.allSettled([cluster?.remove(), bundle?.remove()]);
}, 60_000);

/** One number from a query on a node (causal read: it sees every write set certified before it). */
async function numberOn(node: number, sql: string): Promise<number> {
  const [row] = await cluster.query<{ n: number | string | null }>(node, sql);
  return Number(row?.n ?? 0);
}

const stockOn = (node: number, productId: number) => numberOn(node, `SELECT stock AS n FROM \`${database}\`.product WHERE id = ${productId}`);
const orderRowsOn = (node: number, productId: number) =>
  numberOn(node, `SELECT COUNT(DISTINCT order_seq) AS n FROM \`${database}\`.order_line WHERE product_id = ${productId}`);
const unitsSoldOn = (node: number, productId: number) =>
  numberOn(node, `SELECT COALESCE(SUM(quantity), 0) AS n FROM \`${database}\`.order_line WHERE product_id = ${productId}`);

/** Waits until the node reports this wsrep_cluster_size; resolves with the time it did (performance.now()). */
async function clusterSizeIs(node: number, size: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [row] = await cluster.query<{ Value: string }>(node, "SHOW STATUS LIKE 'wsrep_cluster_size'", { causal: false });
    if (Number(row?.Value) === size) return performance.now();
    if (performance.now() > deadline) throw new Error(`wsrep_cluster_size on node ${node + 1} is ${row?.Value}, not ${size}, after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Runs `task` over the items, at most `concurrency` at once; the results in item order. */
async function inTurns<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

/** Per node: local transactions that failed certification at COMMIT, and that an applied write set aborted (brute force) while they held or waited for its rows. */
async function wsrepCounters(): Promise<{ certFailures: number; bfAborts: number }[]> {
  return Promise.all(
    [0, 1, 2].map(async (node) => {
      const rows = await cluster.query<{ Variable_name: string; Value: string }>(node, "SHOW STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')", { causal: false });
      const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
      return { certFailures: value('wsrep_local_cert_failures'), bfAborts: value('wsrep_local_bf_aborts') };
    }),
  );
}

async function retries(): Promise<number> {
  let total = 0;
  for (const port of api.ports) total += await metricValue(port, adminKey, 'db_transaction_retries_total');
  return total;
}

describe('a Galera cluster behind three API processes (one per node)', () => {
  it('200 buyers race for 50 units over the three nodes: exactly 50 sold, 150 told sold out, no 5xx, stock 0 on every node', async () => {
    const productId = await createProduct(api.ports[0]!, adminKey, 50);
    const retriesBefore = await retries();
    const wsrepBefore = await wsrepCounters();
    const race = await buyersRace(api.ports, productId, 200);
    const retried = (await retries()) - retriesBefore;
    const wsrepAfter = await wsrepCounters();
    console.log(`galera race on the nodes: ${wsrepAfter.map((after, i) => `n${i + 1} cert failures +${after.certFailures - wsrepBefore[i]!.certFailures}, BF aborts +${after.bfAborts - wsrepBefore[i]!.bfAborts}`).join('; ')}`);
    console.log(`galera race: ${JSON.stringify(race.tally)} in ${race.wallMs} ms, ${retried} transaction retries; by port ${JSON.stringify(race.byPort)}`);

    expect(race.tally).toEqual({ '201': 50, '409 INSUFFICIENT_STOCK': 150 });
    expect(race.failures).toBe(0);
    for (const node of [0, 1, 2]) {
      expect(await stockOn(node, productId)).toBe(0);
      expect(await orderRowsOn(node, productId)).toBe(50);
    }
  }, 120_000);

  it('the same Idempotency-Key sent to two nodes at once: one order per key, answered as the same order or as in progress, never a 5xx', async () => {
    const productId = await createProduct(api.ports[0]!, adminKey, 1_000);
    const pairs = [];
    for (let i = 0; i < 20; i++) pairs.push(await sameKeyPair(api.ports[i % 3]!, api.ports[(i + 1) % 3]!, productId));
    const shapes: Record<string, number> = {};
    for (const { a, b } of pairs) {
      const shape = [outcome(a), outcome(b)].sort().join(' + ');
      shapes[shape] = (shapes[shape] ?? 0) + 1;
    }
    console.log(`galera same-key pairs: ${JSON.stringify(shapes)}`);

    const orderIds = new Set<string>();
    for (const { key, a, b } of pairs) {
      const context = `key ${key}: ${a.status} ${JSON.stringify(a.body)} / ${b.status} ${JSON.stringify(b.body)}`;
      const placed = [a, b].filter((answer) => answer.status === 201);
      expect(placed.length, context).toBeGreaterThanOrEqual(1);
      if (placed.length === 2) expect((a.body as { id: string }).id, context).toBe((b.body as { id: string }).id);
      else expect([a, b].find((answer) => answer.status !== 201)?.code, context).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
      orderIds.add((placed[0]!.body as { id: string }).id);
    }
    expect(orderIds.size).toBe(pairs.length);
    for (const node of [0, 1, 2]) {
      expect(await orderRowsOn(node, productId)).toBe(pairs.length);
      expect(await stockOn(node, productId)).toBe(1_000 - pairs.length);
    }
  }, 120_000);

  it('a node killed (SIGKILL) under load: the others keep selling, its process answers 503 (never 500) until it rejoins, then sells again; nothing lost or oversold', async () => {
    const initial = 1_000_000;
    const productId = await createProduct(api.ports[0]!, adminKey, initial);
    const victim = 2;
    const victimPort = api.ports[victim]!;
    let killedAt = 0;
    let restartedAt = 0;
    let evictedAt = 0;
    const started = performance.now();
    const load = await buyUntil(
      api.ports,
      productId,
      5,
      (async () => {
        await sleep(2_000);
        killedAt = performance.now() - started;
        await cluster.kill(victim);
        // The survivors stall their commits until they declare it gone (evs.suspect_timeout, 5 s),
        // then go on as a cluster of two. Restarted before that, the node's new incarnation meets
        // its old one in the membership and the whole cluster may drop to non-primary for a second
        // (every node answers 1047/1180, which are 503s too, but it is not the case tested here).
        evictedAt = (await clusterSizeIs(0, 2, 30_000)) - started;
        await sleep(2_000);
        await cluster.restart(victim);
        restartedAt = performance.now() - started;
        await sleep(4_000);
      })(),
    );
    const phase = (p: Purchase) => (p.sentAt < killedAt ? 'before' : p.sentAt < restartedAt ? 'down' : 'after');
    const tallies: Record<string, Record<string, number>> = {};
    for (const p of load.purchases) {
      const name = `${p.port === victimPort ? 'victim' : 'others'} ${phase(p)}`;
      tallies[name] ??= {};
      tallies[name][outcome(p.answer)] = (tallies[name][outcome(p.answer)] ?? 0) + 1;
    }
    console.log(`galera node kill: killed at ${Math.round(killedAt)} ms, evicted at ${Math.round(evictedAt)} ms, Synced again at ${Math.round(restartedAt)} ms; ${JSON.stringify(tallies)}`);

    // No 500, nor any answer but a sale or a 503.
    for (const p of load.purchases) expect([201, 503], `${p.port} ${JSON.stringify(p.answer.body)}`).toContain(p.answer.status);
    const down = load.purchases.filter((p) => phase(p) === 'down');
    // The others sold while the node was down...
    expect(down.filter((p) => p.port !== victimPort && p.answer.status === 201).length).toBeGreaterThan(0);
    // ...the killed node's process said 503 (it was asked while down)...
    expect(down.filter((p) => p.port === victimPort && p.answer.status === 503).length).toBeGreaterThan(0);
    for (const p of load.purchases.filter((q) => q.answer.status === 503)) expect(p.answer.code).toMatch(/^STORAGE_(UNAVAILABLE|TIMEOUT|BUSY)$/);
    // ...and sells again once its node is back.
    const victimAfter = load.purchases.filter((p) => p.port === victimPort && phase(p) === 'after');
    expect(victimAfter.filter((p) => p.answer.status === 201).length).toBeGreaterThan(0);
    const probe = await placeOrder(victimPort, productId, `after-rejoin-${productId}`);
    expect(probe.status, JSON.stringify(probe.body)).toBe(201);

    // A 503 may hide an order that committed as its node died: each one's key, sent again once all
    // three nodes are back (three at a time, one per process; again after a pause while it is a 503,
    // as a client told Retry-After would), answers 201 (the replay, or a new order), so every key ends with
    // exactly one order.
    await clusterSizeIs(0, 3, 30_000);
    const failed = load.purchases.filter((p) => p.answer.status === 503);
    let resentBusy = 0;
    const again = await inTurns(failed, api.ports.length, async (p, i) => {
      for (let attempt = 1; ; attempt++) {
        const answer = await placeOrder(api.ports[i % api.ports.length]!, productId, p.key);
        if (answer.status !== 503 || attempt === 10) return answer;
        resentBusy++;
        await sleep(200);
      }
    });
    for (const answer of again) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const sales = load.purchases.filter((p) => p.answer.status === 201).length + again.length + 1; // + the probe
    console.log(`galera node kill: ${failed.length} answers 503 sent again, all 201 (${resentBusy} of those sends answered 503 first)`);

    for (const node of [0, 1, 2]) {
      const sold = await unitsSoldOn(node, productId);
      expect(await orderRowsOn(node, productId)).toBe(sales);
      expect(sold).toBe(sales);
      expect((await stockOn(node, productId)) + sold).toBe(initial);
    }
  }, 180_000);
});
