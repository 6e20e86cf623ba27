import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, type Bundle } from '../support/build-once.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { childEnv, databaseEnv, emptyWorkingDirectory, start, type Child } from './child-processes.js';

// The bundle tsup builds, not the sources vitest transforms: esbuild emits no decorator metadata,
// so dependency injection that leans on it passes every other test and fails only here.
describe('the built server (dist/server.js)', () => {
  let bundle: Bundle | undefined;
  let db: TestDatabase | undefined;
  let cwd: Awaited<ReturnType<typeof emptyWorkingDirectory>> | undefined;
  let server: Child | undefined;

  beforeAll(async () => {
    [bundle, db, cwd] = await Promise.all([buildBundle(), createTestDatabase({ migrate: false }), emptyWorkingDirectory()]);
  }, 90_000);

  afterAll(async () => {
    server?.kill();
    await server?.exited.catch(() => {});
    await Promise.allSettled([bundle?.remove(), db?.drop(), cwd?.remove()]);
  });

  it('migrates, serves the API, and stops with exit code 0 on SIGTERM', async () => {
    server = start(process.execPath, [bundle!.serverScript], {
      cwd: cwd!.path,
      env: childEnv({ ...databaseEnv(db!.settings), DATABASE_URL: undefined, PORT: '0', LOG_LEVEL: 'info' }),
    });

    const listening = await server.waitForLine((line) => logMessage(line)?.includes('listening on http://localhost:') ?? false, 20_000);
    const port = Number(/listening on http:\/\/localhost:(\d+)/.exec(logMessage(listening)!)?.[1]);
    expect(port).toBeGreaterThan(0);
    const base = `http://localhost:${port}`;

    // Nothing is seeded; the server created the schema itself before listening.
    const empty = await fetch(`${base}/api/categories`);
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual([]);

    const created = await fetch(`${base}/api/categories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category_name: 'Books' }),
    });
    expect(created.status).toBe(201);
    const category = (await created.json()) as { id: number; category_name: string };
    expect(category).toEqual({ id: expect.any(Number), category_name: 'Books' });

    const fetched = await fetch(`${base}/api/categories/${category.id}`);
    expect(fetched.status).toBe(200);
    const books = { id: category.id, category_name: 'Books', product_count: 0, products_url: `/api/products?category_id=${category.id}`, products: [] };
    expect(await fetched.json()).toEqual(books);

    const all = await fetch(`${base}/api/categories`);
    expect(await all.json()).toEqual([books]);

    server.process.kill('SIGTERM');
    const finished = await Promise.race([
      server.exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit within 15 s of SIGTERM')), 15_000)),
    ]);
    expect({ code: finished.code, signal: finished.signal }).toEqual({ code: 0, signal: null });
    expect(finished.stderr).toBe('');
    const messages = finished.stdout.split('\n').map(logMessage);
    expect(messages.some((msg) => msg !== undefined && /^applied \d+ migration\(s\)$/.test(msg))).toBe(true);
    expect(messages).toContain('SIGTERM received: finishing open requests');
  }, 45_000);
});

/** The `msg` of a pino JSON line, or undefined for anything else. */
function logMessage(line: string): string | undefined {
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null && 'msg' in entry && typeof entry.msg === 'string' ? entry.msg : undefined;
  } catch {
    return undefined;
  }
}
