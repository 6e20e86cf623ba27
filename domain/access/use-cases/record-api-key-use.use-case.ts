import type { Clock } from '../../shared/clock.js';
import type { ApiKeyRepository } from '../api-key.repository.js';
import type { Principal } from '../principal.js';

/** last_used_at is for people auditing keys; a minute's precision is enough, and spares a write per request. */
export const LAST_USED_PRECISION_MS = 60_000;

/** Records that an admin key was used for an allowed request, at most once a minute per key. */
export class RecordApiKeyUse {
  private readonly lastWritten = new Map<number, number>();

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(principal: Principal): Promise<void> {
    if (principal.kind !== 'admin') return;
    const now = this.clock.now();
    const last = this.lastWritten.get(principal.keyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_PRECISION_MS) return;
    this.lastWritten.set(principal.keyId, now.getTime());
    await this.keys.recordUse(principal.keyId, now, new Date(now.getTime() - LAST_USED_PRECISION_MS));
  }
}
