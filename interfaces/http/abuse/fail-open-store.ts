import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { RateLimitStoreUnavailableError, type AbuseLogger } from './rate-limit-logger.js';

/** One outage of the shared counter store, logged once when it starts and once when it ends, whichever policy sees it. */
export class StoreOutage {
  private down = false;

  constructor(private readonly logger: AbuseLogger) {}

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn({ err: error }, 'rate-limit store unreachable: requests pass without rate limits until it is back');
  }

  recovered(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({}, 'rate-limit store reachable again: rate limits apply');
  }
}

/**
 * A store that, when its backend fails, reports the outage and throws a marked error, so the
 * limiter (passOnStoreError) lets the request through: a rate-limit outage must not become a
 * 5xx for every client.
 */
export class FailOpenStore implements Store {
  readonly localKeys: boolean;
  readonly prefix?: string;

  constructor(
    private readonly inner: Store,
    private readonly outage: StoreOutage,
  ) {
    this.localKeys = inner.localKeys ?? false;
    this.prefix = inner.prefix;
  }

  init(options: Options): void {
    // A store that cannot even load its scripts fails every increment, which reports the outage.
    void Promise.resolve(this.inner.init?.(options)).catch((error: unknown) => this.outage.failed(error));
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.guard(() => this.inner.increment(key));
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.guard(async () => this.inner.get?.(key));
  }

  async decrement(key: string): Promise<void> {
    await this.guard(async () => this.inner.decrement(key));
  }

  async resetKey(key: string): Promise<void> {
    await this.guard(async () => this.inner.resetKey(key));
  }

  private async guard<T>(operation: () => Promise<T> | T): Promise<T> {
    try {
      const result = await operation();
      this.outage.recovered();
      return result;
    } catch (error) {
      this.outage.failed(error);
      throw new RateLimitStoreUnavailableError(error);
    }
  }
}
