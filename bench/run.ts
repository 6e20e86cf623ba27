/**
 * npm run bench [-- --sizes 5,10000,100000] [--duration 10] [--connections 50] [--warmup 1]
 *                  [--scenarios "product by id,category"] [--quick] [--out FILE] [--floor-rounds 1]
 *                  [--access-rounds 3] [--redis redis://127.0.0.1:6379] [--access-only | --skip-access]
 *                  [--scale-only | --skip-scale] [--scale-products 10000] [--scale-rounds 3]
 *                  [--checkout-duration 12] [--checkout-rounds 3] [--spread-products 20]
 *
 * Builds with tsup (and the Express floor, bench/express-floor-server.ts, with esbuild); for each
 * catalog size: creates database ecommerce_bench_<size>, seeds it with the built db:seed
 * (--products size-5), starts our built server, the node:http baseline and the bare Express floor,
 * drives each scenario (bench/scenarios.ts) on one then the others, prints a table, drops the
 * database. Exit code 1 if a response was over 1 MB.
 *
 * Ours against the floor, per catalog GET: server CPU per request, req/s, peak RSS and the bytes
 * of each answer's headers. --floor-rounds N loads ours and the floor N times each, in turn
 * (ours, floor, then floor, ours, ...), and reports the median round.
 *
 * Then what the access-control middleware costs per catalog GET (benchAccessCost): the chosen GET
 * scenarios against our server with that middleware off and on, interleaved, CPU per request.
 * --access-rounds: how many times each variant is loaded per scenario (the median is reported);
 * --redis adds a variant with the rate-limit counters in Redis; --access-only runs only this part,
 * --skip-access everything but.
 *
 * Then scaling out (bench/scale-out.ts): catalog GETs with WEB_CONCURRENCY=1 and 2 on a private
 * MariaDB seeded with --scale-products (both servers loaded in turn, --scale-rounds times each per
 * scenario, the median reported), and checkout throughput (orders/s, p50/p99, 409/503/other)
 * on one private MariaDB with one API process against a 3-node Galera cluster with three, for
 * --checkout-duration seconds on one hot product and on --spread-products (0: hot only), each
 * --checkout-rounds times (in turn, the median reported).
 * --scale-only runs only this part, --skip-scale everything but.
 *
 * A run of every scenario (no --scenarios, no --quick) writes bench/RESULTS.md; a partial one
 * only prints, unless --out names a file (with --scale-only: its "## Scaling out" section is
 * replaced in that file, or added at its end, the rest kept; a run without the scale-out part keeps
 * the section the file has). For iteration: --quick is --sizes 5 --duration 3 --warmup 1;
 * --scenarios keeps the scenarios whose names contain one of the comma-separated words.
 *
 * MariaDB: BENCH_DB_HOST, BENCH_DB_PORT, BENCH_DB_USER, BENCH_DB_PASSWORD (defaults 127.0.0.1,
 * 3306, root, empty); the user must be allowed to create databases.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import mysql from 'mysql2/promise';
import { headerBytes, load, probe, resolve, type Measured } from './load.js';
import { createAdminKeyWith, freePort, killAll, runToEnd, startServer, untilIdle, type Server } from './processes.js';
import type { MiddlewareCost } from './middleware-cost.js';
import {
  accessCostTable,
  floorTable,
  middlewareCostTable,
  problems,
  resultsMarkdown,
  scalingTable,
  sizeTable,
  type AccessCost,
  type AccessVariant,
  type FloorRow,
  type Row,
  type SizeResult,
} from './report.js';
import { benchScaleOut, existingScaleOutSection, scaleOutMarkdown, scaleOutText, tearDownScaleOut, writeScaleOutSection, type ScaleOutResult } from './scale-out.js';
import { BENCH_ORIGIN, scenarios, TARGETS } from './scenarios.js';

const cpuMicrosOf = (measured: Measured) => (measured.cpuSeconds * 1e6) / Math.max(measured.sent, 1);

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'RESULTS.md');
const DEMO_PRODUCTS = 5;
const FLOOR_BUILD = path.join(REPO_ROOT, 'dist', 'bench', 'express-floor-server.js');
/** A rate limit on, as shipped, that the bench never reaches. */
const NEVER = '100000000';

const options = parseOptions();
const db = {
  host: process.env.BENCH_DB_HOST ?? '127.0.0.1',
  port: Number(process.env.BENCH_DB_PORT ?? 3306),
  user: process.env.BENCH_DB_USER ?? 'root',
  password: process.env.BENCH_DB_PASSWORD ?? '',
};
const databaseUrl = (name: string) =>
  `mysql://${encodeURIComponent(db.user)}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${name}`;
const log = (line: string) => process.stderr.write(`${line}\n`);

const admin = await mysql.createConnection(db);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'ecommerce-bench-'));
let current: string | undefined;
process.on('SIGINT', () => {
  killAll();
  void Promise.allSettled([current ? admin.query(`DROP DATABASE IF EXISTS \`${current}\``) : undefined, tearDownScaleOut()]).finally(() => process.exit(130));
});

try {
  log('building with tsup ...');
  await runToEnd(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsup'), [], { cwd: REPO_ROOT, env: process.env });
  // The floor is bundled like dist/server.js (not run under tsx), so its RSS compares like with like.
  await runToEnd(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'),
    ['bench/express-floor-server.ts', '--bundle', '--platform=node', '--format=esm', '--target=node20', '--packages=external', `--outfile=${FLOOR_BUILD}`, '--log-level=warning'],
    { cwd: REPO_ROOT, env: process.env },
  );
  const results: SizeResult[] = [];
  for (const size of options.accessOnly || options.scaleOnly ? [] : options.sizes) {
    results.push(await benchSize(size));
    console.log(`\n${size.toLocaleString('en-US')} products\n${sizeTable(results.at(-1)!)}`);
    console.log(`\n${size.toLocaleString('en-US')} products, ours against the bare Express floor\n${floorTable(results.at(-1)!)}`);
  }
  const scaling = scalingTable(results);
  if (scaling) console.log(`\nscaling of list scenarios\n${scaling}`);
  const accessCost = options.skipAccess || options.scaleOnly ? undefined : await benchAccessCost();
  if (accessCost) {
    console.log(`\nwhat the access-control middleware costs per catalog GET\n${accessCostTable(accessCost)}`);
    console.log(`\n${middlewareCostTable(accessCost.micro)}`);
  }
  let scaleOut: ScaleOutResult | undefined;
  if (!options.skipScale && !options.accessOnly) {
    scaleOut = await benchScaleOut({ ...options, rounds: options.scaleRounds, repoRoot: REPO_ROOT, scratch, log });
    console.log(`\n${scaleOutText(scaleOut)}`);
  }
  if (options.out && options.scaleOnly && scaleOut) {
    await writeScaleOutSection(options.out, scaleOutMarkdown(scaleOut));
    console.log(`\nwrote the "Scaling out" section of ${options.out}`);
  } else if (options.out) {
    // A run without the scale-out part keeps the section the file has (it carries its own date).
    const markdown = resultsMarkdown(await machine(), results, accessCost);
    const section = scaleOut ? scaleOutMarkdown(scaleOut) : await existingScaleOutSection(options.out);
    await writeFile(options.out, section ? `${markdown}\n${section}` : markdown);
    console.log(`\nwrote ${options.out}`);
  }
  const oversized = results.flatMap((r) => r.rows.filter((row) => problems(row).some((p) => p.startsWith('FAIL'))).map((row) => `${r.size} products: ${row.scenario.name}`));
  if (oversized.length > 0) {
    console.error(`\nFAIL: responses over 1 MB in: ${oversized.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  killAll();
  await tearDownScaleOut();
  await admin.end();
  await rm(scratch, { recursive: true, force: true });
}

async function benchSize(size: number): Promise<SizeResult> {
  const name = `ecommerce_bench_${size}`;
  current = name;
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const servers: Server[] = [];
  try {
    log(`\n${size} products: seeding ${name} ...`);
    const started = performance.now();
    const extra = size > DEMO_PRODUCTS ? ['--products', String(size - DEMO_PRODUCTS)] : [];
    const seeded = await runToEnd(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli', 'db-seed.js'), ...extra], {
      cwd: scratch,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name) },
    });
    const seedSeconds = (performance.now() - started) / 1000;
    log(`  ${seeded.stdout.trim()}`);
    const placeholders = await placeholdersOf(name);
    const adminKey = await createAdminKey(name);

    // Our server as it ships, every feature on at its default, except that the three rate limits,
    // which exist to stop one address from sending this much (the harness is one address with 50
    // connections), are set so high that they are never reached: they still run on every request.
    servers.push(
      await startOurServer('our server', name, { RATE_LIMIT_PER_MINUTE: NEVER, RATE_LIMIT_ORDERS_PER_MINUTE: NEVER, RATE_LIMIT_AUTH_FAILURES_PER_HOUR: NEVER }),
    );
    servers.push(
      await startServer('baseline', process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'baseline-server.ts')], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name), PORT: '0' },
        urlPattern: /baseline listening on (\S+)/,
        probePath: '/api/products/1',
      }),
    );
    servers.push(
      await startServer('Express floor', process.execPath, [FLOOR_BUILD], {
        cwd: scratch,
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name), PORT: '0' },
        urlPattern: /floor listening on (\S+)/,
        probePath: '/api/products/1',
      }),
    );
    const [ours, baseline, floor] = servers as [Server, Server, Server];
    const rows: Row[] = [];
    for (const scenario of options.scenarios) {
      const steps = scenario.steps.map((step) => resolve(step, placeholders));
      // Catalog writes need an admin key; reads are the public's, so they go without one.
      const headers: Record<string, string> = scenario.kind === 'write' ? { authorization: `Bearer ${adminKey}` } : {};
      const ourProbe = await probe(ours, steps, headers);
      const baseProbe = await probe(baseline, steps, headers);
      const inBaseline = baseProbe.statuses[0] !== 501;
      // Every GET scenario the baseline serves is compared: the same status and the same JSON value.
      const comparable = inBaseline && steps.every((s) => s.method === 'GET');
      const loadOptions = (server: Server) => ({ ...options, headers, settle: () => settle(server, name) });
      log(`  ${scenario.name}: ${steps.map((s) => `${s.method} ${s.path}`).join(', ')} (first answer ${ourProbe.statuses[0]}, ${ourProbe.firstBytes} bytes)`);
      // The probe's answer counts too: a server too slow to answer during the run must not pass the size check.
      const withProbe = (measured: Measured, bytes: number) => ({ ...measured, maxResponseBytes: Math.max(measured.maxResponseBytes, bytes) });
      const row: Row = {
        scenario,
        ours: withProbe(await load(ours, steps, loadOptions(ours)), ourProbe.firstBytes),
        ...(inBaseline ? { baseline: withProbe(await load(baseline, steps, loadOptions(baseline)), baseProbe.firstBytes) } : {}),
        ...(comparable
          ? { sameJson: ourProbe.statuses[0] === baseProbe.statuses[0] && isDeepStrictEqual(ourProbe.firstBody, baseProbe.firstBody) }
          : {}),
      };
      log(`    ours ${Math.round(row.ours.reqPerSec)} req/s` + (row.baseline ? `, baseline ${Math.round(row.baseline.reqPerSec)} req/s` : ', not in baseline'));
      if (scenario.kind !== 'write') {
        // The floor serves every catalog GET; its JSON must be ours, value for value.
        const floorProbe = await probe(floor, steps, headers);
        const oursRuns = [row.ours];
        const floorRuns: Measured[] = [];
        for (let round = 1; round <= options.floorRounds; round++) {
          // ours (already loaded above), floor; then floor, ours; ...: drift falls on both.
          if (round > 1 && round % 2 === 1) oursRuns.push(await load(ours, steps, loadOptions(ours)));
          floorRuns.push(withProbe(await load(floor, steps, loadOptions(floor)), floorProbe.firstBytes));
          if (round % 2 === 0) oursRuns.push(await load(ours, steps, loadOptions(ours)));
        }
        const firstPath = steps[0]!.path;
        const floorRow: FloorRow = {
          ours: oursRuns,
          floor: floorRuns,
          sameJson: ourProbe.statuses[0] === floorProbe.statuses[0] && isDeepStrictEqual(ourProbe.firstBody, floorProbe.firstBody),
          oursHeaderBytes: await headerBytes(ours, firstPath, headers),
          floorHeaderBytes: await headerBytes(floor, firstPath, headers),
        };
        log(`    floor ${Math.round(floorRuns[0]!.reqPerSec)} req/s; CPU per request ours ${oursRuns.map((m) => cpuMicrosOf(m).toFixed(0)).join(', ')} µs, floor ${floorRuns.map((m) => cpuMicrosOf(m).toFixed(0)).join(', ')} µs`);
        rows.push({ ...row, floor: floorRow });
      } else {
        rows.push(row);
      }
    }
    return { size, seedSeconds, rows };
  } finally {
    for (const server of servers) await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    current = undefined;
  }
}

/**
 * What the access-control middleware (authentication, authorization, CORS, rate limits) costs
 * per catalog GET, in server CPU per request, "before" against "after" in one run.
 *
 * "After" is the server as it ships: CORS_ORIGINS naming the origin every request comes from (so
 * CORS does its full work), and all three rate limits on with limits it never reaches (memory
 * store; with --redis, also in Redis). "Off" is the same build with CORS_ORIGINS unset and every
 * limit 0: the production settings that remove CORS and the limiters from the chain.
 * Authentication and authorization cannot be switched off, on purpose (no setting, and no
 * bench-only switch, since one could be left on in production), so "off" still runs them; they are
 * measured in-process instead (bench/middleware-cost.ts: the same request through an Express
 * chain with and without them), and "before" is "off" minus that. Variants are loaded in turn,
 * round after round (off, on, then on, off, ...), so drift from the other load on the machine
 * falls on both; the overhead is taken per round (each variant against that round's "off") and
 * the median round reported, as are CPU, req/s and p99. The demo catalog (5 products) is used: the
 * cheapest reads, so the largest share for the middleware.
 */
async function benchAccessCost(): Promise<AccessCost | undefined> {
  const gets = options.scenarios.filter((scenario) => scenario.kind !== 'write');
  if (gets.length === 0) return undefined;
  log('\naccess-control middleware: in-process cost of authentication + authorization ...');
  const micro = await middlewareCost();
  const name = 'ecommerce_bench_access';
  current = name;
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const servers: Server[] = [];
  try {
    log(`access-control middleware: seeding ${name} with the demo catalog ...`);
    await runToEnd(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli', 'db-seed.js')], {
      cwd: scratch,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name) },
    });
    const placeholders = await placeholdersOf(name);
    const never = '100000000';
    const on = { CORS_ORIGINS: BENCH_ORIGIN, RATE_LIMIT_PER_MINUTE: never, RATE_LIMIT_ORDERS_PER_MINUTE: never, RATE_LIMIT_AUTH_FAILURES_PER_HOUR: never };
    const variants: { variant: AccessVariant; env: Record<string, string> }[] = [
      { variant: 'off', env: { RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_ORDERS_PER_MINUTE: '0', RATE_LIMIT_AUTH_FAILURES_PER_HOUR: '0' } },
      { variant: 'on', env: on },
      ...(options.redis ? [{ variant: 'on, Redis' as const, env: { ...on, REDIS_URL: options.redis } }] : []),
    ];
    const started: [AccessVariant, Server][] = [];
    for (const { variant, env } of variants) {
      const server = await startOurServer(`our server, access control ${variant}`, name, env);
      servers.push(server);
      started.push([variant, server]);
    }
    // Every request comes from a browser front end on the allowed origin, anonymous (a shopper).
    const headers = { origin: BENCH_ORIGIN };
    const rows: AccessCost['rows'][number][] = [];
    for (const scenario of gets) {
      const steps = scenario.steps.map((step) => resolve(step, placeholders));
      const runs = new Map<AccessVariant, Measured[]>(started.map(([variant]) => [variant, []]));
      for (let round = 1; round <= options.accessRounds; round++) {
        // off, on, on, off, ...: a drift over the run falls on both alike.
        for (const [variant, server] of round % 2 === 1 ? started : [...started].reverse()) {
          const measured = await load(server, steps, { ...options, headers, settle: () => settle(server, name) });
          runs.get(variant)!.push(measured);
          log(`  ${scenario.name}, round ${round}, ${variant}: ${Math.round(measured.reqPerSec)} req/s, ${Math.round((measured.cpuSeconds * 1e6) / Math.max(measured.sent, 1))} µs CPU per request`);
        }
      }
      rows.push({ scenario, runs });
    }
    return { products: DEMO_PRODUCTS, rounds: options.accessRounds, micro, rows };
  } finally {
    for (const server of servers) await server.stop();
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    current = undefined;
  }
}

/** bench/middleware-cost.ts in a process of its own, so the harness's heap and autocannon stay out of it. */
async function middlewareCost(): Promise<MiddlewareCost> {
  const quick = options.duration < 10;
  const { stdout } = await runToEnd(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'middleware-cost.ts'), '--json', '--iterations', quick ? '5000' : '20000', '--rounds', quick ? '3' : '5'],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH } },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as MiddlewareCost;
}

/** Our built server on the bench database `name`, with `extra` settings; the harness picks the port. */
async function startOurServer(label: string, name: string, extra: Record<string, string>): Promise<Server> {
  const port = await freePort();
  // The server logs its URL at info level; at warn (no access log) the harness picks the port.
  return startServer(label, process.execPath, [path.join(REPO_ROOT, 'dist', 'server.js')], {
    cwd: scratch,
    env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name), PORT: String(port), LOG_LEVEL: 'warn', ...extra },
    url: `http://127.0.0.1:${port}`,
    probePath: '/api/openapi.json',
  });
}

/** An admin key (every scope) in the bench database, made with the built CLI: the last line it prints. */
function createAdminKey(name: string): Promise<string> {
  return createAdminKeyWith(REPO_ROOT, { cwd: scratch, env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl(name) } }, 'bench');
}

/**
 * Waits until the server has stopped working on answers nobody waits for any more (autocannon
 * closes its connections; our server finishes every request anyway): its CPU idle and no query
 * running in the database. Gives up after two minutes, with a warning.
 */
async function settle(server: Server, database: string): Promise<void> {
  const running = async () => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND <> 'Sleep' AND ID <> CONNECTION_ID()",
      [database],
    );
    return Number(rows[0]?.n);
  };
  if (!(await untilIdle(() => server.cpuSeconds(), running))) log(`  warning: ${server.name} still busy after 2 minutes; going on`);
}

/** {category}: the category with the most products; {product}: the middle product. */
async function placeholdersOf(name: string): Promise<Record<string, string>> {
  const one = async (sql: string) => {
    const [rows] = await admin.query<mysql.RowDataPacket[]>(sql);
    return String(rows[0]?.id);
  };
  const [countRows] = await admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${name}\`.product`);
  const middle = Math.floor(Number(countRows[0]?.n) / 2);
  return {
    category: await one(
      `SELECT category_id AS id FROM \`${name}\`.product WHERE category_id IS NOT NULL GROUP BY category_id ORDER BY COUNT(*) DESC, category_id LIMIT 1`,
    ),
    product: await one(`SELECT id FROM \`${name}\`.product ORDER BY id LIMIT 1 OFFSET ${middle}`),
  };
}

async function machine() {
  const [rows] = await admin.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpus: `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'})`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    node: process.version,
    mariadb: String(rows[0]?.v),
    settings:
      `${options.connections} connections, ${options.duration} s per scenario and server after a ${options.warmup} s warm-up; ` +
      `autocannon in the harness process, servers and MariaDB on the same machine`,
  };
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '5,10000,100000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: String(TARGETS.connections) },
      warmup: { type: 'string', default: '1' },
      scenarios: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      'access-rounds': { type: 'string', default: '3' },
      'floor-rounds': { type: 'string', default: '1' },
      redis: { type: 'string' },
      'access-only': { type: 'boolean', default: false },
      'skip-access': { type: 'boolean', default: false },
      'scale-only': { type: 'boolean', default: false },
      'skip-scale': { type: 'boolean', default: false },
      'scale-products': { type: 'string', default: '10000' },
      'scale-rounds': { type: 'string', default: '3' },
      'checkout-duration': { type: 'string', default: '12' },
      'checkout-rounds': { type: 'string', default: '3' },
      'spread-products': { type: 'string', default: '20' },
    },
  });
  if (values.quick) {
    values.sizes = values.sizes === '5,10000,100000' ? '5' : values.sizes;
    values.duration = values.duration === '10' ? '3' : values.duration;
    values['scale-products'] = values['scale-products'] === '10000' ? '5' : values['scale-products'];
    values['checkout-duration'] = values['checkout-duration'] === '12' ? '3' : values['checkout-duration'];
    values['scale-rounds'] = values['scale-rounds'] === '3' ? '1' : values['scale-rounds'];
    values['checkout-rounds'] = values['checkout-rounds'] === '3' ? '1' : values['checkout-rounds'];
  }
  const whole = (text: string, what: string, min: number) => {
    if (!/^\d+$/.test(text.trim()) || Number(text) < min) {
      process.stderr.write(`error: ${what} must be whole numbers >= ${min} (got "${text}")\n`);
      process.exit(1);
    }
    return Number(text);
  };
  const wanted = values.scenarios?.split(',').map((word) => word.trim().toLowerCase()).filter(Boolean);
  const chosen = wanted ? scenarios.filter((scenario) => wanted.some((word) => scenario.name.includes(word))) : scenarios;
  if (chosen.length === 0) {
    process.stderr.write(`error: --scenarios matches none of: ${scenarios.map((s) => s.name).join(', ')}\n`);
    process.exit(1);
  }
  const only = [values['access-only'] && '--access-only', values['scale-only'] && '--scale-only'].filter(Boolean);
  if ((values['access-only'] && values['skip-access']) || (values['scale-only'] && values['skip-scale']) || only.length > 1) {
    process.stderr.write('error: --access-only, --scale-only and their --skip-... exclude each other\n');
    process.exit(1);
  }
  const partial = values.quick || wanted !== undefined || values['access-only'] || values['skip-access'] || values['scale-only'] || values['skip-scale'];
  return {
    sizes: values.sizes.split(',').map((size) => whole(size, '--sizes', DEMO_PRODUCTS)),
    scenarios: chosen,
    out: values.out ?? (partial ? undefined : RESULTS_FILE),
    duration: whole(values.duration, '--duration', 1),
    connections: whole(values.connections, '--connections', 1),
    warmup: whole(values.warmup, '--warmup', 0),
    accessRounds: whole(values['access-rounds'], '--access-rounds', 1),
    floorRounds: whole(values['floor-rounds'], '--floor-rounds', 1),
    redis: values.redis,
    accessOnly: values['access-only'],
    skipAccess: values['skip-access'],
    scaleOnly: values['scale-only'],
    skipScale: values['skip-scale'],
    catalogProducts: whole(values['scale-products'], '--scale-products', DEMO_PRODUCTS),
    scaleRounds: whole(values['scale-rounds'], '--scale-rounds', 1),
    checkoutDuration: whole(values['checkout-duration'], '--checkout-duration', 1),
    checkoutRounds: whole(values['checkout-rounds'], '--checkout-rounds', 1),
    spreadProducts: whole(values['spread-products'], '--spread-products', 0),
  };
}
