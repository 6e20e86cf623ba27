import { DuplicateApiKeyNameError } from '../../../domain/access/access-errors.js';
import type { ApiKey, NewApiKey } from '../../../domain/access/api-key.js';
import type { ApiKeyRepository } from '../../../domain/access/api-key.repository.js';
import type { ApiKeyRow, InMemoryDatabase } from './in-memory-database.js';

export class InMemoryApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly db: InMemoryDatabase) {}

  async create(key: NewApiKey): Promise<ApiKey> {
    if (this.rows().some((row) => row.name === key.name)) throw new DuplicateApiKeyNameError(key.name);
    const row: ApiKeyRow = { ...key, scopes: [...key.scopes], id: this.db.state.nextApiKeyId++, lastUsedAt: null, revokedAt: null };
    this.db.state.apiKeys.set(row.id, row);
    return toApiKey(row);
  }

  async findByDigest(digest: string): Promise<ApiKey | null> {
    const row = this.rows().find((candidate) => candidate.digest === digest);
    return row ? toApiKey(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    return this.rows().map(toApiKey);
  }

  async revoke(name: string, at: Date): Promise<boolean> {
    const row = this.rows().find((candidate) => candidate.name === name && candidate.revokedAt === null);
    if (!row) return false;
    row.revokedAt = at;
    return true;
  }

  async recordUse(id: number, at: Date, notBefore: Date): Promise<void> {
    const row = this.db.state.apiKeys.get(id);
    if (row && (row.lastUsedAt === null || row.lastUsedAt <= notBefore)) row.lastUsedAt = at;
  }

  private rows(): ApiKeyRow[] {
    return [...this.db.state.apiKeys.values()].sort((a, b) => a.id - b.id);
  }
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: [...row.scopes], createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt };
}
