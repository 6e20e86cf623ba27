import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { buildBundle, type Bundle } from '../support/build-once.js';
import { testServerSettings } from '../support/test-database.js';
import { childEnv, emptyWorkingDirectory, run, type Finished } from './child-processes.js';

// A startup failure is one line on stderr that says what to fix, and exit code 1: no stack trace.
// The built server runs in an empty directory, so no .env can fill in what a case leaves out.
describe('the built server refuses to start', () => {
  let bundle: Bundle | undefined;
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  const server = testServerSettings();
  const valid = {
    DB_NAME: `ecommerce_test_startup_${randomBytes(6).toString('hex')}`, // never created: no case may reach a real database
    DB_USER: server.user,
    DB_PASSWORD: server.password,
    DB_HOST: server.host,
    DB_PORT: String(server.port),
    PORT: '0',
    LOG_LEVEL: 'info',
  };

  beforeAll(async () => {
    [bundle, cwd] = await Promise.all([buildBundle(), emptyWorkingDirectory()]);
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([bundle?.remove(), cwd?.remove()]);
  });

  const startServer = (env: Record<string, string | undefined>, nodeArgs: string[] = []) =>
    run(process.execPath, [...nodeArgs, bundle!.serverScript], { cwd: cwd!.path, env: childEnv(env), timeoutMs: 20_000 });

  /** Exit code 1, nothing on stdout, and exactly one line on stderr: `error: ...`. */
  function expectOneLineFailure(result: Finished): string {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    return result.stderr;
  }

  it('with DB_USER and the other MySQL keys but without DB_NAME or DATABASE_URL, naming DB_NAME', async () => {
    const message = expectOneLineFailure(await startServer({ ...valid, DB_NAME: undefined, DATABASE_URL: undefined }));
    expect(message).toContain('DB_NAME');
  });

  it('on SQLite, when the sqlite3 driver cannot be loaded (never built), saying how to use MySQL instead', async () => {
    const preload = fileURLToPath(new URL('../support/without-sqlite3.cjs', import.meta.url));
    const result = await startServer({ PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: path.join(cwd!.path, 'never.sqlite') }, ['--require', preload]);
    const message = expectOneLineFailure(result);
    expect(message).toContain('the embedded SQLite database is not available');
    expect(message).toContain("Cannot find module 'sqlite3'");
    expect(message).toContain('set DB_NAME, DB_USER and DB_PASSWORD in .env (or DATABASE_URL)');
    expect(existsSync(path.join(cwd!.path, 'never.sqlite'))).toBe(false);
  });

  it('on SQLite, when SQLITE_PATH cannot be created, naming the file and SQLITE_PATH', async () => {
    await writeFile(path.join(cwd!.path, 'a-file'), '');
    const message = expectOneLineFailure(await startServer({ PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: path.join(cwd!.path, 'a-file', 'shop.sqlite') }));
    expect(message).toContain(path.join(cwd!.path, 'a-file', 'shop.sqlite'));
    expect(message).toContain('SQLITE_PATH');
  });

  it('when nothing listens on DB_PORT past DB_CONNECT_TIMEOUT_S, naming host:port, "connection refused" and the setting', async () => {
    const result = await startServer({ ...valid, DB_PORT: '1', DB_CONNECT_TIMEOUT_S: '1', LOG_LEVEL: 'warn' });
    // Meanwhile it listened (at info, not shown here) and logged each try on stdout.
    const tries = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(tries.length).toBeGreaterThanOrEqual(1);
    for (const line of tries) expect(line.msg).toMatch(/^database not reachable \(try \d+, next in [\d.]+ s\): cannot reach MySQL/);
    const message = expectOneLineFailure({ ...result, stdout: '' });
    expect(message).toContain(`${server.host}:1`);
    expect(message).toContain('connection refused');
    expect(message).toMatch(/gave up after \d+ tries in 1 s; DB_CONNECT_TIMEOUT_S/);
  });

  it('when the database does not exist, telling to run npm run db:create', async () => {
    const database = `ecommerce_test_missing_${randomBytes(6).toString('hex')}`;
    const message = expectOneLineFailure(await startServer({ ...valid, DB_NAME: database }));
    expect(message).toContain(database);
    expect(message).toContain('npm run db:create');
  });

  it('when DB_PORT is not a number, naming DB_PORT', async () => {
    const message = expectOneLineFailure(await startServer({ ...valid, DB_PORT: 'abc' }));
    expect(message).toContain('DB_PORT');
  });

  // MariaDB answers an unknown user with one of two errors, picked by a hash of the name (so that
  // unknown and known users look alike): 1045 ER_ACCESS_DENIED_ERROR or 1698
  // ER_ACCESS_DENIED_NO_PASSWORD_ERROR. The same 1698 is what a root account on unix_socket auth
  // (Debian's default) answers over TCP. Both mean "fix DB_USER/DB_PASSWORD".
  it('when MySQL refuses an unknown user with a wrong password (ER_ACCESS_DENIED_ERROR), naming DB_USER and DB_PASSWORD', async () => {
    const user = await unknownUserAnswered('ER_ACCESS_DENIED_ERROR');
    const message = expectOneLineFailure(await startServer({ ...valid, DB_USER: user, DB_PASSWORD: 'wrong-password' }));
    expect(message).toContain(user);
    expect(message).toContain('DB_USER');
    expect(message).toContain('DB_PASSWORD');
  });

  it('when MySQL refuses an unknown user with ER_ACCESS_DENIED_NO_PASSWORD_ERROR (1698), naming DB_USER and DB_PASSWORD', async () => {
    const user = await unknownUserAnswered('ER_ACCESS_DENIED_NO_PASSWORD_ERROR');
    const message = expectOneLineFailure(await startServer({ ...valid, DB_USER: user, DB_PASSWORD: 'wrong-password' }));
    expect(message).toContain(user);
    expect(message).toContain('DB_USER');
    expect(message).toContain('DB_PASSWORD');
  });

  it('when REDIS_URL names a Redis that cannot be reached, naming REDIS_URL', async () => {
    const sqlite = { PORT: '0', LOG_LEVEL: 'info', SQLITE_PATH: path.join(cwd!.path, 'redis-case.sqlite') };
    const message = expectOneLineFailure(await startServer({ ...sqlite, REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(message).toMatch(/^error: cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\): connect ECONNREFUSED/);
  });

  it('when a CORS origin has a path, naming CORS_ORIGINS', async () => {
    const message = expectOneLineFailure(await startServer({ ...valid, CORS_ORIGINS: 'https://shop.example.com/app' }));
    expect(message).toContain('CORS_ORIGINS: https://shop.example.com/app is not an origin');
  });

  /** The first of a fixed list of user names that do not exist for which the server answers with `code`. */
  async function unknownUserAnswered(code: string): Promise<string> {
    for (let i = 0; i < 64; i++) {
      const user = `ecommerce_test_nobody_${i}`;
      const sequelize = createSequelize({ ...server, database: '', user, password: 'wrong-password' });
      try {
        await sequelize.authenticate();
      } catch (error) {
        if ((error as { original?: { code?: string } }).original?.code === code) return user;
      } finally {
        await sequelize.close();
      }
    }
    throw new Error(`the MySQL server never answered ${code} for an unknown user`);
  }
});
