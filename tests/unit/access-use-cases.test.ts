import { beforeEach, describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../domain/access/access-errors.js';
import { KEY_CACHE_MS } from '../../domain/access/use-cases/authenticate.use-case.js';
import { inMemoryCatalog } from '../support/in-memory-catalog.js';

describe('access use cases', () => {
  let shop: ReturnType<typeof inMemoryCatalog>;
  const later = (ms: number) => {
    shop.clock.time = new Date(shop.clock.time.getTime() + ms);
  };

  beforeEach(async () => {
    shop = inMemoryCatalog();
    await shop.seed();
  });

  it('creates a key shown once, stored only as a digest, with every scope unless told', async () => {
    const { key, secret } = await shop.access.createKey.execute({ name: 'me' });
    expect(secret).toMatch(/^ek_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'me', prefix: secret.slice(0, 9), scopes: ['catalog:write', 'orders:read', 'orders:write', 'metrics:read'], lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify([...shop.store.state.apiKeys.values()])).not.toContain(secret);
    const narrow = await shop.access.createKey.execute({ name: 'reader', scopes: ['orders:read'] });
    expect(narrow.key.scopes).toEqual(['orders:read']);
  });

  it.each([
    [{ name: '' }, 'name'],
    [{ name: 'has space' }, 'name'],
    [{ name: 'x'.repeat(65) }, 'name'],
    [{ name: 'ok', scopes: ['catalog:read'] }, 'scopes'],
    [{ name: 'ok', scopes: [] }, 'scopes'],
  ])('refuses %j, naming %s', async (input, field) => {
    await expect(shop.access.createKey.execute(input)).rejects.toMatchObject({ kind: 'invalid', fields: [expect.objectContaining({ field })] });
  });

  it('refuses a second key with a taken name, revoked or not', async () => {
    await shop.access.createKey.execute({ name: 'me' });
    await shop.access.revokeKey.execute('me');
    await expect(shop.access.createKey.execute({ name: 'me' })).rejects.toMatchObject({ code: 'DUPLICATE_NAME' });
  });

  it('authenticates a key as the store with its scopes, and no credential as anonymous', async () => {
    const { key, secret } = await shop.access.createKey.execute({ name: 'me', scopes: ['catalog:write'] });
    expect(await shop.access.authenticate.execute(secret)).toEqual({ kind: 'admin', keyId: key.id, keyName: 'me', scopes: ['catalog:write'] });
    expect(await shop.access.authenticate.execute(undefined)).toEqual({ kind: 'anonymous' });
  });

  it.each([['ek_short'], [`ek_${'A'.repeat(43)}`], [`ot_${'A'.repeat(43)}`], ['password'], [`xx_${'A'.repeat(43)}`]])('refuses %s', async (credential) => {
    await expect(shop.access.authenticate.execute(credential)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('authenticates an order token as the customer of that order only', async () => {
    const { order, orderToken } = await shop.placeOrder.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }] });
    expect(await shop.access.authenticate.execute(orderToken!)).toEqual({ kind: 'customer', orderId: order.id });
  });

  it('stops accepting a revoked key within the cache time (under 5 s), at once if it was not cached', async () => {
    const { secret } = await shop.access.createKey.execute({ name: 'me' });
    await shop.access.authenticate.execute(secret);
    await shop.access.revokeKey.execute('me');
    later(KEY_CACHE_MS - 1);
    await expect(shop.access.authenticate.execute(secret)).resolves.toMatchObject({ kind: 'admin' });
    later(1);
    await expect(shop.access.authenticate.execute(secret)).rejects.toThrow('revoked');
    expect(KEY_CACHE_MS).toBeLessThan(5_000);
  });

  it('revoking an unknown or already revoked key is NOT_FOUND', async () => {
    await expect(shop.access.revokeKey.execute('nobody')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await shop.access.createKey.execute({ name: 'me' });
    await shop.access.revokeKey.execute('me');
    await expect(shop.access.revokeKey.execute('me')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records last use at most once a minute', async () => {
    const { secret } = await shop.access.createKey.execute({ name: 'me' });
    const lastUsed = async () => (await shop.access.listKeys.execute())[0]!.lastUsedAt?.toISOString();
    const use = async () => shop.access.recordKeyUse.execute(await shop.access.authenticate.execute(secret));
    await use();
    const first = shop.clock.time.toISOString();
    expect(await lastUsed()).toBe(first);
    later(59_999);
    await use();
    expect(await lastUsed()).toBe(first);
    later(1);
    await use();
    expect(await lastUsed()).toBe(shop.clock.time.toISOString());
  });
});
