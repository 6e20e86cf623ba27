/**
 * Scaling out, for the README's section of that name: `npm run bench -- --scale-only` (or part of
 * a whole `npm run bench`; `--skip-scale` leaves it out).
 *
 * 1. Catalog GETs with 1 and 2 worker processes: our built server (dist/server.js) with
 *    WEB_CONCURRENCY=1 (one process) then WEB_CONCURRENCY=2 (node:cluster: a primary and two
 *    workers on one port), on the same private MariaDB database seeded with the built db:seed,
 *    driven by autocannon on the product page and product by id. The CPU each serving process
 *    used during the run is shown, so a worker that served nothing would be seen.
 * 2. Checkout: buyers placing POST /api/orders (one unit, a new Idempotency-Key each) for a fixed
 *    time, on one hot product and spread over several, on
 *      A: one private MariaDB (tests/support/private-mariadb.ts), one API process;
 *      B: a 3-node Galera cluster (tests/support/galera-cluster.ts), one API process per node,
 *         the connections dealt round-robin over the three (each keeps its process, as behind a
 *         load balancer with keep-alive).
 *    Every product's stock is far larger than a run can sell. After each run the orders and the
 *    stock taken are read back from the database, so a 201 that placed no order would show.
 *
 * Everything runs from temp folders on free ports (never the shared server on 3306) and is stopped
 * by PID: the API processes by the harness (bench/processes.ts), the MariaDB servers by their
 * remove(), in `finally` and, on Ctrl-C, through tearDownScaleOut().
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Request } from 'autocannon';
import mysql from 'mysql2/promise';
import type { MySqlSettings } from '../infrastructure/persistence/sequelize/create-sequelize.js';
import { startGaleraCluster, type GaleraCluster } from '../tests/support/galera-cluster.js';
import { startPrivateMariaDb, type PrivateMariaDb } from '../tests/support/private-mariadb.js';
import { load } from './load.js';
import { cpuSecondsOf, createAdminKeyWith, freePort, runToEnd, startServer, untilIdle, type Server } from './processes.js';
import { int, markdownTable, median } from './report.js';
import { scenarios } from './scenarios.js';

export interface ScaleOutOptions {
  readonly repoRoot: string;
  /** An empty folder the children run in (no .env is read). */
  readonly scratch: string;
  readonly connections: number;
  /** Seconds per catalog run, after `warmup` seconds. */
  readonly duration: number;
  readonly warmup: number;
  /** How many times each worker count is loaded per scenario, in turn (the median is reported). */
  readonly rounds: number;
  /** The catalog the worker runs read (db:seed's demo catalog plus generated products). */
  readonly catalogProducts: number;
  /** Seconds per checkout run. */
  readonly checkoutDuration: number;
  /** How many times each topology and product count is run, in turn (the median is reported). */
  readonly checkoutRounds: number;
  /** Products the "spread" checkout run buys from (0: the hot product only). */
  readonly spreadProducts: number;
  readonly log: (line: string) => void;
}

/** Medians over the rounds (errors: their sum). */
export interface WorkerRun {
  readonly scenario: string;
  readonly workers: number;
  readonly reqPerSec: number;
  readonly eachRound: readonly number[];
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** CPU seconds each serving process used during the measured runs (the one process, or each worker). */
  readonly cpuPerProcess: readonly number[];
}

/** One topology and product count: medians over the rounds for rates and latencies, sums for counts. */
export interface CheckoutRun {
  readonly topology: string;
  readonly apiProcesses: number;
  /** Products the buyers spread over (1: one hot product). */
  readonly products: number;
  readonly seconds: number;
  readonly ordersPerSec: number;
  readonly eachRound: readonly number[];
  /** Over every answer (201s, 409s, 503s, ...). */
  readonly p50: number;
  readonly p99: number;
  readonly p99Created: number;
  /** HTTP status -> count; connection errors and timeouts under "errors". */
  readonly statuses: Readonly<Record<string, number>>;
  /** "503 STORAGE_BUSY" -> count, for every answer other than 201. */
  readonly codes: Readonly<Record<string, number>>;
  readonly connectionErrors: number;
  /** Orders holding these products in the database after the run, and the units taken from their stock. */
  readonly ordersInDatabase: number;
  readonly stockTaken: number;
}

export interface ScaleOutResult {
  readonly date: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly loadAverage: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
  readonly node: string;
  readonly mariadb: string;
  readonly settings: string;
  readonly catalog: readonly WorkerRun[];
  readonly checkout: readonly CheckoutRun[];
  /** What could not be run, and why. */
  readonly notes: readonly string[];
}

/** Every product's stock: far more than any run sells (MAX_STOCK is 2^31 - 1). */
const STOCK = 1_000_000_000;
const NEVER = '100000000';
const CATALOG_SCENARIOS = ['product page', 'product by id'];
const DEMO_PRODUCTS = 5;

/** The removals of the private MariaDB servers now running, each one promise however often called. */
const active = new Set<() => Promise<void>>();

/**
 * Removes the private MariaDB servers still running and waits for every removal, also one already
 * under way (Ctrl-C while a run unwinds); the API processes are killAll()'s.
 */
export async function tearDownScaleOut(): Promise<void> {
  await Promise.allSettled([...active].map((remove) => remove()));
}

/** Runs `body` with `remove` registered for Ctrl-C, and removes the resource when it ends, however it ends. */
async function owning<T, R>(resource: T, remove: () => Promise<void>, body: (resource: T) => Promise<R>): Promise<R> {
  let removal: Promise<void> | undefined;
  const removeOnce = () => (removal ??= remove());
  active.add(removeOnce);
  try {
    return await body(resource);
  } finally {
    await removeOnce();
    active.delete(removeOnce);
  }
}

export async function benchScaleOut(options: ScaleOutOptions): Promise<ScaleOutResult> {
  const { log } = options;
  const loadAverage = os.loadavg();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const notes: string[] = [];
  log(`\nscaling out: ${os.availableParallelism()} cores, load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')}; starting a private MariaDB ...`);
  const privateDb = await startPrivateMariaDb();
  const { catalog, mariadb, checkout } = await owning(privateDb, () => privateDb.remove(), async (db) => {
    const catalogRuns = await catalogWithWorkers(db, options);
    const version = await versionOf(db.settings('mysql'));
    // Both topologies are set up, then loaded in turn (A, B for the hot product, B, A spread), so
    // a drift in the machine's other load does not fall on one topology alone.
    const a = await prepareCheckout(await privateTopology(db), options);
    try {
      log('\nscaling out: starting a 3-node Galera cluster ...');
      const cluster = await startGaleraCluster({ nodes: 3 }).catch((error: Error) => {
        notes.push(`Topology B (Galera) not run: ${error.message.split('\n')[0]!}`);
        log(`  ${notes.at(-1)}`);
        return undefined;
      });
      if (!cluster) return { catalog: catalogRuns, mariadb: version, checkout: await runCheckouts([a], options) };
      log(`  cluster Synced in ${(cluster.startedInMs / 1000).toFixed(1)} s`);
      const runs = await owning(cluster, () => cluster.remove(), async (c) => {
        const b = await prepareCheckout(await galeraTopology(c), options);
        try {
          return await runCheckouts([a, b], options);
        } finally {
          await b.stop();
        }
      });
      return { catalog: catalogRuns, mariadb: version, checkout: runs };
    } finally {
      await a.stop();
    }
  });
  return {
    date,
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    loadAverage,
    loadAverageAtEnd: os.loadavg(),
    node: process.version,
    mariadb,
    settings:
      `catalog: ${options.connections} connections, ${options.duration} s per run after a ${options.warmup} s warm-up, ${options.rounds} round(s) per worker count and scenario, ` +
      `${options.catalogProducts.toLocaleString('en-US')} products; ` +
      `checkout: ${options.connections} connections, ${options.checkoutDuration} s per run, ${options.checkoutRounds} round(s); autocannon in the harness process, servers and MariaDB on the same machine`,
    catalog,
    checkout,
    notes,
  };
}

// ---------------------------------------------------------------- catalog GETs, 1 and 2 workers

async function catalogWithWorkers(db: PrivateMariaDb, options: ScaleOutOptions): Promise<WorkerRun[]> {
  const { log } = options;
  const name = 'ecommerce_scale_catalog';
  await db.createDatabase(name);
  const settings = db.settings(name);
  log(`catalog with workers: seeding ${name} with ${options.catalogProducts.toLocaleString('en-US')} products ...`);
  const extra = options.catalogProducts > DEMO_PRODUCTS ? ['--products', String(options.catalogProducts - DEMO_PRODUCTS)] : [];
  await runToEnd(process.execPath, [path.join(options.repoRoot, 'dist', 'cli', 'db-seed.js'), ...extra], { cwd: options.scratch, env: childEnv(settings) });
  const [middle] = await queryOne(settings, 'SELECT id FROM product ORDER BY id LIMIT 1 OFFSET ?', [Math.floor(options.catalogProducts / 2)]);
  const chosen = scenarios.filter((scenario) => CATALOG_SCENARIOS.includes(scenario.name));
  // Both servers run side by side (the one not loaded is idle) and are loaded in turn, round after
  // round (1, 2, then 2, 1, ...), so a drift in the machine's other load falls on both.
  const started: { workers: number; server: Server; serving: number[] }[] = [];
  try {
    for (const workers of [1, 2]) {
      const server = await startApi(`our server, WEB_CONCURRENCY=${workers}`, settings, options, { WEB_CONCURRENCY: String(workers) });
      started.push({ workers, server, serving: await servingProcesses(server, workers) });
    }
    const runs: WorkerRun[] = [];
    for (const scenario of chosen) {
      const steps = scenario.steps.map((step) => ({ ...step, path: step.path.replace('{product}', String(middle!.id)) }));
      const rounds = new Map<number, { reqPerSec: number; p50: number; p99: number; errors: number; cpu: number[] }[]>(started.map(({ workers }) => [workers, []]));
      for (let round = 1; round <= options.rounds; round++) {
        for (const { workers, server, serving } of round % 2 === 1 ? started : [...started].reverse()) {
          const settle = () => settleDown([settings], serving);
          if (options.warmup > 0) await load(server, steps, { connections: options.connections, duration: options.warmup, warmup: 0, settle });
          await settle();
          const before = serving.map(cpuSecondsOf);
          const measured = await load(server, steps, { connections: options.connections, duration: options.duration, warmup: 0, settle });
          const cpu = serving.map((pid, i) => cpuSecondsOf(pid) - before[i]!);
          rounds.get(workers)!.push({ reqPerSec: measured.reqPerSec, p50: measured.p50, p99: measured.p99, errors: measured.errors, cpu });
          log(`  ${scenario.name}, round ${round}, ${workers} worker(s): ${Math.round(measured.reqPerSec)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms, errors ${measured.errors}; CPU s per process ${cpu.map((c) => c.toFixed(1)).join(' + ')}`);
        }
      }
      for (const [workers, measured] of rounds) {
        runs.push({
          scenario: scenario.name,
          workers,
          reqPerSec: median(measured.map((m) => m.reqPerSec)),
          eachRound: measured.map((m) => m.reqPerSec),
          p50: median(measured.map((m) => m.p50)),
          p99: median(measured.map((m) => m.p99)),
          errors: measured.reduce((sum, m) => sum + m.errors, 0),
          cpuPerProcess: measured[0]!.cpu.map((_, i) => measured.reduce((sum, m) => sum + m.cpu[i]!, 0)),
        });
      }
    }
    return runs;
  } finally {
    for (const { server } of started) await server.stop();
  }
}

/**
 * The pids that serve: the process itself (WEB_CONCURRENCY=1), or its `workers` children, once
 * each has finished starting (its CPU idle for half a second): the primary logs "N workers
 * serving" only at info level, and the bench runs at warn, as without workers.
 */
async function servingProcesses(server: Server, workers: number): Promise<number[]> {
  if (workers === 1) return [server.pid];
  const deadline = Date.now() + 60_000;
  for (;;) {
    const children = childrenOf(server.pid);
    if (children.length >= workers) {
      const before = children.map(cpuSecondsOf);
      await sleep(500);
      if (children.every((pid, i) => cpuSecondsOf(pid) - before[i]! < 0.05)) return children;
    } else {
      await sleep(200);
    }
    if (Date.now() > deadline) throw new Error(`${server.name}: ${workers} idle workers not seen within 60 s (children: ${children.join(', ') || 'none'})`);
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

// ---------------------------------------------------------------- checkout, A and B

interface Topology {
  readonly name: string;
  /** One API process per entry (the first runs the migrations and the CLIs). */
  readonly nodes: readonly MySqlSettings[];
  readonly database: string;
  /** A read on the first node that sees every write committed anywhere before it. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Statements running in the database, over every node. */
  busy(): Promise<number>;
}

async function privateTopology(db: PrivateMariaDb): Promise<Topology> {
  const database = 'ecommerce_scale_checkout';
  await db.createDatabase(database);
  const settings = db.settings(database);
  return {
    name: 'A: 1 MariaDB, 1 API process',
    nodes: [settings],
    database,
    query: (sql) => queryOne(settings, sql),
    busy: () => runningStatements(settings),
  };
}

async function galeraTopology(cluster: GaleraCluster): Promise<Topology> {
  const database = 'ecommerce_scale_checkout';
  await cluster.createDatabase(database);
  return {
    name: 'B: 3-node Galera, 3 API processes',
    nodes: cluster.settings(database),
    database,
    query: (sql) => cluster.query(0, sql),
    busy: async () => {
      let total = 0;
      for (let i = 0; i < cluster.nodes.length; i++) {
        const [row] = await cluster.query(i, `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = '${database}' AND COMMAND <> 'Sleep'`, { causal: false });
        total += Number(row?.n);
      }
      return total;
    },
  };
}

interface CheckoutSetup {
  readonly topology: Topology;
  readonly servers: readonly Server[];
  readonly ports: readonly number[];
  readonly adminKey: string;
  /** The API processes' CPU idle for half a second and no statement running on any node (at most two minutes). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Migrates, makes an admin key, starts one API process per node, and warms them up on a product of its own. */
async function prepareCheckout(t: Topology, options: ScaleOutOptions): Promise<CheckoutSetup> {
  const { log } = options;
  const first = t.nodes[0]!;
  log(`checkout, ${t.name}: migrating, making an admin key, starting ${t.nodes.length} API process(es) ...`);
  await runToEnd(process.execPath, [path.join(options.repoRoot, 'dist', 'cli', 'db-migrate.js')], { cwd: options.scratch, env: childEnv(first) });
  const adminKey = await createAdminKey(first, options);
  const servers: Server[] = [];
  const stop = async () => {
    for (const server of servers) await server.stop();
  };
  try {
    for (const [i, node] of t.nodes.entries()) servers.push(await startApi(`checkout API ${i + 1} (${t.name})`, node, options, {}));
    const ports = servers.map((server) => Number(new URL(server.url).port));
    const pids = servers.map((server) => server.pid);
    const settle = async () => {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const before = pids.map(cpuSecondsOf);
        await sleep(500);
        const idle = pids.every((pid, i) => cpuSecondsOf(pid) - before[i]! < 0.05);
        if (idle && (await t.busy()) === 0) return;
        if (Date.now() > deadline) return log(`  warning: ${t.name} still busy after 2 minutes; going on`);
      }
    };
    // The warm-up buys a product of its own, so each run's counts are that run's alone; it also
    // lets every node see a product made on the first one before the runs.
    const warmupProduct = await createProduct(ports[0]!, adminKey, 'warm-up');
    if (options.warmup > 0) await checkoutLoad(ports, [warmupProduct], options.connections, options.warmup);
    await settle();
    return { topology: t, servers, ports, adminKey, settle, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One hot product, then --spread-products, on every setup, the order alternating from one to the next. */
/**
 * One hot product, then --spread-products, on every setup, --checkout-rounds times, the order of
 * the setups alternating (hot A, B, spread B, A; then hot B, A, spread A, B; ...); fresh products every run.
 */
async function runCheckouts(setups: readonly CheckoutSetup[], options: ScaleOutOptions): Promise<CheckoutRun[]> {
  const variants = [1, ...(options.spreadProducts > 1 ? [options.spreadProducts] : [])];
  const runs: CheckoutRun[] = [];
  for (let round = 0; round < options.checkoutRounds; round++) {
    for (const [v, products] of variants.entries()) {
      for (const setup of (round + v) % 2 === 0 ? setups : [...setups].reverse()) runs.push(await checkoutRun(setup, products, options));
    }
  }
  const groups = new Map<string, CheckoutRun[]>();
  for (const run of runs) groups.set(`${run.topology}|${run.products}`, [...(groups.get(`${run.topology}|${run.products}`) ?? []), run]);
  return [...groups.values()].map(combine).sort((x, y) => x.products - y.products || x.topology.localeCompare(y.topology));
}

function combine(rounds: readonly CheckoutRun[]): CheckoutRun {
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const counts = (pick: (run: CheckoutRun) => Readonly<Record<string, number>>) => {
    const total: Record<string, number> = {};
    for (const run of rounds) for (const [key, n] of Object.entries(pick(run))) total[key] = (total[key] ?? 0) + n;
    return total;
  };
  return {
    ...rounds[0]!,
    seconds: sum(rounds.map((r) => r.seconds)),
    ordersPerSec: median(rounds.map((r) => r.ordersPerSec)),
    eachRound: rounds.map((r) => r.ordersPerSec),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    p99Created: median(rounds.map((r) => r.p99Created)),
    statuses: counts((r) => r.statuses),
    codes: counts((r) => r.codes),
    connectionErrors: sum(rounds.map((r) => r.connectionErrors)),
    ordersInDatabase: sum(rounds.map((r) => r.ordersInDatabase)),
    stockTaken: sum(rounds.map((r) => r.stockTaken)),
  };
}

async function checkoutRun(setup: CheckoutSetup, products: number, options: ScaleOutOptions): Promise<CheckoutRun> {
  const { topology: t, ports, adminKey } = setup;
  const ids: number[] = [];
  for (let i = 0; i < products; i++) ids.push(await createProduct(ports[0]!, adminKey, `${products === 1 ? 'hot' : 'spread'} ${i + 1}`));
  await setup.settle();
  const measured = await checkoutLoad(ports, ids, options.connections, options.checkoutDuration);
  await setup.settle();
  const idList = ids.join(',');
  const [orders] = await t.query(`SELECT COUNT(DISTINCT order_seq) AS n FROM \`${t.database}\`.order_line WHERE product_id IN (${idList})`);
  const [stock] = await t.query(`SELECT SUM(stock) AS s FROM \`${t.database}\`.product WHERE id IN (${idList})`);
  const run: CheckoutRun = {
    topology: t.name,
    apiProcesses: setup.servers.length,
    products,
    ...measured,
    eachRound: [measured.ordersPerSec],
    ordersInDatabase: Number(orders?.n),
    stockTaken: STOCK * products - Number(stock?.s),
  };
  options.log(
    `  ${t.name}, ${products === 1 ? 'one hot product' : `${products} products`}: ${run.ordersPerSec.toFixed(1)} orders/s, p50 ${run.p50} ms, p99 ${run.p99} ms, ` +
      `statuses ${JSON.stringify(run.statuses)}${Object.keys(run.codes).length ? `, codes ${JSON.stringify(run.codes)}` : ''}; ` +
      `${run.ordersInDatabase} orders in the database, ${run.stockTaken} units taken`,
  );
  return run;
}

/**
 * `connections` buyers, dealt round-robin over the ports (one autocannon per port, run at once),
 * each placing one-unit orders back to back, a new Idempotency-Key every time, the product taken
 * in turn from `productIds`. Latencies and statuses are gathered from every answer.
 */
async function checkoutLoad(ports: readonly number[], productIds: readonly number[], connections: number, duration: number) {
  let next = 0;
  const latencies: number[] = [];
  const created: number[] = [];
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const request: Request = {
    method: 'POST',
    path: '/api/orders',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => ({
      ...req,
      headers: { ...req.headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ email: 'bench@example.com', items: [{ product_id: productIds[next++ % productIds.length], quantity: 1 }] }),
    }),
    onResponse: (status, body) => {
      if (status === 201) return;
      let code = '';
      try {
        code = String((JSON.parse(body) as { code?: unknown }).code ?? '');
      } catch {
        // not JSON
      }
      const key = code ? `${status} ${code}` : String(status);
      codes[key] = (codes[key] ?? 0) + 1;
    },
  };
  const share = (i: number) => Math.floor(connections / ports.length) + (i < connections % ports.length ? 1 : 0);
  const instances = ports.map((port, i) => {
    const instance = autocannon({ url: `http://127.0.0.1:${port}`, connections: share(i), duration, timeout: 30, requests: [request] });
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status === 201) created.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    return instance;
  });
  const results = await Promise.all(instances);
  const seconds = Math.max(...results.map((r) => r.duration));
  const connectionErrors = results.reduce((sum, r) => sum + r.errors, 0);
  if (connectionErrors > 0) statuses.errors = connectionErrors;
  return {
    seconds,
    ordersPerSec: (statuses[201] ?? 0) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p99Created: percentile(created, 99),
    statuses,
    codes,
    connectionErrors,
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

async function createProduct(port: number, adminKey: string, label: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/products`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ product_name: `Bench checkout ${label}`, price: 9.5, stock: STOCK }),
  });
  const body = (await res.json()) as { id?: number };
  if (res.status !== 201 || typeof body.id !== 'number') throw new Error(`creating a product answered ${res.status}: ${JSON.stringify(body)}`);
  return body.id;
}

// ---------------------------------------------------------------- processes and databases

/** Our built server on `settings`, as the main bench runs it: LOG_LEVEL=warn, rate limits never reached. */
async function startApi(label: string, settings: MySqlSettings, options: ScaleOutOptions, extra: Record<string, string>): Promise<Server> {
  const port = await freePort();
  return startServer(label, process.execPath, [path.join(options.repoRoot, 'dist', 'server.js')], {
    cwd: options.scratch,
    env: {
      ...childEnv(settings),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: NEVER,
      RATE_LIMIT_ORDERS_PER_MINUTE: NEVER,
      RATE_LIMIT_AUTH_FAILURES_PER_HOUR: NEVER,
      ...extra,
    },
    url: `http://127.0.0.1:${port}`,
    probePath: '/api/openapi.json',
  });
}

function childEnv(settings: MySqlSettings): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DB_NAME: settings.database,
    DB_USER: settings.user,
    DB_PASSWORD: settings.password,
    DB_HOST: settings.host,
    DB_PORT: String(settings.port),
  };
}

function createAdminKey(settings: MySqlSettings, options: ScaleOutOptions): Promise<string> {
  return createAdminKeyWith(options.repoRoot, { cwd: options.scratch, env: childEnv(settings) }, 'bench-scale');
}

async function queryOne(settings: MySqlSettings, sql: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const connection = await mysql.createConnection({ host: settings.host, port: settings.port, user: settings.user, password: settings.password, database: settings.database });
  try {
    const [rows] = await connection.query(sql, values);
    return rows as Record<string, unknown>[];
  } finally {
    await connection.end();
  }
}

async function runningStatements(settings: MySqlSettings): Promise<number> {
  const [row] = await queryOne(settings, "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Sleep' AND ID <> CONNECTION_ID()", [settings.database]);
  return Number(row?.n);
}

async function versionOf(settings: MySqlSettings): Promise<string> {
  const [row] = await queryOne(settings, 'SELECT VERSION() AS v');
  return String(row?.v);
}

/** The serving processes' CPU idle for half a second and no statement running (at most two minutes). */
async function settleDown(databases: readonly MySqlSettings[], pids: readonly number[]): Promise<void> {
  const cpuSeconds = () => pids.reduce((total, pid) => total + cpuSecondsOf(pid), 0);
  const running = async () => {
    let total = 0;
    for (const settings of databases) total += await runningStatements(settings);
    return total;
  };
  await untilIdle(cpuSeconds, running);
}

// ---------------------------------------------------------------- report

export function workersTable(result: ScaleOutResult): string {
  const header = ['scenario', 'worker processes', 'cores', 'req/s', 'each round', 'p50 ms', 'p99 ms', 'errors', 'CPU s per process', 'req/s vs 1 worker'];
  const rows = result.catalog.map((run) => {
    const one = result.catalog.find((other) => other.scenario === run.scenario && other.workers === 1);
    return [
      run.scenario,
      String(run.workers),
      String(result.cores),
      int(run.reqPerSec),
      run.eachRound.map(int).join(', '),
      String(Math.round(run.p50)),
      String(Math.round(run.p99)),
      int(run.errors),
      run.cpuPerProcess.map((s) => s.toFixed(1)).join(' + '),
      one && one.reqPerSec > 0 ? `${(run.reqPerSec / one.reqPerSec).toFixed(2)}x` : 'n/a',
    ];
  });
  return markdownTable(header, rows);
}

export function checkoutTable(result: ScaleOutResult): string {
  const header = ['topology', 'products', 'orders/s (201/s)', 'each round', 'p50 ms', 'p99 ms', '201 p99 ms', '201', '409', '503', 'other', 'orders in DB', 'stock taken'];
  const rows = result.checkout.map((run) => {
    const other = Object.entries(run.statuses).filter(([status]) => !['201', '409', '503'].includes(status));
    return [
      run.topology,
      run.products === 1 ? '1 (hot)' : String(run.products),
      run.ordersPerSec.toFixed(1),
      run.eachRound.map((r) => r.toFixed(1)).join(', '),
      String(Math.round(run.p50)),
      String(Math.round(run.p99)),
      String(Math.round(run.p99Created)),
      int(run.statuses['201'] ?? 0),
      int(run.statuses['409'] ?? 0),
      int(run.statuses['503'] ?? 0),
      other.length === 0 ? '0' : other.map(([status, n]) => `${status}: ${int(n)}`).join(', '),
      int(run.ordersInDatabase),
      int(run.stockTaken),
    ];
  });
  return markdownTable(header, rows);
}

/** Every non-201 answer by status and problem code, per run. */
function codesList(result: ScaleOutResult): string[] {
  return result.checkout
    .filter((run) => Object.keys(run.codes).length > 0)
    .map((run) => `- ${run.topology}, ${run.products === 1 ? 'one hot product' : `${run.products} products`}: ${Object.entries(run.codes).map(([code, n]) => `${code} x${int(n)}`).join(', ')}`);
}

export function scaleOutText(result: ScaleOutResult): string {
  return [
    `scaling out (${result.cores} cores, load average at start ${result.loadAverage.map((l) => l.toFixed(2)).join(' ')}, at the end ${result.loadAverageAtEnd.map((l) => l.toFixed(2)).join(' ')})`,
    '',
    'catalog GETs, 1 and 2 worker processes',
    workersTable(result),
    '',
    'checkout: POST /api/orders, one unit, a new Idempotency-Key each',
    checkoutTable(result),
    ...codesList(result),
    ...result.notes.map((note) => `note: ${note}`),
  ].join('\n');
}

export function scaleOutMarkdown(result: ScaleOutResult): string {
  const parts = [
    '## Scaling out',
    '',
    `- date: ${result.date}`,
    `- machine: ${result.cores} cores (os.availableParallelism(); ${result.cpuModel}), load average at start ${result.loadAverage.map((l) => l.toFixed(2)).join(', ')}, at the end ${result.loadAverageAtEnd.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)`,
    `- node ${result.node}, MariaDB ${result.mariadb} (private servers from temp folders: one for A and the worker runs, three Galera nodes for B)`,
    `- ${result.settings}`,
    '',
    '### Catalog GETs with 1 and 2 worker processes',
    '',
    'Our built server with WEB_CONCURRENCY=1 (one process) and WEB_CONCURRENCY=2 (node:cluster, a primary',
    'and two workers on one port), the same private MariaDB database and seeded catalog, LOG_LEVEL=warn and',
    'the rate limits never reached, as in the tables above. Both servers run side by side and are loaded in',
    'turn, round after round (1, 2, then 2, 1, ...); req/s, p50 and p99 are the medians of the rounds, errors',
    'their sum. "CPU s per process": what each serving process used over the measured runs (the one process,',
    'or each worker), from /proc/<pid>/stat.',
    `On ${result.cores} cores shared with MariaDB and autocannon, a second worker can only take what they leave.`,
    '',
    workersTable(result),
    '',
    '### Checkout: one node against 3 Galera nodes',
    '',
    'Buyers on every connection place `POST /api/orders` back to back, one unit each, a new Idempotency-Key',
    'every time, on one hot product or spread over several (in turn), every stock far larger than the run',
    'sells. A: one private MariaDB and one API process. B: a 3-node Galera cluster (tests/support/galera-cluster.ts)',
    'and one API process per node, the connections dealt round-robin over the three. orders/s: 201 answers',
    'per second; p50/p99 over every answer, "201 p99" over the 201s alone; "orders in DB" and "stock taken"',
    'are read back after the run (an order whose answer came after the run ended counts there, not as a 201:',
    'up to one per connection). Both topologies are up at once and loaded in turn (hot A, B, spread B, A; the next',
    'round the other way round), after a warm-up on a product of their own; fresh products every run. Over several',
    'rounds: orders/s, p50 and p99 are the medians of the rounds ("each round" lists them), the counts their sums.',
    '',
    checkoutTable(result),
  ];
  const codes = codesList(result);
  if (codes.length > 0) parts.push('', 'Answers other than 201, by problem code:', '', ...codes);
  if (result.notes.length > 0) parts.push('', ...result.notes.map((note) => `Note: ${note}`));
  return `${parts.join('\n')}\n`;
}

/** Where the "## Scaling out" section of `text` starts and ends (-1, -1 if it has none). */
function sectionBounds(text: string): [number, number] {
  const start = text.indexOf('\n## Scaling out\n');
  if (start < 0) return [-1, -1];
  const after = text.indexOf('\n## ', start + 1);
  return [start + 1, after < 0 ? text.length : after + 1];
}

/**
 * Puts the "## Scaling out" section into `file`: in place of the one there, or at its end, the
 * rest of the file kept as it is (a --scale-only run refreshes its section of bench/RESULTS.md).
 */
export async function writeScaleOutSection(file: string, section: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  const [start, end] = sectionBounds(existing);
  const text =
    start >= 0 ? `${existing.slice(0, start)}${section}${end < existing.length ? `\n${existing.slice(end)}` : ''}`
    : existing ? `${existing.replace(/\n*$/, '\n')}\n${section}`
    : `# Benchmark results\n\n${section}`;
  await writeFile(file, text);
}

/** The "## Scaling out" section `file` holds now (with its own date), for a run without that part to keep. */
export async function existingScaleOutSection(file: string): Promise<string | undefined> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  const [start, end] = sectionBounds(existing);
  return start < 0 ? undefined : `${existing.slice(start, end).replace(/\n*$/, '')}\n`;
}

