/** Express's `trust proxy` values this API accepts: off, everything, a hop count, or addresses/CIDRs. */
export type TrustProxy = boolean | number | readonly string[];

/** How many requests a client may make per window; 0 turns the policy off. */
export interface RateLimitSettings {
  readonly perMinute: number;
  readonly ordersPerMinute: number;
  readonly authFailuresPerHour: number;
}

/** What a browser front end may do, and how much any one client may ask. Read from the environment by src/config.ts. */
export interface AbuseSettings {
  /** Exact origins (`https://shop.example.com`) allowed to call the API from a browser; empty means none. */
  readonly corsOrigins: readonly string[];
  readonly trustProxy: TrustProxy;
  readonly rateLimits: RateLimitSettings;
}

/** Every limit off and no cross-origin access: what tests start from unless they turn something on. */
export const OPEN_ABUSE_SETTINGS: AbuseSettings = Object.freeze({
  corsOrigins: Object.freeze([]),
  trustProxy: false,
  rateLimits: Object.freeze({ perMinute: 0, ordersPerMinute: 0, authFailuresPerHour: 0 }),
});
