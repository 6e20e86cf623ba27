import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { pino } from 'pino';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import { buildContainer } from '../../src/container/build-container.js';
import { TOKENS } from '../../src/container/tokens.js';
import { REPO_ROOT } from '../support/build-once.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/test-database.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, run, type Finished } from './child-processes.js';

// npm run admin:key on each database: create prints the key alone on the last line, list shows
// what a person needs to tell keys apart (never a key), revoke stops the key.
describe.each(DIALECTS)('npm run admin:key on %s', (dialect) => {
  const tsx = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  let db: TestDatabase;
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>>;
  let access: AccessUseCases;
  const adminKey = (...args: string[]): Promise<Finished> =>
    run(tsx, [path.join(REPO_ROOT, 'src', 'cli', 'admin-key.ts'), ...args], { cwd: cwd.path, env: childEnv(databaseEnv(db.settings)), timeoutMs: 30_000 });
  const lastLine = (text: string) => text.trimEnd().split('\n').at(-1)!;

  beforeAll(async () => {
    [db, cwd] = await Promise.all([createTestDatabase({ dialect }), emptyWorkingDirectory()]);
    access = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) }).get<AccessUseCases>(TOKENS.AccessUseCases);
  });

  afterAll(async () => {
    await Promise.allSettled([db?.drop(), cwd?.remove()]);
  });

  let key: string;

  it('create prints the new key alone on the last line of stdout, with every scope by default', async () => {
    const result = await adminKey('create', '--name', 'me');
    expect(result.code, result.stderr).toBe(0);
    key = lastLine(result.stdout);
    expect(key).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
    expect(result.stdout).toContain('catalog:write, orders:read, orders:write, metrics:read');
    expect(await access.authenticate.execute(key)).toMatchObject({ kind: 'admin', keyName: 'me', scopes: ['catalog:write', 'orders:read', 'orders:write', 'metrics:read'] });
  });

  it('create --scopes limits the key; a taken name, an unknown scope or no name stop with exit 1', async () => {
    const reader = await adminKey('create', '--name', 'reader', '--scopes', 'orders:read');
    expect(reader.code, reader.stderr).toBe(0);
    expect(await access.authenticate.execute(lastLine(reader.stdout))).toMatchObject({ scopes: ['orders:read'] });
    for (const args of [['create', '--name', 'me'], ['create', '--name', 'x', '--scopes', 'catalog:read'], ['create'], ['rotate']]) {
      const refused = await adminKey(...args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(refused.stderr, args.join(' ')).toMatch(/^error: /);
      expect(refused.stdout).toBe('');
    }
  });

  it('list shows name, prefix, scopes and times, and no key', async () => {
    const result = await adminKey('list');
    expect(result.code, result.stderr).toBe(0);
    const [header, me, reader] = result.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'PREFIX', 'SCOPES', 'CREATED', 'LAST USED', 'REVOKED']);
    expect(me!.split(/\s{2,}/)).toEqual(['me', `${key.slice(0, 9)}…`, 'catalog:write,orders:read,orders:write,metrics:read', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), expect.any(String), '-']);
    expect(reader).toMatch(/^reader\s/);
    expect(result.stdout).not.toContain(key);
  });

  it('revoke stops the key; revoking it again is an error', async () => {
    const result = await adminKey('revoke', 'me');
    expect(result.code, result.stderr).toBe(0);
    const fresh = buildContainer({ sequelize: db.sequelize, logger: pino({ level: 'silent' }) }).get<AccessUseCases>(TOKENS.AccessUseCases);
    await expect(fresh.authenticate.execute(key)).rejects.toThrow('revoked');
    expect((await adminKey('list')).stdout).toMatch(/\nme\s.*\d{4}-\d\d-\d\dT[\d:.]+Z\n/);
    const again = await adminKey('revoke', 'me');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('does not exist');
  });
}, 120_000);
