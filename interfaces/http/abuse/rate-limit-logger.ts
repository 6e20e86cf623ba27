/** The two levels the rate limiter and its stores log at; pino's signature. */
export interface AbuseLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Thrown by a store that cannot reach its backend; the outage has been logged already. */
export class RateLimitStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the rate-limit store is unreachable', { cause });
    this.name = 'RateLimitStoreUnavailableError';
  }
}

/**
 * express-rate-limit's logger (console-style: error first), onto ours. A store failure it
 * reports on every request has been logged once for the outage already, so it is dropped here;
 * its misconfiguration warnings (ERR_ERL_*) are not.
 */
export function rateLimitLogger(logger: AbuseLogger) {
  const forward = (level: 'warn' | 'error') => (error: unknown, message?: string) => {
    if (error instanceof RateLimitStoreUnavailableError) return;
    logger[level]({ err: error }, message ?? (error instanceof Error ? error.message : 'express-rate-limit'));
  };
  return { warn: forward('warn'), error: forward('error') };
}
