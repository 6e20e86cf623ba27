import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { call, type Answer } from '../support/http-call.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, linesOf, run, start, type Child } from '../integration/child-processes.js';

// Built API processes on any set of MySQL endpoints (the nodes of a Galera cluster, a primary and
// its replicas, ...): each process gets its own MySqlSettings; the helpers take ports and ids, never
// the topology, so a scale test on another setup reuses them as they are.

export interface ApiProcess {
  readonly port: number;
  readonly child: Child;
  readonly settings: MySqlSettings;
}

export interface ApiProcesses {
  readonly processes: readonly ApiProcess[];
  readonly ports: readonly number[];
  /** SIGKILL to every process (by its own pid), and removes the working directory. */
  stop(): Promise<void>;
}

/**
 * Starts `node <serverScript>` once per settings entry, as production runs it (PORT=0, JSON logs
 * at info, no rate limits so a race is not cut short by a 429), plus `env`. The first process
 * starts alone, since it runs the migrations, and the others once it listens. Children run in an
 * empty directory, so no developer's .env reaches them.
 */
export async function startApiProcesses(options: {
  serverScript: string;
  settings: readonly MySqlSettings[];
  env?: Record<string, string>;
}): Promise<ApiProcesses> {
  const cwd = await emptyWorkingDirectory();
  const processes: ApiProcess[] = [];
  const stop = async () => {
    for (const p of processes) p.child.kill();
    await Promise.all(processes.map((p) => p.child.exited.catch(() => {})));
    await cwd.remove();
  };
  const startOne = async (settings: MySqlSettings): Promise<ApiProcess> => {
    const env = childEnv({
      ...databaseEnv(settings),
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_ORDERS_PER_MINUTE: '0',
      ...options.env,
    });
    const child = start(process.execPath, [options.serverScript], { cwd: cwd.path, env });
    const entry: ApiProcess = { port: 0, child, settings };
    processes.push(entry);
    const line = await child.waitForLine((l) => l.includes('listening on http://localhost:'), 60_000);
    const port = Number(/localhost:(\d+)/.exec(line)![1]);
    Object.assign(entry, { port });
    return entry;
  };
  try {
    const [first, ...rest] = options.settings;
    if (!first) throw new Error('no settings: nothing to start');
    const started = [await startOne(first), ...(await Promise.all(rest.map(startOne)))];
    return { processes: started, ports: started.map((p) => p.port), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Makes an admin key with the built CLI (`admin-key.js create`), on the given database; the key is alone on stdout's last line. */
export async function createAdminKey(outDir: string, settings: MySqlSettings, scopes: readonly string[] = ['catalog:write', 'metrics:read']): Promise<string> {
  const cwd = await emptyWorkingDirectory();
  try {
    const finished = await run(process.execPath, [path.join(outDir, 'cli', 'admin-key.js'), 'create', '--name', `scale-${randomUUID().slice(0, 8)}`, '--scopes', scopes.join(',')], {
      cwd: cwd.path,
      env: childEnv(databaseEnv(settings)),
      timeoutMs: 30_000,
    });
    if (finished.code !== 0) throw new Error(`admin-key create exited ${finished.code}:\n${finished.stdout}${finished.stderr}`);
    return linesOf(finished.stdout).at(-1)!.trim();
  } finally {
    await cwd.remove();
  }
}

export { call, type Answer } from '../support/http-call.js';

/** Creates a product with the given stock through the API; returns its id. */
export async function createProduct(port: number, adminKey: string, stock: number): Promise<number> {
  const answer = await call(port, 'POST', '/api/products', { product_name: `Scale mug ${randomUUID().slice(0, 8)}`, price: 9.5, stock }, { authorization: `Bearer ${adminKey}` });
  if (answer.status !== 201) throw new Error(`creating a product answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return (answer.body as { id: number }).id;
}

/** A checkout of one unit, with its Idempotency-Key. */
export function placeOrder(port: number, productId: number, key: string, quantity = 1): Promise<Answer> {
  return call(port, 'POST', '/api/orders', { email: 'scale@example.com', items: [{ product_id: productId, quantity }] }, { 'idempotency-key': key });
}

/** "201", "409 INSUFFICIENT_STOCK", "503 STORAGE_BUSY": an answer's status and code, for tallies. */
export function outcome(answer: Answer): string {
  return answer.code ? `${answer.status} ${answer.code}` : String(answer.status);
}

export function tally(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[outcome(answer)] = (counts[outcome(answer)] ?? 0) + 1;
  return counts;
}

export interface Purchase {
  readonly port: number;
  readonly key: string;
  readonly answer: Answer;
  /** Milliseconds since the race or load started, when the request was sent. */
  readonly sentAt: number;
}

export interface RaceResult {
  readonly purchases: readonly Purchase[];
  /** Outcome -> count over all processes ("201", "409 INSUFFICIENT_STOCK", ...). */
  readonly tally: Record<string, number>;
  /** Port -> its own tally. */
  readonly byPort: Record<number, Record<string, number>>;
  /** 5xx and connection failures (status 0). */
  readonly failures: number;
  readonly wallMs: number;
}

function summarise(purchases: readonly Purchase[], wallMs: number): RaceResult {
  const byPort: Record<number, Record<string, number>> = {};
  for (const port of new Set(purchases.map((p) => p.port))) byPort[port] = tally(purchases.filter((p) => p.port === port).map((p) => p.answer));
  const answers = purchases.map((p) => p.answer);
  return { purchases, tally: tally(answers), byPort, failures: answers.filter((a) => a.status >= 500 || a.status === 0).length, wallMs: Math.round(wallMs) };
}

/** `buyers` checkouts of one unit each (each its own key), all sent at once, round-robin over the processes. */
export async function buyersRace(ports: readonly number[], productId: number, buyers: number): Promise<RaceResult> {
  const started = performance.now();
  const purchases = await Promise.all(
    Array.from({ length: buyers }, async (_, i) => {
      const port = ports[i % ports.length]!;
      const key = randomUUID();
      return { port, key, sentAt: 0, answer: await placeOrder(port, productId, key) };
    }),
  );
  return summarise(purchases, performance.now() - started);
}

/**
 * `clientsPerPort` buyers on each process, each buying one unit at a time with a new key, until
 * `stop` resolves: a steady load across the processes while something happens to one of them.
 */
export async function buyUntil(ports: readonly number[], productId: number, clientsPerPort: number, stop: Promise<unknown>): Promise<RaceResult> {
  let running = true;
  void stop.then(() => (running = false));
  const started = performance.now();
  const purchases: Purchase[] = [];
  await Promise.all(
    ports.flatMap((port) =>
      Array.from({ length: clientsPerPort }, async () => {
        while (running) {
          const key = randomUUID();
          const sentAt = performance.now() - started;
          const answer = await placeOrder(port, productId, key);
          purchases.push({ port, key, sentAt, answer });
          // A process that answers at once (503, a refused connection) would otherwise spin.
          if (answer.status !== 201) await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    ),
  );
  return summarise(purchases, performance.now() - started);
}

export interface SameKeyPair {
  readonly key: string;
  readonly a: Answer;
  readonly b: Answer;
}

/** The same Idempotency-Key and body sent to two processes at the same moment. */
export async function sameKeyPair(portA: number, portB: number, productId: number): Promise<SameKeyPair> {
  const key = randomUUID();
  const [a, b] = await Promise.all([placeOrder(portA, productId, key), placeOrder(portB, productId, key)]);
  return { key, a, b };
}

/** A counter's value from a process's /metrics (needs a key with metrics:read); 0 when absent. */
export async function metricValue(port: number, adminKey: string, name: string): Promise<number> {
  const answer = await call(port, 'GET', '/metrics', undefined, { authorization: `Bearer ${adminKey}` });
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}`);
  const text = String(answer.body);
  let total = 0;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'gm'))) total += Number(match[1]);
  return total;
}
