/**
 * The floor any Express app pays, for `npm run bench` to compare our server against: a bare
 * Express 5 app (its defaults, no middleware at all: no helmet, logging, metrics, request ids,
 * authentication, rate limits, CORS, compression, body parser) that runs the same SQL as our API
 * and answers the same JSON. Never used by the product.
 *
 * Why it is built from our own container rather than written as SQL here (as the node:http
 * baseline is): the question it answers is "what do our middleware and our route table cost on
 * top of Express?", so everything below the HTTP layer must be literally ours. It opens the
 * database as the server does (loadConfig, createSequelize: the same pool), builds the container
 * (the same repositories, queries and use cases) and presents with our presenters; only the
 * HTTP layer differs: one plain handler per catalog GET the bench drives, which reads its few
 * parameters by hand (no zod), calls the use case and `res.json`s the presented value. So the
 * ratio ours/floor is our middleware, our request validation, our paging headers and our Express
 * settings (strong ETag) over Express's own cost; the SQL, the ORM and the JSON are on both sides.
 *
 * Express's defaults stay on (X-Powered-By, weak ETag, the simple query parser): they are what an
 * Express app pays before it decides anything. Parameters the bench does not send answer 501, so
 * the floor never answers a different question than our API.
 *
 * Built by the harness with esbuild (like dist/server.js, no TypeScript loader in the process, so
 * RSS compares like with like). Env: as our server (DATABASE_URL or DB_*), PORT (default 0).
 * Prints `floor listening on http://127.0.0.1:<port>` once it listens.
 */
import 'reflect-metadata';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { searchKey, searchWords } from '../domain/catalog/search-words.js';
import { NotFoundError } from '../domain/shared/domain-error.js';
import type { CatalogUseCases } from '../domain/catalog/use-cases/catalog-use-cases.js';
import { presentCategory, presentProduct, withPresentedProducts } from '../interfaces/http/catalog/catalog.presenters.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../interfaces/http/paging.js';
import { buildContainer } from '../src/container/build-container.js';
import { TOKENS } from '../src/container/tokens.js';
import { createLogger } from '../src/logger.js';
import { exitWith, loadConfigOrExit, openDatabase } from '../src/startup.js';

const config = loadConfigOrExit();
const { sequelize } = await openDatabase(config, undefined, { keepOneConnection: true }).catch(exitWith);
const container = buildContainer({ sequelize, logger: createLogger('silent') });
const { products, categories } = container.get<CatalogUseCases>(TOKENS.CatalogUseCases);
const presentCategoryDetails = withPresentedProducts(presentCategory, 'category_id');

const LIST_PARAMETERS = new Set(['limit', 'category_id', 'sort', 'q']);
const wholeNumber = (value: unknown) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : undefined);

const app = express();

app.get('/api/products/:id', async (req, res) => {
  const id = wholeNumber(req.params.id);
  if (id === undefined || id < 1) return void res.status(400).json({ code: 'VALIDATION_FAILED' });
  res.json(presentProduct(await products.get.execute(id)));
});

app.get('/api/products', async (req, res) => {
  const query = req.query as Record<string, unknown>;
  const unsupported = Object.keys(query).filter((key) => !LIST_PARAMETERS.has(key));
  if (unsupported.length > 0) return void notInFloor(res, `query parameter ${unsupported.join(', ')}`);
  const limit = query.limit === undefined ? DEFAULT_PAGE_SIZE : wholeNumber(query.limit);
  const categoryId = query.category_id === undefined ? undefined : wholeNumber(query.category_id);
  if (limit === undefined || limit < 1 || limit > MAX_PAGE_SIZE || categoryId === 0 || (query.category_id !== undefined && categoryId === undefined)) {
    return void res.status(400).json({ code: 'VALIDATION_FAILED' });
  }
  if (query.sort !== undefined && query.sort !== 'price') return void notInFloor(res, `sort=${String(query.sort)}`);
  const searchKeys = typeof query.q === 'string' ? [...new Set(searchWords(query.q).map(searchKey))] : undefined;
  if (searchKeys?.length === 0) return void notInFloor(res, 'q without words');
  const page = await products.list.execute({
    filter: { categoryId, searchKeys },
    sort: query.sort === 'price' ? 'price' : 'id',
    limit,
  });
  res.json(page.products.map(presentProduct));
});

app.get('/api/categories/:id', async (req, res) => {
  const id = wholeNumber(req.params.id);
  if (id === undefined || id < 1) return void res.status(400).json({ code: 'VALIDATION_FAILED' });
  res.json(presentCategoryDetails(await categories.get.execute(id)));
});

// Our server's readiness probe path, so the harness can start this one the same way.
app.get('/api/openapi.json', (_req, res) => void res.json({}));

app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  if (error instanceof NotFoundError) return void res.status(404).json({ code: 'NOT_FOUND' });
  process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
  res.status(500).json({ code: 'INTERNAL' });
});

function notInFloor(res: Response, what: string): void {
  res.status(501).json({ code: 'NOT_IN_FLOOR', detail: `${what} is not in the floor server` });
}

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`floor listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
const stop = () => {
  server.close(() => void sequelize.close().then(() => process.exit(0)));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
