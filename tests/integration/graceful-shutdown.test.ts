import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { buildBundle, REPO_ROOT, type Bundle } from '../support/build-once.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { childEnv, databaseEnv, isAlive, start, type Child, type Finished } from './child-processes.js';

// SIGTERM or SIGINT, to `npm start` or to node itself: new connections are refused, requests
// already accepted get their whole answer (the last on each connection with Connection: close),
// then the process exits 0; past SHUTDOWN_TIMEOUT_S it exits 1 and says how many it cut off.
// All against the built bundle on MariaDB, as it runs in production.

let db: TestDatabase | undefined;
let bundle: Bundle | undefined;
let adminKey = '';
const children: Child[] = [];
/** Servers' own pids: under npm, node is not the child this file spawned. */
const serverPids: number[] = [];

beforeAll(async () => {
  [bundle, db] = await Promise.all([buildBundle(), createTestDatabase({ dialect: 'mariadb' })]);
  const access = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) }).get<AccessUseCases>(TOKENS.AccessUseCases);
  adminKey = (await access.createKey.execute({ name: 'graceful-shutdown-test', scopes: ['catalog:write'] })).secret;
}, 90_000);

afterAll(async () => {
  for (const child of children) child.kill();
  for (const pid of serverPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  await Promise.allSettled(children.map((child) => child.exited));
  await Promise.allSettled([db?.drop(), bundle?.remove()]);
});

/**
 * Every setting the server reads: the test's values, the rest blank (which the server takes as
 * unset). Blank rather than absent so that a developer's .env (read by dotenv, which never
 * overrides a variable that is set) cannot change the run when `npm start` runs in the repository.
 */
function serverEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const blank = Object.fromEntries(
    ['DATABASE_URL', 'SQLITE_PATH', 'CORS_ORIGINS', 'TRUST_PROXY', 'RATE_LIMIT_AUTH_FAILURES_PER_HOUR', 'REDIS_URL', 'SHUTDOWN_TIMEOUT_S', 'HTTP_HEADERS_TIMEOUT_S', 'HTTP_REQUEST_TIMEOUT_S', 'HTTP_KEEP_ALIVE_TIMEOUT_S'].map((key) => [key, '']),
  );
  return childEnv({
    ...blank,
    ...databaseEnv(db!.settings),
    PORT: '0',
    LOG_LEVEL: 'info',
    // 30 clients from one address is what the per-client limits exist to stop.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_ORDERS_PER_MINUTE: '0',
    ...extra,
  });
}

interface Running {
  readonly child: Child;
  readonly port: number;
  /** The pid the server logged: node's, even when the child is npm. */
  readonly pid: number;
}

async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Running> {
  const child = start(command, args, { cwd, env });
  children.push(child);
  const line = await child.waitForLine((l) => logEntry(l)?.msg.startsWith('listening on http://localhost:') ?? false, 30_000);
  const entry = logEntry(line)!;
  serverPids.push(Number(entry.pid));
  return { child, port: Number(/localhost:(\d+)/.exec(entry.msg)![1]), pid: Number(entry.pid) };
}

const startBuilt = (extra?: Record<string, string>) => startServer(process.execPath, [bundle!.serverScript], serverEnv(extra), REPO_ROOT);

/** Exit code and the time from the signal to the exit, failing after timeoutMs. */
async function exitAfter(child: Child, signalledAt: number, timeoutMs: number): Promise<Finished & { ms: number }> {
  const finished = await Promise.race([
    child.exited,
    sleep(timeoutMs).then(() => {
      throw new Error(`no exit within ${timeoutMs} ms of the signal\n${child.output().stdout}\n${child.output().stderr}`);
    }),
  ]);
  return { ...finished, ms: Math.round(performance.now() - signalledAt) };
}

async function createProduct(port: number, stock: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/products`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
    body: JSON.stringify({ product_name: `Drain test ${Date.now()}`, price: 5, stock }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

async function orderRows(): Promise<number> {
  const [row] = await db!.sequelize.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM orders', { type: QueryTypes.SELECT });
  return Number(row!.n);
}

/** Resolves with the connection error's code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}


interface Outcome {
  readonly label: string;
  readonly createdAt: number;
  readonly settledAt: number;
  /** The request went out on a keep-alive connection that had already carried an answer. */
  readonly reusedSocket: boolean;
  readonly status?: number;
  readonly connection?: string;
  /** The whole body arrived (its Content-Length, and it parses as JSON). */
  readonly complete: boolean;
  readonly error?: string;
}

/**
 * One request on a keep-alive agent; never rejects. `sendBody` lets the caller hold back the end
 * of the body (the request is accepted as soon as its headers arrive; it cannot be answered before
 * its body has).
 */
function send(
  agent: http.Agent,
  port: number,
  label: string,
  options: { method: string; path: string; body?: unknown; sendBody?: (req: http.ClientRequest, body: Buffer) => void },
): Promise<Outcome> {
  return new Promise((resolve) => {
    const createdAt = performance.now();
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    let settled = false;
    const done = (outcome: Omit<Outcome, 'label' | 'createdAt' | 'settledAt' | 'reusedSocket'>) => {
      if (settled) return;
      settled = true;
      resolve({ label, createdAt, settledAt: performance.now(), reusedSocket: req.reusedSocket, ...outcome });
    };
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: options.method,
        path: options.path,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error: NodeJS.ErrnoException) => done({ status: res.statusCode, complete: false, error: error.code ?? error.message }));
        res.on('aborted', () => done({ status: res.statusCode, complete: false, error: 'aborted' }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parses = true;
          try {
            JSON.parse(text);
          } catch {
            parses = false;
          }
          const length = Number(res.headers['content-length'] ?? Number.NaN);
          done({ status: res.statusCode, connection: res.headers.connection, complete: parses && Buffer.byteLength(text) === length });
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => done({ complete: false, error: error.code ?? error.message }));
    if (!body) req.end();
    else if (options.sendBody) options.sendBody(req, body);
    else req.end(body);
  });
}

describe('SIGTERM under load (30 keep-alive clients placing orders and reading the catalog)', () => {
  it('answers every accepted request in full, closes keep-alive connections, exits 0, and loses no order', async () => {
    const { child, port } = await startBuilt();
    const productId = await createProduct(port, 1_000_000);
    const order = (n: number) => ({ method: 'POST', path: '/api/orders', body: { email: `load${n}@example.com`, items: [{ product_id: productId, quantity: 1 }] } });
    const reads = [`/api/products/${productId}`, '/api/products?limit=20', '/api/categories', `/api/products?q=drain&in_stock=true`];

    const outcomes: Outcome[] = [];
    let signalledAt = Number.POSITIVE_INFINITY;
    let exited = false;
    void child.exited.then(() => (exited = true));

    // 30 clients, each on its own keep-alive connection, one request after another, until the
    // server refuses them a new connection.
    const clients = Array.from({ length: 30 }, async (_, i) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let n = 0; !exited; n += 1) {
        const outcome = i % 3 === 0 || n % 2 === 0
          ? await send(agent, port, 'order', order(i * 100_000 + n))
          : await send(agent, port, 'read', { method: 'GET', path: reads[n % reads.length]! });
        outcomes.push(outcome);
        if (outcome.error === 'ECONNREFUSED') break;
        if (outcome.error !== undefined && outcome.createdAt < signalledAt) throw new Error(`before the signal: ${JSON.stringify(outcome)}`);
      }
      agent.destroy();
    });

    // Orders whose headers arrive before the signal and whose bodies end after it, each on a
    // connection that already carried an answer: accepted, so they must be answered, and their
    // answer is the last on that connection.
    let signalled!: () => void;
    const signal = new Promise<void>((resolve) => (signalled = resolve));
    const warmedUp: Promise<unknown>[] = [];
    const straddlers = Array.from({ length: 6 }, async (_, i) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const warming = send(agent, port, 'warm-up', { method: 'GET', path: `/api/products/${productId}` });
      warmedUp.push(warming);
      const warm = await warming;
      const outcome = await send(agent, port, 'straddler', {
        ...order(9_000_000 + i),
        sendBody: (req, body) => {
          req.write(body.subarray(0, 10));
          void signal.then(() => sleep(300)).then(() => req.end(body.subarray(10)));
        },
      });
      agent.destroy();
      return [warm, outcome] as const;
    });

    // Under load, with every connection established and reused (on a busy machine the warm-ups
    // alone can take longer than the sleep: their connections must carry an answer first).
    await Promise.all(warmedUp);
    await sleep(1_500);
    const beforeSignal = outcomes.length;
    child.process.kill('SIGTERM');
    signalledAt = performance.now();
    signalled();

    const finished = await exitAfter(child, signalledAt, 15_000);
    await Promise.all(clients);
    const straddled = await Promise.all(straddlers);
    outcomes.push(...straddled.flat());

    // The process: exit 0, nothing on stderr, its summary.
    expect({ code: finished.code, signal: finished.signal, stderr: finished.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const entries = finished.stdout.split('\n').map(logEntry);
    const received = entries.find((e) => e?.msg === 'SIGTERM received: finishing open requests')!;
    const stopped = entries.find((e) => e?.msg.startsWith('stopped in '))!;
    expect(received).toBeDefined();
    expect(stopped).toMatchObject({ msg: expect.stringMatching(/^stopped in \d+ ms: answered \d+ request\(s\) after SIGTERM, cut off none$/), requestsAbandoned: 0 });
    expect(entries.some((e) => e?.msg.startsWith('shutdown deadline'))).toBe(false);

    // Every request the server accepted reached its client whole: as many complete answers as
    // accepted requests (the product created above included), and no answer cut short.
    const answers = outcomes.filter((o) => o.complete);
    expect(answers.length + 1).toBe(stopped.requestsAccepted);
    expect(stopped.requestsAnswered).toBe(stopped.requestsAccepted);
    expect(outcomes.filter((o) => o.status !== undefined && !o.complete)).toEqual([]);
    expect(answers.filter((o) => o.status !== (o.label === 'order' || o.label === 'straddler' ? 201 : 200))).toEqual([]);

    // The only failures: new connections refused, and requests sent on a connection the server
    // closed while it was idle (so never accepted: counted out above), all after the signal.
    const failures = outcomes.filter((o) => o.error !== undefined);
    expect(failures.filter((o) => !(o.error === 'ECONNREFUSED' || (o.reusedSocket && o.status === undefined)))).toEqual([]);
    expect(failures.filter((o) => o.settledAt < signalledAt)).toEqual([]);

    // The orders held open across the signal: answered, each the last on its connection.
    expect(straddled.map(([, o]) => ({ status: o.status, connection: o.connection, complete: o.complete, reused: o.reusedSocket }))).toEqual(
      Array.from({ length: 6 }, () => ({ status: 201, connection: 'close', complete: true, reused: true })),
    );
    expect(received.inFlight).toBeGreaterThanOrEqual(6);
    // Requests sent after the signal that were answered at all were answered with Connection: close.
    expect(answers.filter((o) => o.createdAt > signalledAt && o.connection !== 'close')).toEqual([]);

    // No order committed without its 201 reaching the client, and none answered 201 without its row.
    const created = answers.filter((o) => o.status === 201 && o.label !== 'warm-up').length;
    expect(await orderRows()).toBe(created);

    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    console.info(
      `graceful shutdown under load: ${beforeSignal} answers before SIGTERM, ${String(received.inFlight)} requests in flight at it ` +
        `(${String(received.connections)} connections), ${String(stopped.answeredAfterSignal)} answered after it, ` +
        `${failures.filter((o) => o.error === 'ECONNREFUSED').length} new connections refused, ` +
        `${failures.length - failures.filter((o) => o.error === 'ECONNREFUSED').length} requests on connections closed while idle; ` +
        `${created} orders = ${created} rows; drained in ${String(stopped.ms)} ms, exited ${finished.ms} ms after the signal`,
    );
  }, 60_000);
});

describe('past SHUTDOWN_TIMEOUT_S', () => {
  it('refuses new connections while it waits, then cuts the held request off, says so, and exits 1', async () => {
    const { child, port } = await startBuilt({ SHUTDOWN_TIMEOUT_S: '1' });
    const productId = await createProduct(port, 10);
    const before = await orderRows();

    // An order whose body never finishes arriving: accepted (its headers are in), never answerable.
    const body = JSON.stringify({ email: 'slow@example.com', items: [{ product_id: productId, quantity: 1 }] });
    const slow = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    slow.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const slowClosed = new Promise<string>((resolve) => {
      slow.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      slow.once('close', () => resolve('closed'));
    });
    slow.write(`POST /api/orders HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 12)}`);
    await sleep(300);

    child.process.kill('SIGTERM');
    const signalledAt = performance.now();
    await sleep(200);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    expect(isAlive(child.process.pid!)).toBe(true);

    const finished = await exitAfter(child, signalledAt, 10_000);
    expect({ code: finished.code, signal: finished.signal }).toEqual({ code: 1, signal: null });
    expect(finished.ms).toBeGreaterThanOrEqual(1_000);
    expect(finished.ms).toBeLessThan(4_000);
    const deadline = finished.stdout.split('\n').map(logEntry).find((e) => e?.msg.startsWith('shutdown deadline'));
    expect(deadline).toMatchObject({ msg: 'shutdown deadline of 1 s passed: cut off 1 request(s) still in flight; exiting with code 1', cutOff: 1, level: 50 });

    await slowClosed;
    expect(answer).toBe('');
    expect(await orderRows()).toBe(before);
    console.info(`shutdown deadline: exited 1 ${finished.ms} ms after SIGTERM with SHUTDOWN_TIMEOUT_S=1, cutting off 1 request`);
  }, 30_000);
});

describe('npm start', () => {
  // `npm start` builds (about 1 s with tsup) into the repository's dist/, then execs node.
  it.each(['SIGTERM', 'SIGINT'] as const)('%s to npm stops the server it started: exit 0, no orphan node, the port closed', async (signal) => {
    const env = { ...serverEnv(), HOME: process.env.HOME ?? REPO_ROOT, npm_config_update_notifier: 'false' };
    const { child, port, pid } = await startServer('npm', ['start'], env, REPO_ROOT);
    const npmPid = child.process.pid!;
    expect(pid).not.toBe(npmPid);
    // node is npm's own child: the script's shell exec'd it rather than waiting on it.
    expect(parentOf(pid)).toBe(npmPid);
    expect((await fetch(`http://127.0.0.1:${port}/api/categories`)).status).toBe(200);

    child.process.kill(signal);
    const signalledAt = performance.now();
    const finished = await exitAfter(child, signalledAt, 15_000);
    expect({ code: finished.code, signal: finished.signal }).toEqual({ code: 0, signal: null });
    expect(finished.stdout.split('\n').map(logEntry).map((e) => e?.msg)).toEqual(
      expect.arrayContaining([`${signal} received: finishing open requests`, expect.stringMatching(/^stopped in \d+ ms: answered 0 request\(s\) after/)]),
    );
    expect(isAlive(pid)).toBe(false);
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    // A quiet start: nothing but npm's banner ("> ..." lines) and the server's own log lines.
    const other = finished.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('> ') && logEntry(line) === undefined);
    expect(other, 'npm start printed lines of its build').toEqual([]);
  }, 60_000);
});

/** The parent pid of a process, from /proc (Linux) or ps. */
function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
  }
}

interface LogEntry {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A pino JSON line, or undefined for anything else (npm's and tsup's lines). */
function logEntry(line: string): LogEntry | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null && 'msg' in entry && typeof entry.msg === 'string' ? (entry as LogEntry) : undefined;
  } catch {
    return undefined;
  }
}
