import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, REPO_ROOT, type Bundle } from '../support/build-once.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { childEnv, databaseEnv, isAlive, start, type Child } from './child-processes.js';

// WEB_CONCURRENCY=2: one `node dist/server.js` is a primary and two workers on one port, on MariaDB.

let db: TestDatabase;
let bundle: Bundle;
const children: Child[] = [];

beforeAll(async () => {
  [bundle, db] = await Promise.all([buildBundle(), createTestDatabase({ dialect: 'mariadb' })]);
}, 90_000);

afterAll(async () => {
  for (const child of children) child.kill();
  await Promise.allSettled([db?.drop(), bundle?.remove()]);
});

type Line = { msg: string; pid?: number; workers?: number[] };
const parse = (line: string): Line | undefined => {
  try {
    return JSON.parse(line) as Line;
  } catch {
    return undefined;
  }
};

function startWorkers(extra: Record<string, string> = {}): Child {
  const env = childEnv({ ...databaseEnv(db.settings), PORT: '0', LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', WEB_CONCURRENCY: '2', ...extra });
  const child = start(process.execPath, [bundle.serverScript], { cwd: REPO_ROOT, env });
  children.push(child);
  return child;
}

describe('WEB_CONCURRENCY=2', () => {
  it('serves from two worker processes, replaces one that dies, adds up their metrics, and drains both on SIGTERM with exit 0', async () => {
    const metricsPort = 20_000 + Math.floor(Math.random() * 20_000);
    const child = startWorkers({ METRICS_PORT: String(metricsPort) });
    const serving = parse(await child.waitForLine((l) => parse(l)?.msg === '2 workers serving', 60_000))!;
    const [first, second] = serving.workers!;
    const listening = parse(child.output().stdout.split('\n').find((l) => parse(l)?.msg.startsWith('listening on'))!)!;
    const port = Number(/localhost:(\d+)/.exec(listening.msg)![1]);

    // Connections are handed out in turn: both workers answer (the access lines name their pid).
    for (let i = 0; i < 20; i++) expect((await fetch(`http://127.0.0.1:${port}/api/categories`, { headers: { connection: 'close' } })).status).toBe(200);
    await sleep(200);
    const answeredBy = new Set(child.output().stdout.split('\n').map(parse).filter((l) => l?.msg === 'request').map((l) => l!.pid));
    expect(answeredBy).toEqual(new Set([first, second]));
    // METRICS_PORT is the primary's: the two workers' counts added up.
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const count = /^http_request_duration_seconds_count\{[^}]*route="\/api\/categories"[^}]*status="200"[^}]*\} (\d+)$/m.exec(metrics);
    expect(Number(count?.[1])).toBe(20);

    process.kill(first!, 'SIGKILL');
    const replaced = await child.waitForLine((l) => parse(l)?.msg === `worker ${first} exited (SIGKILL); starting a new one`, 10_000);
    expect(parse(replaced)!.pid).toBe(child.process.pid);
    const relisten = parse(await child.waitForLine((l) => { const e = parse(l); return !!e?.msg.startsWith('listening on') && e.pid !== first && e.pid !== second; }, 30_000))!;
    for (let i = 0; i < 10; i++) expect((await fetch(`http://127.0.0.1:${port}/api/categories`, { headers: { connection: 'close' } })).status).toBe(200);

    child.process.kill('SIGTERM');
    const finished = await Promise.race([child.exited, sleep(20_000).then(() => ({ code: 'timeout' }))]);
    expect(finished.code).toBe(0);
    expect(child.output().stdout).toContain('all workers stopped; exiting with code 0');
    for (const pid of [second!, relisten.pid!]) expect(isAlive(pid)).toBe(false);
  }, 120_000);

  it('a worker that cannot start (the database refuses) stops the whole server with exit 1 and its one line', async () => {
    const child = startWorkers({ DB_PORT: '1', DB_CONNECT_TIMEOUT_S: '0' });
    const finished = await Promise.race([child.exited, sleep(30_000).then(() => ({ code: 'timeout', stderr: '' }))]);
    expect(finished.code).toBe(1);
    expect(finished.stderr).toMatch(/^error: cannot reach MySQL at [\d.]+:1 \(connection refused\)/);
    expect(child.output().stdout).toContain('failed to start');
  }, 60_000);
});
