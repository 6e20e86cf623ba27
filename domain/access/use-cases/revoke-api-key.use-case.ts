import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/domain-error.js';
import type { ApiKeyRepository } from '../api-key.repository.js';

/** A revoked key stops working within Authenticate's cache time; its row stays, for the record. */
export class RevokeApiKey {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute(name: string): Promise<void> {
    if (!(await this.keys.revoke(name, this.clock.now()))) throw new NotFoundError('active API key', name);
  }
}
