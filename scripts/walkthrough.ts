// `npm run walkthrough`: builds the server, starts it on a new SQLite file in an empty folder, walks
// the assignment's acceptance criteria in order with real requests, and writes every request and its
// real answer to docs/walkthrough.md. tests/integration/walkthrough.test.ts regenerates it and fails
// when the committed file differs (ids, tokens and times aside), so it cannot drift from the code.
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const WALKTHROUGH_FILE = path.join(REPO_ROOT, 'docs', 'walkthrough.md');
/** The port the document shows (the default): the server really listens on a free one. */
const SHOWN_PORT = 3001;
/** The headers worth reading in an answer; Date, ETag, X-Request-Id and the security set are left out. */
const SHOWN_HEADERS = ['location', 'content-type', 'link', 'x-total-count', 'allow', 'retry-after'];

interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** Writes the walkthrough of the server built at `serverScript`, and returns it as markdown. */
export async function walkthrough(serverScript: string): Promise<string> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'ecommerce-walkthrough-'));
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port), LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, [serverScript], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  try {
    const logLines = await untilListening(child, out);
    const base = `http://127.0.0.1:${port}`;
    const adminKey = (await readFile(path.join(cwd, 'data', 'admin-api-key'), 'utf8')).trim();
    const md: string[] = [];
    const send = async (title: string, exchange: Exchange, note?: string) => {
      const headers: Record<string, string> = { ...exchange.headers };
      const shownHeaders = { ...headers };
      if (headers.Authorization === 'admin') {
        headers.Authorization = `Bearer ${adminKey}`;
        shownHeaders.Authorization = 'Bearer <the key in data/admin-api-key>';
      }
      if (exchange.body !== undefined) headers['Content-Type'] = shownHeaders['Content-Type'] = 'application/json';
      const res = await fetch(`${base}${exchange.path}`, {
        method: exchange.method,
        headers,
        ...(exchange.body !== undefined ? { body: JSON.stringify(exchange.body) } : {}),
      });
      const text = await res.text();
      const body = text ? (JSON.parse(text) as unknown) : undefined;
      md.push(`### ${title}`, '');
      if (note) md.push(note, '');
      md.push('```http', `${exchange.method} ${exchange.path}`);
      for (const [name, value] of Object.entries(shownHeaders)) md.push(`${name}: ${value}`);
      if (exchange.body !== undefined) md.push('', JSON.stringify(exchange.body, null, 2));
      md.push('```', '', '```http', `HTTP/1.1 ${res.status} ${res.statusText}`);
      for (const name of SHOWN_HEADERS) {
        const value = res.headers.get(name);
        if (value !== null) md.push(`${name}: ${value}`);
      }
      if (body !== undefined) md.push('', JSON.stringify(body, null, 2));
      md.push('```', '');
      return { status: res.status, body: body as Record<string, unknown> };
    };

    md.push(
      '# Walkthrough: the acceptance criteria, against the real server',
      '',
      'Written by `npm run walkthrough` (scripts/walkthrough.ts): it builds the server, starts',
      '`node dist/server.js` in an empty folder (so on a new SQLite file), sends each request below and',
      'records the answer as it came. `tests/integration/walkthrough.test.ts` does it again and fails',
      'when this file differs (order ids, tokens and times aside). Do not edit it by hand.',
      '',
      '## 1. Environment and database',
      '',
      'No `.env` and no `DB_*` variables: the server uses SQLite, at `./data/ecommerce.sqlite`. For MySQL',
      'or MariaDB, put `DB_NAME`, `DB_USER` and `DB_PASSWORD` in `.env` (see `.env.example` and the',
      'README\'s *Start it*). The walkthrough sets only:',
      '',
      '```sh',
      `PORT=${SHOWN_PORT} LOG_LEVEL=info`,
      '```',
      '',
      '## 2. Schema and seed, 3. Start',
      '',
      'On a new SQLite file the server creates the schema (its migrations) and loads the demo data itself;',
      'on MySQL, `npm run db:create` and `npm run db:seed` do it. It also writes an',
      'admin API key beside the file, for the writes below. What it logged, from `node dist/server.js`:',
      '',
      '```text',
      ...logLines,
      '```',
      '',
      '## 4. GET routes: categories, products, tags as JSON',
      '',
    );
    await send('All categories, each with its first products', { method: 'GET', path: '/api/categories' });
    await send('One category', { method: 'GET', path: '/api/categories/1' });
    await send('Products, two a page', { method: 'GET', path: '/api/products?limit=2' }, 'Every list is paged; `Link` names the next page.');
    await send('One product with its category and tags', { method: 'GET', path: '/api/products/1' });
    await send('All tags', { method: 'GET', path: '/api/tags' });
    await send('One tag', { method: 'GET', path: '/api/tags/1' });

    md.push('## 5. POST, PUT and DELETE on each resource', '', 'Writes take the admin key the server wrote to `data/admin-api-key`.', '');
    const admin = { Authorization: 'admin' };
    const category = await send('Create a category', { method: 'POST', path: '/api/categories', headers: admin, body: { category_name: 'Socks' } });
    await send('Rename it', { method: 'PUT', path: `/api/categories/${category.body.id}`, headers: admin, body: { category_name: 'Warm socks' } });
    const tag = await send('Create a tag', { method: 'POST', path: '/api/tags', headers: admin, body: { tag_name: 'wool' } });
    await send('Rename it', { method: 'PUT', path: `/api/tags/${tag.body.id}`, headers: admin, body: { tag_name: 'merino' } });
    const product = await send('Create a product in that category, with that tag', {
      method: 'POST', path: '/api/products', headers: admin,
      body: { product_name: 'Hiking Socks', price: 12.5, stock: 30, category_id: category.body.id, tagIds: [tag.body.id] },
    });
    await send('Change its price and stock', { method: 'PUT', path: `/api/products/${product.body.id}`, headers: admin, body: { price: 11.99, stock: 25 } });
    await send('Delete the product', { method: 'DELETE', path: `/api/products/${product.body.id}`, headers: admin });
    await send('Delete the tag', { method: 'DELETE', path: `/api/tags/${tag.body.id}`, headers: admin });
    await send('Delete the category', { method: 'DELETE', path: `/api/categories/${category.body.id}`, headers: admin });
    await send('The category is gone', { method: 'GET', path: `/api/categories/${category.body.id}` });

    md.push('## 6. An order', '', 'Anyone may order; prices come from the catalog, stock is taken in the same transaction.', '');
    const order = await send('Place an order', {
      method: 'POST', path: '/api/orders', headers: { 'Idempotency-Key': 'walkthrough-order-1' },
      body: { email: 'ada@example.com', items: [{ product_id: 1, quantity: 2 }, { product_id: 3, quantity: 1 }] },
    });
    await send('The customer reads it with its order_token', {
      method: 'GET', path: `/api/orders/${order.body.id}`, headers: { Authorization: `Bearer ${String(order.body.order_token)}` },
    });
    await send('The stock went down', { method: 'GET', path: '/api/products/1' });

    md.push('## 7. A failed order', '', 'More than the stock: refused whole, nothing written.', '');
    await send('Order more than there is', { method: 'POST', path: '/api/orders', body: { email: 'ada@example.com', items: [{ product_id: 1, quantity: 1000 }] } });

    md.push('## 8. A bad request', '', 'Every bad field is named, and nothing is written.', '');
    await send('A product with a bad price and an unknown field', {
      method: 'POST', path: '/api/products', headers: admin, body: { product_name: 'Odd Socks', price: 9.999, colour: 'red' },
    });
    return `${md.join('\n').trimEnd()}\n`;
  } catch (error) {
    throw new Error(`walkthrough failed; server output:\n${out.join('')}`, { cause: error });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    await rm(cwd, { recursive: true, force: true });
  }
}

/** The log messages until "listening", the port shown as the default's. */
function untilListening(child: ReturnType<typeof spawn>, out: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    let pending = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out.push(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const msg = (() => {
          try {
            return (JSON.parse(line) as { msg?: string }).msg;
          } catch {
            return line;
          }
        })();
        if (!msg) continue;
        messages.push(msg.replace(/localhost:\d+/, `localhost:${SHOWN_PORT}`));
        if (msg.startsWith('listening on')) {
          clearTimeout(timer);
          resolve(messages);
        }
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** What may differ between two runs: order ids, order tokens, times. */
export function normaliseWalkthrough(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/ot_[A-Za-z0-9_-]+/g, 'ot_<token>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The same build as npm start: tsup into dist/.
  await promisify(execFile)(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsup'), ['--silent'], { cwd: REPO_ROOT });
  const text = await walkthrough(path.join(REPO_ROOT, 'dist', 'server.js'));
  await writeFile(WALKTHROUGH_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), WALKTHROUGH_FILE)}`);
}
