import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { sendProblem } from '../errors/problem.js';
import type { RateLimitSettings } from './abuse-settings.js';
import { FailureCountingStore } from './failure-counting-store.js';
import { rateLimitLogger, type AbuseLogger } from './rate-limit-logger.js';

export type RateLimitPolicy = 'all' | 'orders' | 'auth-failures';

/** The limiters a policy set produces; a policy set to 0 has none. */
export interface RateLimiters {
  /** Every request, per client. */
  readonly all?: RequestHandler;
  /** POST /api/orders, per client. */
  readonly placeOrder?: RequestHandler;
  /** Requests carrying Authorization, once a client's recent 401s reach the limit. */
  readonly authFailures?: RequestHandler;
}

export interface RateLimitDependencies {
  readonly logger: AbuseLogger;
  /** A new counter store for the policy (shared ones need a key prefix of its own); in memory when absent. */
  readonly storeFor?: (policy: RateLimitPolicy) => Store;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const POLICY_NAMES: Record<RateLimitPolicy, string> = {
  all: 'requests',
  orders: 'orders placed',
  'auth-failures': 'requests with rejected credentials',
};

export function createRateLimiters(settings: RateLimitSettings, deps: RateLimitDependencies): RateLimiters {
  const storeFor = (policy: RateLimitPolicy): Store => deps.storeFor?.(policy) ?? new MemoryStore();
  const keyGenerator = clientKeys(deps.logger);
  const limiter = (policy: RateLimitPolicy, limit: number, windowMs: number, store: Store = storeFor(policy), extra: Partial<Options> = {}) =>
    draft8Limiter(policy, windowMs, {
      windowMs,
      limit,
      keyGenerator,
      passOnStoreError: true,
      logger: rateLimitLogger(deps.logger),
      handler: tooManyRequests(`${limit} ${POLICY_NAMES[policy]} per ${windowMs === HOUR ? 'hour' : 'minute'}`),
      store,
      ...extra,
    });
  const { perMinute, ordersPerMinute, authFailuresPerHour } = settings;
  return {
    ...(perMinute > 0 ? { all: limiter('all', perMinute, MINUTE) } : {}),
    ...(ordersPerMinute > 0 ? { placeOrder: limiter('orders', ordersPerMinute, MINUTE) } : {}),
    ...(authFailuresPerHour > 0
      ? {
          authFailures: authFailureLimiter(storeFor('auth-failures'), (store) =>
            limiter('auth-failures', authFailuresPerHour, HOUR, store, { skip: (req) => !req.headers.authorization }),
          ),
        }
      : {}),
  };
}

/**
 * The client a request is counted under: express-rate-limit's own key (ipKeyGenerator: the
 * address, an IPv6 one by its /56 network, an IPv4-mapped one as IPv4), remembered per address.
 * A server listening on `::` sees IPv4 clients as `::ffff:a.b.c.d`, which ipKeyGenerator parses
 * with ip-address on every call: 20 µs per request, a third of all the access-control middleware
 * cost. A custom keyGenerator skips the library's first-request checks of the proxy setup, so
 * the two that matter here are made on the first request, as it would.
 */
function clientKeys(logger: AbuseLogger): (req: Request) => string {
  const known = new Map<string, string>();
  let checked = false;
  return (req) => {
    if (!checked) {
      checked = true;
      checkProxySetup(req, logger);
    }
    const ip = req.ip ?? '';
    let key = known.get(ip);
    if (key === undefined) {
      key = ipKeyGenerator(ip, 56);
      if (known.size >= MAX_REMEMBERED_CLIENTS) known.clear();
      known.set(ip, key);
    }
    return key;
  };
}

/** express-rate-limit's ERR_ERL_PERMISSIVE_TRUST_PROXY and ERR_ERL_UNEXPECTED_X_FORWARDED_FOR warnings. */
function checkProxySetup(req: Request, logger: AbuseLogger): void {
  const trust: unknown = req.app.get('trust proxy');
  if (trust === true) {
    logger.warn(
      { code: 'ERR_ERL_PERMISSIVE_TRUST_PROXY' },
      "The Express 'trust proxy' setting is true, which allows anyone to trivially bypass IP-based rate limiting.",
    );
  }
  if (req.headers['x-forwarded-for'] && trust === false) {
    logger.warn(
      { code: 'ERR_ERL_UNEXPECTED_X_FORWARDED_FOR' },
      "The 'X-Forwarded-For' header is set but the Express 'trust proxy' setting is false (default): every client behind that proxy is limited as one; set TRUST_PROXY.",
    );
  }
}

/** Bounds the per-client memos: a flood of new addresses just clears them. */
const MAX_REMEMBERED_CLIENTS = 10_000;

/** What express-rate-limit leaves on the request for each policy (requestPropertyName). */
const PROPERTY: Record<RateLimitPolicy, string> = { all: 'rateLimit', orders: 'orderRateLimit', 'auth-failures': 'authFailureLimit' };

interface LimitInfo {
  readonly limit: number;
  readonly remaining: number;
  readonly resetTime?: Date;
  readonly key: string;
}

/**
 * A limiter whose RateLimit and RateLimit-Policy headers (IETF draft 8, named after the policy)
 * we write, exactly as express-rate-limit's `standardHeaders: 'draft-8'` does, and Retry-After on
 * a 429, except that the partition key (the first 12 hex digits of the client key's SHA-256, in
 * base64) is remembered per client: the library hashes it on every request, a fifth of what a
 * limiter costs per request.
 */
function draft8Limiter(policy: RateLimitPolicy, windowMs: number, options: Partial<Options>): RequestHandler {
  const property = PROPERTY[policy];
  const infoOf = (req: Request) => (req as unknown as Record<string, LimitInfo | undefined>)[property];
  const writeHeaders = (req: Request, res: Response) => {
    const info = infoOf(req);
    if (info === undefined || res.headersSent) return;
    res.append('RateLimit', `"${policy}"; r=${info.remaining}; t=${resetSeconds(windowMs, info.resetTime)}`);
    res.append('RateLimit-Policy', `"${policy}"; q=${info.limit}; w=${Math.ceil(windowMs / 1000)}; pk=:${partitionKey(info.key)}:`);
  };
  const refuse = options.handler!;
  const limiter = rateLimit({
    ...options,
    standardHeaders: false,
    legacyHeaders: false,
    requestPropertyName: property,
    handler: (req, res, next, optionsUsed) => {
      writeHeaders(req, res);
      const info = infoOf(req);
      if (info !== undefined && !res.headersSent) res.setHeader('Retry-After', String(resetSeconds(windowMs, info.resetTime)));
      return refuse(req, res, next, optionsUsed);
    },
  });
  // Passed (or skipped, or the store failed: then there is no info and no header): headers, then on.
  return (req, res, next) =>
    limiter(req, res, (error?: unknown) => {
      if (error === undefined) writeHeaders(req, res);
      next(error);
    });
}

/** Seconds until the window ends, as express-rate-limit counts them. */
function resetSeconds(windowMs: number, resetTime: Date | undefined): number {
  return resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000);
}

const partitionKeys = new Map<string, string>();

function partitionKey(key: string): string {
  let known = partitionKeys.get(key);
  if (known === undefined) {
    known = Buffer.from(createHash('sha256').update(key).digest('hex').slice(0, 12)).toString('base64');
    if (partitionKeys.size >= MAX_REMEMBERED_CLIENTS) partitionKeys.clear();
    partitionKeys.set(key, known);
  }
  return known;
}

/**
 * Counts the 401 answers to requests that carried credentials; once they reach the limit, the
 * client's requests with credentials get 429 until the window ends. Anonymous requests are
 * never counted nor refused here: guessing keys must not lock a client out of the shop.
 */
function authFailureLimiter(counters: Store, limiterOver: (store: Store) => RequestHandler): RequestHandler {
  const store = new FailureCountingStore(counters);
  const limiter = limiterOver(store);
  return (req, res, next) => {
    // Anonymous requests (every shopper's catalog GET) go straight on: the limiter would skip
    // them too, but only after its async round trip (about 3 µs per request).
    if (!req.headers.authorization) return next();
    res.once('finish', () => {
      const key = (req as unknown as Record<string, LimitInfo | undefined>)[PROPERTY['auth-failures']]?.key;
      if (res.statusCode === 401 && key !== undefined) void store.recordFailure(key);
    });
    return limiter(req, res, next);
  };
}

function tooManyRequests(policy: string) {
  return (_req: Request, res: Response) => {
    const seconds = Number(res.getHeader('Retry-After'));
    sendProblem(res, {
      status: 429,
      title: 'Too many requests',
      detail: `this client went over the limit of ${policy}; try again in ${Number.isFinite(seconds) ? seconds : 60} seconds (see Retry-After)`,
      code: 'RATE_LIMITED',
    });
  };
}
