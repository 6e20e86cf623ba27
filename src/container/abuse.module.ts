import { ContainerModule } from 'inversify';
import type { Logger } from 'pino';
import { RedisStore } from 'rate-limit-redis';
import type { RedisConnection } from '../../infrastructure/redis/redis-connection.js';
import type { AbuseSettings } from '../../interfaces/http/abuse/abuse-settings.js';
import { FailOpenStore, StoreOutage } from '../../interfaces/http/abuse/fail-open-store.js';
import { createRateLimiters, type RateLimitPolicy } from '../../interfaces/http/abuse/rate-limits.js';
import { TOKENS } from './tokens.js';

/** Shared rate-limit counters: a Redis connection, and the prefix every key of this deployment starts with. */
export interface RateLimitRedis {
  readonly connection: RedisConnection;
  readonly keyPrefix?: string;
}

const DEFAULT_KEY_PREFIX = 'ecommerce:rl:';

/** CORS, proxy trust and the rate limiters, counting in memory or in Redis. */
export function abuseModule(settings: AbuseSettings, redis: RateLimitRedis | undefined): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.AbuseSettings).toConstantValue(settings);
    bind(TOKENS.RateLimiters)
      .toDynamicValue((ctx) => {
        const logger = ctx.get<Logger>(TOKENS.Logger);
        return createRateLimiters(settings.rateLimits, { logger, ...(redis ? { storeFor: redisStores(redis, new StoreOutage(logger)) } : {}) });
      })
      .inSingletonScope();
  });
}

/** One store per policy, each under its own key prefix, all reporting one outage. */
function redisStores(redis: RateLimitRedis, outage: StoreOutage) {
  const prefix = redis.keyPrefix ?? DEFAULT_KEY_PREFIX;
  return (policy: RateLimitPolicy) =>
    new FailOpenStore(
      new RedisStore({ prefix: `${prefix}${policy}:`, sendCommand: (...args: string[]) => redis.connection.sendCommand(args) as Promise<never> }),
      outage,
    );
}
