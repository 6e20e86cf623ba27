import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRepository } from '../../domain/access/api-key.repository.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 12, minute, 0, 123));
const newKey = (name: string, digest: string) => ({ name, prefix: 'ek_AbCdEf', digest: digest.padEnd(64, '0'), scopes: ['catalog:write', 'orders:read'] as const, createdAt: at(0) });

/** What every ApiKeyRepository must do: run on in-memory and on Sequelize (each database). */
export function apiKeyRepositoryContract(name: string, fresh: () => Promise<ApiKeyRepository>): void {
  describe(`API key repository: ${name}`, () => {
    let keys: ApiKeyRepository;
    beforeEach(async () => {
      keys = await fresh();
    });

    it('stores a key and finds it by its digest only, times to the millisecond', async () => {
      const created = await keys.create(newKey('me', 'a1'));
      expect(created).toEqual({ id: expect.any(Number), name: 'me', prefix: 'ek_AbCdEf', scopes: ['catalog:write', 'orders:read'], createdAt: at(0), lastUsedAt: null, revokedAt: null });
      expect(await keys.findByDigest('a1'.padEnd(64, '0'))).toEqual(created);
      expect(await keys.findByDigest('b2'.padEnd(64, '0'))).toBeNull();
    });

    it('refuses a taken name as DUPLICATE_NAME', async () => {
      await keys.create(newKey('me', 'a1'));
      await expect(keys.create(newKey('me', 'b2'))).rejects.toMatchObject({ code: 'DUPLICATE_NAME', fields: [{ field: 'name' }] });
    });

    it('lists oldest first, revokes once, and keeps the revoked key findable (to refuse it by name)', async () => {
      await keys.create(newKey('first', 'a1'));
      await keys.create(newKey('second', 'b2'));
      expect(await keys.revoke('first', at(5))).toBe(true);
      expect(await keys.revoke('first', at(6))).toBe(false);
      expect(await keys.revoke('nobody', at(6))).toBe(false);
      expect((await keys.list()).map((k) => [k.name, k.revokedAt])).toEqual([['first', at(5)], ['second', null]]);
      expect((await keys.findByDigest('a1'.padEnd(64, '0')))?.revokedAt).toEqual(at(5));
    });

    it('records a use only when the last one is not after notBefore', async () => {
      const { id } = await keys.create(newKey('me', 'a1'));
      const lastUsed = async () => (await keys.list())[0]!.lastUsedAt;
      await keys.recordUse(id, at(1), at(0));
      expect(await lastUsed()).toEqual(at(1));
      await keys.recordUse(id, at(1.5), at(0.5));
      expect(await lastUsed()).toEqual(at(1));
      await keys.recordUse(id, at(2), at(1));
      expect(await lastUsed()).toEqual(at(2));
    });
  });
}
