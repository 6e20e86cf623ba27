import type { Clock } from '../../shared/clock.js';
import type { OrderRepository } from '../../ordering/order.repository.js';
import { UnauthenticatedError } from '../access-errors.js';
import type { ApiKey } from '../api-key.js';
import type { ApiKeyRepository } from '../api-key.repository.js';
import { ANONYMOUS, type Principal } from '../principal.js';
import type { SecretIssuer } from '../secret-issuer.js';

/** How long a key read from the database is trusted: a revoked key stops working within this (under the promised 5 s). */
export const KEY_CACHE_MS = 4_000;
/** Bounds the cache, so a flood of distinct valid keys cannot grow it; there are only ever a few. */
const MAX_CACHED_KEYS = 1_000;

/**
 * Turns a bearer credential into who is calling. No credential is the anonymous caller; one that is
 * malformed, unknown or revoked is refused outright, on every route, so a client learns its key is wrong.
 */
export class Authenticate {
  private readonly cache = new Map<string, { key: ApiKey | null; until: number }>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly orders: OrderRepository,
    private readonly secrets: SecretIssuer,
    private readonly clock: Clock,
  ) {}

  async execute(credential: string | undefined): Promise<Principal> {
    if (credential === undefined) return ANONYMOUS;
    const kind = this.secrets.kindOf(credential);
    if (kind === null) throw new UnauthenticatedError('the credential is malformed: send Authorization: Bearer <API key or order token>');
    const digest = this.secrets.digest(credential);
    if (kind === 'ot') {
      const orderId = await this.orders.findIdByAccessDigest(digest);
      if (orderId === null) throw new UnauthenticatedError('the order token is not valid');
      return { kind: 'customer', orderId };
    }
    const key = await this.findKey(digest);
    if (key === null) throw new UnauthenticatedError('the API key is not valid');
    if (key.revokedAt !== null) throw new UnauthenticatedError('the API key has been revoked');
    return { kind: 'admin', keyId: key.id, keyName: key.name, scopes: key.scopes };
  }

  private async findKey(digest: string): Promise<ApiKey | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(digest);
    if (cached && cached.until > now) return cached.key;
    const key = await this.keys.findByDigest(digest);
    // Unknown keys are not cached: guessing costs a lookup each, and failed attempts are rate-limited.
    if (key === null) return null;
    if (this.cache.size >= MAX_CACHED_KEYS) this.cache.clear();
    this.cache.set(digest, { key, until: now + KEY_CACHE_MS });
    return key;
  }
}
