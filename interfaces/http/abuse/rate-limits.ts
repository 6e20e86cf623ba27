import type { Request, RequestHandler, Response } from 'express';
import { MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
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
  const options = (policy: RateLimitPolicy, limit: number, windowMs: number, store: Store = storeFor(policy)): Partial<Options> => ({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Names the policy in RateLimit and RateLimit-Policy, so two policies on one answer stay apart.
    identifier: policy,
    passOnStoreError: true,
    logger: rateLimitLogger(deps.logger),
    handler: tooManyRequests(`${limit} ${POLICY_NAMES[policy]} per ${windowMs === HOUR ? 'hour' : 'minute'}`),
    store,
  });
  const { perMinute, ordersPerMinute, authFailuresPerHour } = settings;
  return {
    ...(perMinute > 0 ? { all: rateLimit(options('all', perMinute, MINUTE)) } : {}),
    ...(ordersPerMinute > 0 ? { placeOrder: rateLimit(options('orders', ordersPerMinute, MINUTE)) } : {}),
    ...(authFailuresPerHour > 0 ? { authFailures: authFailureLimiter(storeFor('auth-failures'), (store) => options('auth-failures', authFailuresPerHour, HOUR, store)) } : {}),
  };
}

/**
 * Counts the 401 answers to requests that carried credentials; once they reach the limit, the
 * client's requests with credentials get 429 until the window ends. Anonymous requests are
 * never counted nor refused here: guessing keys must not lock a client out of the shop.
 */
function authFailureLimiter(counters: Store, options: (store: Store) => Partial<Options>): RequestHandler {
  const store = new FailureCountingStore(counters);
  const limiter = rateLimit({ ...options(store), requestPropertyName: 'authFailureLimit', skip: (req) => !req.headers.authorization });
  return (req, res, next) => {
    if (req.headers.authorization) {
      res.once('finish', () => {
        const key = (req as Request & { authFailureLimit?: { key: string } }).authFailureLimit?.key;
        if (res.statusCode === 401 && key !== undefined) void store.recordFailure(key);
      });
    }
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
