/**
 * The physical limit of this stack, for `npm run bench` to compare against: node:http and a
 * mysql2 pool, no framework, no ORM, one round trip per request (a flat join; the JSON is built
 * here, which measured about 3x faster than building it with MariaDB's JSON functions), and the
 * same JSON as our API for the same request. Never used by the product.
 *
 * Routes answer 501 for what the baseline does not serve yet (the harness then shows no ratio),
 * so it never answers a different question than our API. One function per route: add a scenario's
 * route next to the others and list it in `routes`.
 *
 * Env: DATABASE_URL (mysql://user:password@host:port/database), PORT (default 0).
 * Prints `baseline listening on http://127.0.0.1:<port>` once it listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import mysql from 'mysql2/promise';

/** Products embedded in a category (our API bounds this list: keep the two equal). */
const EMBEDDED_PRODUCTS_LIMIT = 20;
/** The page size when `limit` is absent, and the largest allowed. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
/** Same as our Sequelize pool (create-sequelize.ts), so the comparison is about the code. */
const POOL_SIZE = 10;
/** The query parameters of GET /api/products. */
const LIST_PARAMETERS = new Set(['limit', 'category_id', 'sort', 'q']);

const pool = mysql.createPool({ uri: requiredEnv('DATABASE_URL'), connectionLimit: POOL_SIZE, charset: 'utf8mb4' });

type Answer = { status: number; body: string };
type Route = { method: string; path: RegExp; handle: (match: RegExpExecArray, query: URLSearchParams) => Promise<Answer> };
type Row = mysql.RowDataPacket;

/**
 * Search keys as the catalog indexes them (domain/catalog/search-words.ts): the lowercase runs of
 * Unicode letters and digits in `q`, cut at 20 characters. A product matches when each key is one
 * of its product_word keys (every 3+ letter prefix of its name's words, shorter words whole): one
 * exact lookup per key in product_word's (word, product_id) primary key.
 */
function searchKeys(q: string): string[] {
  const words = q.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  return [...new Set(words.map((word) => [...word].slice(0, 20).join('')))];
}

/** GET /api/products?limit=n&category_id=c&sort=price&q=words: one page, by id (or price, id). */
async function listProducts(_match: RegExpExecArray, query: URLSearchParams): Promise<Answer> {
  const unsupported = [...query.keys()].filter((key) => !LIST_PARAMETERS.has(key));
  if (unsupported.length > 0) return notInBaseline(`query parameter ${unsupported.join(', ')}`);
  const limit = query.has('limit') ? wholeNumber(query.get('limit')!) : DEFAULT_PAGE;
  if (limit === undefined || limit < 1 || limit > MAX_PAGE) return invalid();
  const where: string[] = [];
  const params: (number | string)[] = [];
  if (query.has('category_id')) {
    const categoryId = wholeNumber(query.get('category_id')!);
    if (categoryId === undefined || categoryId < 1) return invalid();
    where.push('category_id = ?');
    params.push(categoryId);
  }
  const sort = query.get('sort');
  if (sort !== null && sort !== 'price') return notInBaseline(`sort=${sort}`);
  if (query.has('q')) {
    const keys = searchKeys(query.get('q')!);
    if (keys.length === 0) return notInBaseline('q without words');
    for (const key of keys) {
      where.push('id IN (SELECT product_id FROM product_word WHERE word = ?)');
      params.push(key);
    }
  }
  return ok(await products({ where: where.join(' AND '), params, orderBy: sort === 'price' ? ['price', 'id'] : ['id'], limit }));
}

/** GET /api/products/:id */
async function getProduct(match: RegExpExecArray): Promise<Answer> {
  const [product] = await products({ where: 'id = ?', params: [Number(match[1])], orderBy: ['id'], limit: 1 });
  return product ? ok(product) : notFound();
}

/**
 * GET /api/categories/:id: the category, how many products it has (the count the catalog keeps
 * in the row), where to page through them, and its first EMBEDDED_PRODUCTS_LIMIT products by id.
 */
async function getCategory(match: RegExpExecArray): Promise<Answer> {
  const id = Number(match[1]);
  const [rows] = await pool.execute<Row[]>(
    `SELECT c.id AS category_id, c.category_name, c.product_count,
       p.id, p.product_name, p.price, p.stock
     FROM category c LEFT JOIN (
       SELECT id, product_name, price, stock, category_id FROM product WHERE category_id = ? ORDER BY id LIMIT ${EMBEDDED_PRODUCTS_LIMIT}
     ) AS p ON p.category_id = c.id
     WHERE c.id = ? ORDER BY p.id`,
    [id, id],
  );
  const first = rows[0];
  if (!first) return notFound();
  return ok({
    id: first.category_id,
    category_name: first.category_name,
    product_count: Number(first.product_count),
    products_url: `/api/products?category_id=${first.category_id}`,
    products: rows.filter((row) => row.id !== null).map((row) => summary(row)),
  });
}

const routes: readonly Route[] = [
  { method: 'GET', path: /^\/api\/products$/, handle: listProducts },
  { method: 'GET', path: /^\/api\/products\/([1-9]\d{0,9})$/, handle: getProduct },
  { method: 'GET', path: /^\/api\/categories\/([1-9]\d{0,9})$/, handle: getCategory },
];

/**
 * Products as our API presents them (presentProduct), in one query: the page of products in a
 * derived table, joined with its category and tags, one row per product and tag.
 */
async function products(page: { where?: string; params?: (number | string)[]; orderBy: readonly string[]; limit: number }): Promise<object[]> {
  const [rows] = await pool.execute<Row[]>(
    `SELECT p.id, p.product_name, p.price, p.stock, p.category_id, c.category_name, t.id AS tag_id, t.tag_name
     FROM (
       SELECT id, product_name, price, stock, category_id FROM product ${page.where ? `WHERE ${page.where}` : ''}
       ORDER BY ${page.orderBy.join(', ')} LIMIT ${page.limit}
     ) AS p
     LEFT JOIN category c ON c.id = p.category_id
     LEFT JOIN product_tag pt ON pt.product_id = p.id
     LEFT JOIN tag t ON t.id = pt.tag_id
     ORDER BY ${page.orderBy.map((column) => `p.${column}`).join(', ')}, t.id`,
    page.params ?? [],
  );
  const result: (ReturnType<typeof summary> & { category: object | null; tags: object[] })[] = [];
  for (const row of rows) {
    let last = result.at(-1);
    if (last === undefined || last.id !== row.id) {
      const category = row.category_id === null ? null : { id: row.category_id, category_name: row.category_name };
      last = { ...summary(row), category, tags: [] };
      result.push(last);
    }
    if (row.tag_id !== null) last.tags.push({ id: row.tag_id, tag_name: row.tag_name });
  }
  return result;
}

/** presentProductSummary: DECIMAL arrives as "14.99" and leaves as a JSON number. */
function summary(row: Row) {
  return { id: row.id as number, product_name: row.product_name, price: Number(row.price), stock: row.stock, category_id: row.category_id };
}

const ok = (value: unknown): Answer => ({ status: 200, body: JSON.stringify(value) });
const notFound = (): Answer => ({ status: 404, body: '{"code":"NOT_FOUND"}' });
const invalid = (): Answer => ({ status: 400, body: '{"code":"VALIDATION_FAILED"}' });
const wholeNumber = (text: string) => (/^\d{1,10}$/.test(text) ? Number(text) : undefined);

function notInBaseline(what: string): Answer {
  return { status: 501, body: JSON.stringify({ code: 'NOT_IN_BASELINE', detail: `${what} is not in the baseline yet` }) };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://baseline');
  let answer: Answer = { status: 404, body: '{"code":"ROUTE_NOT_FOUND"}' };
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    answer = route.method === req.method ? await route.handle(match, url.searchParams) : notInBaseline(`${req.method} ${url.pathname}`);
    if (route.method === req.method) break;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`error: ${name} is not set\n`);
    process.exit(1);
  }
  return value;
}

const server = createServer((req, res) => {
  // Drain any request body; none of the routes reads one yet.
  req.resume();
  handle(req, res).catch((error: unknown) => {
    process.stderr.write(`baseline: ${error instanceof Error ? error.message : String(error)}\n`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"code":"INTERNAL"}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`baseline listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
const stop = () => {
  server.close(() => void pool.end().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
