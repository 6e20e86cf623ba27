import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';

/**
 * Counts only what `recordFailure` reports. The limiter's `increment` is a look: it answers
 * the failures so far plus this request, so the limiter blocks once the failures reach the
 * limit, and a burst of requests with good credentials never counts against anyone (as
 * increment-then-decrement would while they are in flight).
 */
export class FailureCountingStore implements Store {
  readonly localKeys: boolean;
  readonly prefix?: string;
  private windowMs = 60_000;

  constructor(private readonly inner: Store) {
    this.localKeys = inner.localKeys ?? false;
    this.prefix = inner.prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
    void this.inner.init?.(options);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = Date.now();
    const counted = await this.inner.get?.(key);
    // An unknown key comes back from Redis as NaN hits and an expiry in the past; an expired
    // window may linger in memory until the next count resets it.
    const live = counted?.resetTime !== undefined && counted.resetTime.getTime() > now && Number.isFinite(counted.totalHits);
    if (!live) return { totalHits: 1, resetTime: new Date(now + this.windowMs) };
    return { totalHits: counted.totalHits + 1, resetTime: counted.resetTime };
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> | ClientRateLimitInfo | undefined {
    return this.inner.get?.(key);
  }

  /** Nothing was counted by `increment`, so there is nothing to take back. */
  decrement(): void {}

  resetKey(key: string): Promise<void> | void {
    return this.inner.resetKey(key);
  }

  /** The request was refused for its credentials: that counts. A store outage is the inner store's to report. */
  async recordFailure(key: string): Promise<void> {
    await Promise.resolve(this.inner.increment(key)).catch(() => {});
  }
}
