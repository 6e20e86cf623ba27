/**
 * npx tsx bench/middleware-cost.ts [--iterations 20000] [--rounds 5] [--json] [--only WORD]
 *
 * --only keeps the bare app and the pieces whose names contain WORD ("rate limit", "CORS"), e.g.
 * to profile one: node --cpu-prof --import tsx bench/middleware-cost.ts --only "every request".
 *
 * CPU time per request of each piece of access-control middleware, in-process: the same catalog
 * GET (GET /api/products/3 from a browser origin, no Authorization) run through a small Express
 * app with and without the piece, with real IncomingMessage/ServerResponse objects, to the point
 * where the route's handler is reached. Variants are run interleaved, round after round, and
 * the median of the rounds is reported, minus the bare app's.
 *
 * `npm run bench` runs this for authentication + authorization, which cannot be switched off in
 * the server (no setting turns authentication off, on purpose), so the end-to-end comparison
 * cannot see them; CORS and the rate limiters are also measured here, as a cross-check of the
 * end-to-end figures and to tell which piece costs what when profiling.
 */
import http from 'node:http';
import net from 'node:net';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import express, { type Express, type RequestHandler } from 'express';
import { median } from './report.js';
import { accessUseCases } from '../domain/access/use-cases/access-use-cases.js';
import { InMemoryApiKeyRepository } from '../infrastructure/persistence/in-memory/in-memory-api-key.repository.js';
import { InMemoryDatabase } from '../infrastructure/persistence/in-memory/in-memory-database.js';
import { InMemoryOrderRepository } from '../infrastructure/persistence/in-memory/in-memory-order.repository.js';
import { Sha256SecretIssuer } from '../infrastructure/system/sha256-secret-issuer.js';
import { SystemClock } from '../infrastructure/system/system-clock.js';
import { corsPolicy } from '../interfaces/http/abuse/cors-policy.js';
import { createRateLimiters } from '../interfaces/http/abuse/rate-limits.js';
import { authenticate } from '../interfaces/http/auth/authenticate.js';
import { authorize } from '../interfaces/http/auth/authorize.js';
import { BENCH_ORIGIN } from './scenarios.js';

const PATH = '/api/products/:id';
const URL_PATH = '/api/products/3';
/** Limits that are never reached: the limiter does all its work and never refuses. */
const NEVER = 100_000_000;

export type Piece = 'authentication + authorization' | 'CORS (allowed origin)' | 'rate limit, every request (memory)' | 'rate limit, failed credentials (memory)' | 'all of them';

export interface MiddlewareCost {
  /** CPU microseconds per request of the bare app (routing to the handler). */
  readonly bareMicros: number;
  /** CPU microseconds per request each piece adds to it. */
  readonly added: Readonly<Record<Piece, number>>;
  readonly iterations: number;
  readonly rounds: number;
}

/** One Express app per variant, set up as createApp sets it up, the pieces in createApp's order. */
function apps(): Record<'bare' | Piece, Express> {
  const db = new InMemoryDatabase();
  const access = accessUseCases({
    apiKeys: new InMemoryApiKeyRepository(db),
    orders: new InMemoryOrderRepository(db),
    secrets: new Sha256SecretIssuer(),
    clock: new SystemClock(),
  });
  const silent = { warn() {}, error() {}, info() {} };
  const limiters = () => createRateLimiters({ perMinute: NEVER, ordersPerMinute: NEVER, authFailuresPerHour: NEVER }, { logger: silent });
  const build = (before: RequestHandler[], route: RequestHandler[]): Express => {
    const app = express();
    app.disable('x-powered-by');
    app.set('query parser', 'simple');
    app.set('trust proxy', false);
    for (const handler of before) app.use(handler);
    app.get(PATH, ...route, reached);
    return app;
  };
  const auth = () => authenticate(access.authenticate);
  const authz = () => authorize('public', access.recordKeyUse);
  const all = limiters();
  return {
    bare: build([], []),
    'authentication + authorization': build([auth()], [authz()]),
    'CORS (allowed origin)': build([corsPolicy([BENCH_ORIGIN])], []),
    'rate limit, every request (memory)': build([limiters().all!], []),
    'rate limit, failed credentials (memory)': build([limiters().authFailures!], []),
    'all of them': build([corsPolicy([BENCH_ORIGIN]), all.all!, all.authFailures!, auth()], [authz()]),
  };
}

let onReached: (() => void) | undefined;
const reached: RequestHandler = () => onReached!();

// One client connection, as under autocannon; the rate limiters key on its address, which is
// IPv4-mapped: the server listens on `::`, so that is how it sees an IPv4 client.
const socket = new net.Socket();
Object.defineProperty(socket, 'remoteAddress', { value: '::ffff:127.0.0.1' });

function once(app: Express): Promise<void> {
  const req = new http.IncomingMessage(socket);
  req.method = 'GET';
  req.url = URL_PATH;
  req.headers = { host: '127.0.0.1:3001', origin: BENCH_ORIGIN, accept: '*/*', 'user-agent': 'middleware-cost' };
  const res = new http.ServerResponse(req);
  return new Promise((resolve, reject) => {
    onReached = resolve;
    // Express's app is a plain (req, res, next) listener; its types want its own request type.
    (app as unknown as (req: http.IncomingMessage, res: http.ServerResponse, next: (error?: unknown) => void) => void)(req, res, (error?: unknown) => reject(error instanceof Error ? error : new Error(`the request never reached its handler (${String(error)})`)));
  });
}

/** CPU microseconds per request of `iterations` requests in a row. */
async function cpuPerRequest(app: Express, iterations: number): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await once(app);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / iterations;
}


export async function measureMiddlewareCost(options: { iterations: number; rounds: number; only?: string }): Promise<MiddlewareCost> {
  const variants = (Object.entries(apps()) as [keyof ReturnType<typeof apps>, Express][]).filter(
    ([name]) => name === 'bare' || options.only === undefined || name.toLowerCase().includes(options.only.toLowerCase()),
  );
  // Warm-up: the JIT and each limiter's one-time checks (express-rate-limit validates its first request).
  for (const [, app] of variants) await cpuPerRequest(app, Math.ceil(options.iterations / 4));
  const samples = new Map(variants.map(([name]) => [name, [] as number[]]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, app] of variants) samples.get(name)!.push(await cpuPerRequest(app, options.iterations));
  }
  const bareMicros = median(samples.get('bare')!);
  const added = Object.fromEntries(
    variants.filter(([name]) => name !== 'bare').map(([name]) => [name, median(samples.get(name)!) - bareMicros]),
  ) as Record<Piece, number>;
  return { bareMicros, added, iterations: options.iterations, rounds: options.rounds };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const cost = await measureMiddlewareCost({ iterations: Number(values.iterations), rounds: Number(values.rounds), ...(values.only ? { only: values.only } : {}) });
  if (values.json) {
    console.log(JSON.stringify(cost));
  } else {
    console.log(`bare app, to the route's handler: ${cost.bareMicros.toFixed(1)} µs CPU per request (median of ${cost.rounds} rounds of ${cost.iterations})`);
    for (const [piece, micros] of Object.entries(cost.added)) console.log(`  + ${piece}: ${micros.toFixed(1)} µs`);
  }
}
