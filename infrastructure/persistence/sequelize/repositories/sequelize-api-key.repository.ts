import { Op, UniqueConstraintError } from 'sequelize';
import { DuplicateApiKeyNameError } from '../../../../domain/access/access-errors.js';
import type { ApiKey, NewApiKey } from '../../../../domain/access/api-key.js';
import type { ApiKeyRepository } from '../../../../domain/access/api-key.repository.js';
import { isScope } from '../../../../domain/access/scope.js';
import type { AccessModels, ApiKeyRowModel } from '../models/access.models.js';

export class SequelizeApiKeyRepository implements ApiKeyRepository {
  constructor(private readonly models: AccessModels) {}

  async create(key: NewApiKey): Promise<ApiKey> {
    try {
      const row = await this.models.ApiKey.create({
        name: key.name, prefix: key.prefix, key_digest: key.digest, scopes: key.scopes.join(','), created_at: key.createdAt,
      });
      return toApiKey(row);
    } catch (error) {
      if (error instanceof UniqueConstraintError) throw new DuplicateApiKeyNameError(key.name);
      throw error;
    }
  }

  async findByDigest(digest: string): Promise<ApiKey | null> {
    const row = await this.models.ApiKey.findOne({ where: { key_digest: digest }, useMaster: true });
    return row ? toApiKey(row) : null;
  }

  async list(): Promise<ApiKey[]> {
    return (await this.models.ApiKey.findAll({ order: [['id', 'ASC']], useMaster: true })).map(toApiKey);
  }

  async revoke(name: string, at: Date): Promise<boolean> {
    const [changed] = await this.models.ApiKey.update({ revoked_at: at }, { where: { name, revoked_at: null } });
    return changed > 0;
  }

  async recordUse(id: number, at: Date, notBefore: Date): Promise<void> {
    await this.models.ApiKey.update(
      { last_used_at: at },
      { where: { id, [Op.or]: [{ last_used_at: null }, { last_used_at: { [Op.lte]: notBefore } }] } },
    );
  }
}

function toApiKey(row: ApiKeyRowModel): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(',').filter(isScope),
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at ? new Date(row.last_used_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  };
}
