import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, copyFile, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MySqlSettings } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { dropDatabase } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { REPO_ROOT } from '../support/build-once.js';
import { newTestDatabaseSettings } from '../support/test-database.js';
import { freePort } from '../support/free-port.js';
import { childEnv, databaseEnv, isAlive, linesOf, run, start, type Child, type Finished } from './child-processes.js';

// The README's production deploy, end to end, on a copy of this checkout in the temp folder:
// build once with the dev dependencies, `npm prune --omit=dev`, then every command a deploy runs
// (npm start, node dist/server.js, db:create, db:migrate, db:seed, admin:key), the Procfile's
// processes and the systemd unit's commands run as their managers run them, on a MariaDB database
// of this file's own and on the zero-configuration SQLite file.
// The copy's node_modules is copied from this checkout's (`npm ci` would take minutes), and the
// prune only removes, so it needs no network.

const exec = promisify(execFile);
const db = newTestDatabaseSettings('mariadb', 'prod') as MySqlSettings;
let root: string | undefined;
/** The copy of the checkout: the application's directory, as /opt/ecommerce-api is on a host. */
let app = '';
const children: Child[] = [];
/** Servers' own pids (from their listening line): under npm or sh, node is not the child spawned here. */
const serverPids: number[] = [];
const timings: string[] = [];

/** The variables npm needs, and the test's; nothing from the runner (its LOG_LEVEL, a developer's DB_*). */
const npmEnv = (vars: Record<string, string | undefined> = {}) =>
  childEnv({ HOME: process.env.HOME ?? REPO_ROOT, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...vars });
const mariaDbEnv = () => ({ ...databaseEnv(db), LOG_LEVEL: 'info' });

const npm = (args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000) => run('npm', args, { cwd: app, env, timeoutMs });

/** Runs a step and records how long it took. */
async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

function expectSuccess(result: Finished, what: string): void {
  expect({ what, code: result.code, stderr: result.stderr }).toEqual({ what, code: 0, stderr: '' });
}

beforeAll(async () => {
  const began = performance.now();
  root = await mkdtemp(path.join(tmpdir(), 'ecommerce-production-install-'));
  app = path.join(root, 'app');
  await timed('copy', async () => {
    await copyCheckout(app);
    await exec('cp', ['-a', path.join(REPO_ROOT, 'node_modules'), path.join(app, 'node_modules')]);
  });
  expect(existsSync(path.join(app, 'dist'))).toBe(false);
  await timed('dev: npm start from source, twice, with an edit between', developmentStarts);
  expectSuccess(await timed('npm run build', () => npm(['run', 'build'], npmEnv())), 'npm run build');
  const pruned = await timed('npm prune --omit=dev', () => npm(['prune', '--omit=dev', '--no-audit', '--no-fund', '--offline'], npmEnv()));
  expectSuccess(pruned, 'npm prune');
  timings.push(`(setup ${((performance.now() - began) / 1000).toFixed(1)} s)`);
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill();
  for (const pid of serverPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await Promise.allSettled(children.map((child) => child.exited));
  await Promise.allSettled([dropDatabase(db), root ? rm(root, { recursive: true, force: true }) : undefined]);
  console.info(`production install: ${timings.join(', ')}`);
});

/**
 * What a clone holds: tracked files, and new ones not ignored (so uncommitted work is tested too).
 * Outside a git checkout (an unpacked archive), everything but what a build or a run leaves.
 */
async function copyCheckout(to: string): Promise<void> {
  const listed = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }).catch(() => undefined);
  if (listed === undefined) {
    const left = new Set(['.git', 'node_modules', 'dist', 'dist-test', 'data', 'coverage', '.env']);
    await cp(REPO_ROOT, to, { recursive: true, filter: (source) => !left.has(path.relative(REPO_ROOT, source).split(path.sep)[0]!) });
    return;
  }
  const files = listed.stdout.split('\0').filter((file) => file !== '' && existsSync(path.join(REPO_ROOT, file)));
  for (const file of files) {
    await mkdir(path.dirname(path.join(to, file)), { recursive: true });
    await copyFile(path.join(REPO_ROOT, file), path.join(to, file));
  }
}

/**
 * In a checkout with the dev dependencies, `npm start` builds from source first: a fresh clone's
 * first command works, and an edit shows up on the next start.
 */
async function developmentStarts(): Promise<void> {
  const env = npmEnv({ PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: path.join(root!, 'dev', 'dev.sqlite') });
  const first = await startServer('npm', ['start'], env);
  expect(existsSync(path.join(app, 'dist', 'server.js'))).toBe(true);
  expect(first.child.output().stdout).not.toContain('edited after the first start');
  expect((await stop(first, 'SIGTERM', 15_000)).code).toBe(0);

  const serverSource = path.join(app, 'src', 'server.ts');
  const original = await readFile(serverSource, 'utf8');
  await appendFile(serverSource, "\nconsole.log('edited after the first start');\n");
  const second = await startServer('npm', ['start'], env);
  await second.child.waitForLine((line) => line === 'edited after the first start', 10_000);
  expect((await stop(second, 'SIGTERM', 15_000)).code).toBe(0);
  await writeFile(serverSource, original);
}

interface Running {
  readonly child: Child;
  readonly port: number;
  readonly pid: number;
}

/** The listening line, JSON or pretty: its port and the pid it names. */
function listeningOf(line: string): { port: number; pid: number } | undefined {
  const port = /listening on http:\/\/localhost:(\d+)/.exec(line)?.[1];
  if (port === undefined) return undefined;
  const pid = /"pid":(\d+)/.exec(line)?.[1] ?? /INFO \((\d+)\)/.exec(line)?.[1];
  return { port: Number(port), pid: Number(pid) };
}

async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): Promise<Running> {
  const child = start(command, args, { cwd: app, env, detached: options.detached });
  children.push(child);
  const line = await child.waitForLine((l) => listeningOf(l) !== undefined, 30_000);
  const { port, pid } = listeningOf(line)!;
  serverPids.push(pid);
  return { child, port, pid };
}

/** Sends the signal (to the whole process group when the child leads one) and waits for the exit. */
async function stop(server: Running, signal: NodeJS.Signals, withinMs: number, group = false): Promise<Finished & { ms: number }> {
  const signalledAt = performance.now();
  if (group) process.kill(-server.child.process.pid!, signal);
  else server.child.process.kill(signal);
  const finished = await Promise.race([
    server.child.exited,
    sleep(withinMs).then(() => {
      throw new Error(`no exit within ${withinMs} ms of ${signal}\n${server.child.output().stdout}\n${server.child.output().stderr}`);
    }),
  ]);
  return { ...finished, ms: Math.round(performance.now() - signalledAt) };
}

async function getJson(port: number, route: string, key?: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}



/** `web: npm start` -> { web: 'npm start' }. */
function parseProcfile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
      .map((line) => {
        const match = /^([A-Za-z0-9_-]+):\s*(.+)$/.exec(line.trim());
        if (!match) throw new Error(`not a Procfile line: ${line}`);
        return [match[1]!, match[2]!];
      }),
  );
}

/** A unit file's [Service] section: every key with its values in order (ExecStartPre may repeat). */
function parseUnit(text: string): Map<string, string[]> {
  const service = new Map<string, string[]>();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    if (section !== 'Service' || eq === -1) continue;
    const key = line.slice(0, eq).trim();
    service.set(key, [...(service.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return service;
}

/** Environment=A=1 "B=two words" -> { A: '1', B: 'two words' }. */
function parseAssignments(value: string): Record<string, string> {
  const words = value.match(/"[^"]*"|\S+/g) ?? [];
  return Object.fromEntries(words.map((word) => word.replace(/^"|"$/g, '')).map((word) => [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]));
}

/** An EnvironmentFile: KEY=VALUE lines, # comments, optional quotes. */
function parseEnvironmentFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith(';') && line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim().replace(/^"(.*)"$/, '$1')]),
  );
}

/** systemd's time spans as used here: "20", "20s", "2min". */
function seconds(span: string): number {
  const match = /^(\d+)\s*(s|sec|min)?$/.exec(span);
  if (!match) throw new Error(`unsupported time span ${span}`);
  return Number(match[1]) * (match[2] === 'min' ? 60 : 1);
}

describe('a production install (npm ci && npm run build && npm prune --omit=dev)', () => {
  let adminKey = '';

  it('has no build tools left, but keeps the optional sqlite3 driver and pino-pretty', () => {
    for (const devOnly of ['tsup', 'tsx', 'vitest', 'typescript', 'supertest']) expect(existsSync(path.join(app, 'node_modules', devOnly)), devOnly).toBe(false);
    for (const kept of ['sqlite3', 'pino-pretty', 'pino', 'sequelize', 'mysql2']) expect(existsSync(path.join(app, 'node_modules', kept, 'package.json')), kept).toBe(true);
  });

  it('runs npm run db:create, db:migrate, db:seed and admin:key on MariaDB', async () => {
    const env = npmEnv(mariaDbEnv());
    const created = await timed('db:create', () => npm(['run', 'db:create'], env));
    expectSuccess(created, 'db:create');
    expect(linesOf(created.stdout).at(-1)).toBe(`created database "${db.database}" on ${db.host}:${db.port}`);
    const migrated = await timed('db:migrate', () => npm(['run', 'db:migrate'], env));
    expectSuccess(migrated, 'db:migrate');
    expect(linesOf(migrated.stdout).at(-1)).toMatch(/^applied: 0001-create-catalog, /);
    const seeded = await timed('db:seed', () => npm(['run', 'db:seed'], env));
    expectSuccess(seeded, 'db:seed');
    expect(linesOf(seeded.stdout).at(-1)).toBe(`seeded MySQL database "${db.database}" on ${db.host}:${db.port}: 5 categories, 5 products, 8 tags`);
    const key = await timed('admin:key', () => npm(['run', 'admin:key', '--', 'create', '--name', 'x'], env));
    expectSuccess(key, 'admin:key');
    adminKey = linesOf(key.stdout).at(-1)!;
    expect(adminKey).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
  }, 60_000);

  it("runs the Procfile as a platform does (sh -c): release again (harmless), then web on the platform's PORT; SIGTERM to every process exits 0 after the drain", async () => {
    const procfile = parseProcfile(await readFile(path.join(app, 'Procfile'), 'utf8'));
    // `exec`: /bin/sh (dash here, as on Ubuntu-based platforms) does not exec a lone command itself,
    // so without it the shell would be the process the platform watches, and it dies of SIGTERM
    // (status 143) at once, while node is still draining; Heroku then kills what is left.
    expect(procfile).toEqual({ web: 'exec npm start', release: 'npm run db:migrate' });

    const env = npmEnv(mariaDbEnv());
    // db:migrate ran above: the release phase of every deploy runs it again on an up-to-date schema.
    const release = await timed('release', () => run('sh', ['-c', procfile.release!], { cwd: app, env, timeoutMs: 30_000 }));
    expectSuccess(release, 'release');
    expect(linesOf(release.stdout).at(-1)).toBe('schema is up to date');

    const port = await freePort();
    const web = await timed('web: start', () => startServer('sh', ['-c', procfile.web!], npmEnv({ ...mariaDbEnv(), PORT: String(port) }), { detached: true }));
    expect(web.port).toBe(port);
    expect(await getJson(port, '/api/products/1')).toMatchObject({ status: 200, body: { id: 1, product_name: 'Plain T-Shirt' } });
    // The key admin:key made works on this server.
    expect((await getJson(port, '/api/categories', adminKey, { category_name: 'Procfile' })).status).toBe(201);

    // Heroku signals every process of the dyno (foreman: of the group), and SIGKILLs them 30 s later.
    const finished = await stop(web, 'SIGTERM', 30_000, true);
    expect({ code: finished.code, signal: finished.signal }).toEqual({ code: 0, signal: null });
    expect(finished.stdout).toMatch(/"msg":"stopped in \d+ ms: answered \d+ request\(s\) after SIGTERM, cut off none"/);
    expect(isAlive(web.pid), 'node outlived the process the platform watches').toBe(false);
    timings.push(`web: stopped ${finished.ms} ms after SIGTERM`);
  }, 60_000);

  it('runs the systemd unit as systemd does: ExecStartPre (twice: harmless), ExecStart with its Environment and EnvironmentFile, and KillSignal stops it with exit 0 within TimeoutStopSec', async () => {
    const unit = parseUnit(await readFile(path.join(app, 'deploy', 'ecommerce-api.service'), 'utf8'));
    const one = (key: string) => {
      const values = unit.get(key) ?? [];
      expect(values, key).toHaveLength(1);
      return values[0]!;
    };
    // What the unit promises, before running it.
    expect(one('User')).not.toMatch(/^(root|0|)$/);
    expect(one('Restart')).toBe('on-failure');
    expect(one('NoNewPrivileges')).toMatch(/^(true|yes|1|on)$/);
    expect(one('KillSignal')).toBe('SIGTERM');
    const workingDirectory = one('WorkingDirectory');
    const environmentFile = one('EnvironmentFile');
    expect(environmentFile).toBe(`${workingDirectory}/.env`);

    // The host's .env, in the copy: the test's database, any free port.
    const here = (file: string) => (file.startsWith(`${workingDirectory}/`) ? path.join(app, file.slice(workingDirectory.length + 1)) : file);
    await writeFile(here(environmentFile), Object.entries({ ...mariaDbEnv(), PORT: '0' }).map(([key, value]) => `${key}=${value}`).join('\n') + '\n');
    const environment = Object.assign({}, ...(unit.get('Environment') ?? []).map(parseAssignments)) as Record<string, string>;
    // systemd: a variable set by both, EnvironmentFile's value wins.
    const env = childEnv({ ...environment, ...parseEnvironmentFile(await readFile(here(environmentFile), 'utf8')) });
    const stopWithin = seconds(one('TimeoutStopSec'));
    expect(stopWithin).toBeGreaterThan(Number(env.SHUTDOWN_TIMEOUT_S ?? 10));

    // `/usr/bin/node dist/server.js`: node is wherever this one is; paths are relative to WorkingDirectory.
    const command = (line: string): [string, string[]] => {
      const [executable, ...args] = line.split(/\s+/);
      expect(path.isAbsolute(executable!), `${line}: systemd needs an absolute path`).toBe(true);
      return [path.basename(executable!) === 'node' ? process.execPath : executable!, args.map(here)];
    };
    const pre = unit.get('ExecStartPre') ?? [];
    expect(pre.length).toBeGreaterThan(0);
    for (const round of [1, 2]) {
      for (const line of pre) {
        const [executable, args] = command(line);
        const result = await timed(`ExecStartPre #${round}`, () => run(executable, args, { cwd: app, env, timeoutMs: 30_000 }));
        expectSuccess(result, `${line} #${round}`);
        expect(linesOf(result.stdout).at(-1)).toBe('schema is up to date');
      }
    }

    const [executable, args] = command(one('ExecStart'));
    const server = await timed('ExecStart: start', () => startServer(executable, args, env));
    expect(server.pid).toBe(server.child.process.pid);
    expect(await getJson(server.port, '/api/products/1')).toMatchObject({ status: 200, body: { id: 1, product_name: 'Plain T-Shirt' } });
    const finished = await stop(server, one('KillSignal') as NodeJS.Signals, stopWithin * 1000);
    expect({ code: finished.code, signal: finished.signal, stderr: finished.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    timings.push(`ExecStart: stopped ${finished.ms} ms after SIGTERM (TimeoutStopSec ${stopWithin} s)`);
    await rm(here(environmentFile));
  }, 60_000);

  it('starts with nothing configured on the SQLite file (sqlite3 survived the prune), logging with LOG_FORMAT=pretty to the last line', async () => {
    expect(existsSync(path.join(app, '.env'))).toBe(false);
    const server = await timed('SQLite start', () => startServer('npm', ['start'], npmEnv({ PORT: '0', LOG_FORMAT: 'pretty' })));
    expect(await getJson(server.port, '/api/products/1')).toMatchObject({ status: 200, body: { id: 1, product_name: 'Plain T-Shirt', category: { category_name: 'Shirts' } } });
    expect(existsSync(path.join(app, 'data', 'ecommerce.sqlite'))).toBe(true);
    const finished = await stop(server, 'SIGTERM', 15_000);
    expect({ code: finished.code, signal: finished.signal, stderr: finished.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    const lines = linesOf(finished.stdout).filter((line) => !line.startsWith('> '));
    // Readable lines, not JSON, down to the one logged just before the exit.
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(lines).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO \(\d+\): listening on http:\/\/localhost:\d+ with SQLite file \.\/data\/ecommerce\.sqlite$/),
      expect.stringMatching(/^\[[\d:.]+\] INFO: new database: loaded the demo catalog/),
    ]));
    expect(lines.filter((line) => /^\[[\d:.]+\] INFO: /.test(line)).at(-1)).toMatch(/INFO: stopped in \d+ ms: answered \d+ request\(s\) after SIGTERM, cut off none$/);
  }, 60_000);

  it('node dist/server.js runs without npm, and without dist/ every command stops with one line saying how to build', async () => {
    const server = await startServer(process.execPath, ['dist/server.js'], childEnv({ ...mariaDbEnv(), PORT: '0' }));
    expect((await getJson(server.port, '/api/products/1')).status).toBe(200);
    expect((await stop(server, 'SIGTERM', 15_000)).code).toBe(0);

    await rename(path.join(app, 'dist'), path.join(app, 'dist-moved'));
    try {
      for (const [script, entry] of [['start', 'dist/server.js'], ['db:migrate', 'dist/cli/db-migrate.js']] as const) {
        const result = await npm(['run', script], npmEnv(mariaDbEnv()), 30_000);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(
          new RegExp(`^error: ${entry.replaceAll('.', '\\.')} is missing and tsup \\(a dev dependency\\) is not installed: run npm run build where the dev dependencies are installed \\(npm ci && npm run build\\), then npm prune --omit=dev\\n(npm error .*\\n)*$`),
        );
      }
    } finally {
      await rename(path.join(app, 'dist-moved'), path.join(app, 'dist'));
    }
  }, 60_000);
});
