import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError, InsufficientStockError } from '../../domain/ordering/ordering-errors.js';
import { IllegalTransitionError } from '../../domain/ordering/order-status.js';
import { NotFoundError, StorageUnavailableError } from '../../domain/shared/domain-error.js';
import { InMemoryOrderRepository } from '../../infrastructure/persistence/in-memory/in-memory-order.repository.js';
import { InMemoryStockRepository } from '../../infrastructure/persistence/in-memory/in-memory-stock.repository.js';
import { Money } from '../../domain/shared/money.js';
import { inMemoryCatalog } from '../support/in-memory-catalog.js';

describe('order use cases', () => {
  let shop: ReturnType<typeof inMemoryCatalog>;
  const stockOf = async (id: number) => (await shop.getProduct.execute(id)).stock;

  beforeEach(async () => {
    shop = inMemoryCatalog();
    await shop.seed();
  });

  it('places an order at catalog prices, exact to the cent, and takes the stock', async () => {
    const { order } = await shop.placeOrder.execute({ email: ' Ada@Example.com ', items: [{ productId: 3, quantity: 1 }, { productId: 1, quantity: 3 }] });
    expect(order).toMatchObject({ email: 'ada@example.com', status: 'placed' });
    expect(order.lines.map((l) => [l.productId, l.productName, l.unitPrice.toDecimal(), l.quantity, l.lineTotal.toDecimal()])).toEqual([
      [1, 'Plain T-Shirt', '14.99', 3, '44.97'],
      [3, 'Branded Baseball Hat', '22.99', 1, '22.99'],
    ]);
    expect(order.total.toDecimal()).toBe('67.96');
    expect([await stockOf(1), await stockOf(3)]).toEqual([11, 11]);
    expect(await shop.getOrder.execute(order.id)).toEqual(order);
  });

  it('keeps past orders as they were when the catalog changes or the product is deleted', async () => {
    const { order } = await shop.placeOrder.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }] });
    await shop.updateProduct.execute({ id: 1, name: 'Renamed', price: Money.fromDecimal('99.00') });
    await shop.deleteProduct.execute(1);
    const line = (await shop.getOrder.execute(order.id)).lines[0]!;
    expect([line.productName, line.unitPrice.toDecimal()]).toEqual(['Plain T-Shirt', '14.99']);
  });

  it('refuses an order short of stock, naming every short product and what is available; nothing is taken', async () => {
    const error = await shop.placeOrder
      .execute({ email: 'a@b.co', items: [{ productId: 2, quantity: 26 }, { productId: 1, quantity: 1 }, { productId: 3, quantity: 13 }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect((error as InsufficientStockError).extensions.shortages).toEqual([
      { product_id: 2, requested: 26, available: 25 },
      { product_id: 3, requested: 13, available: 12 },
    ]);
    expect((error as InsufficientStockError).fields.map((f) => f.field)).toEqual(['items/0/quantity', 'items/2/quantity']);
    expect([await stockOf(1), await stockOf(2), await stockOf(3)]).toEqual([14, 25, 12]);
    expect((await shop.listOrders.execute({ limit: 10 })).orders).toEqual([]);
  });

  it.each([
    [{ email: 'nope', items: [{ productId: 1, quantity: 1 }] }, 'email'],
    [{ email: 'a@b.co', items: [] }, 'items'],
    [{ email: 'a@b.co', items: [{ productId: 1, quantity: 0 }] }, 'items/0/quantity'],
    [{ email: 'a@b.co', items: [{ productId: 1, quantity: 1.5 }] }, 'items/0/quantity'],
    [{ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }, { productId: 1, quantity: 2 }] }, 'items/1/product_id'],
    [{ email: 'a@b.co', items: [{ productId: 2, quantity: 1 }, { productId: 99, quantity: 1 }] }, 'items/1/product_id'],
  ])('rejects %j, pointing at %s', async (input, field) => {
    await expect(shop.placeOrder.execute(input)).rejects.toMatchObject({ kind: 'invalid', fields: [expect.objectContaining({ field })] });
    expect(await stockOf(2)).toBe(25);
  });

  it('moves placed -> paid -> fulfilled, and refuses what the state machine forbids', async () => {
    const { order: { id } } = await shop.placeOrder.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }] });
    await expect(shop.fulfilOrder.execute(id)).rejects.toThrow(IllegalTransitionError);
    shop.clock.time = new Date('2026-11-26T13:00:00.000Z');
    const paid = await shop.payOrder.execute(id);
    expect(paid.status).toBe('paid');
    expect(paid.updatedAt.toISOString()).toBe('2026-11-26T13:00:00.000Z');
    await expect(shop.payOrder.execute(id)).rejects.toThrow('is paid; it cannot become paid');
    expect((await shop.fulfilOrder.execute(id)).status).toBe('fulfilled');
    await expect(shop.cancelOrder.execute(id)).rejects.toThrow(IllegalTransitionError);
    await expect(shop.payOrder.execute('00000000-0000-4000-8000-999999999999')).rejects.toThrow(NotFoundError);
  });

  it('cancelling returns the stock exactly once, however often it is asked', async () => {
    const { order: { id } } = await shop.placeOrder.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 4 }, { productId: 5, quantity: 2 }] });
    expect([await stockOf(1), await stockOf(5)]).toEqual([10, 20]);
    const results = await Promise.all([shop.cancelOrder.execute(id), shop.cancelOrder.execute(id), shop.cancelOrder.execute(id)]);
    expect(results.map((o) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect([await stockOf(1), await stockOf(5)]).toEqual([14, 22]);
    await expect(shop.payOrder.execute(id)).rejects.toThrow(IllegalTransitionError);
  });

  it('a paid order can be cancelled; a deleted product is skipped when stock returns', async () => {
    const { order: { id } } = await shop.placeOrder.execute({ email: 'a@b.co', items: [{ productId: 1, quantity: 1 }, { productId: 2, quantity: 1 }] });
    await shop.payOrder.execute(id);
    await shop.deleteProduct.execute(2);
    expect((await shop.cancelOrder.execute(id)).status).toBe('cancelled');
    expect(await stockOf(1)).toBe(14);
  });

  describe('with an Idempotency-Key', () => {
    const request = { email: 'a@b.co', items: [{ productId: 1, quantity: 2 }], idempotencyKey: 'key-1' };

    it('replays the first order for the same key and body, creating nothing new', async () => {
      const first = await shop.placeOrder.execute(request);
      await shop.payOrder.execute(first.order.id);
      const again = await shop.placeOrder.execute(request);
      expect(again).toEqual(first); // as first answered, even though it has been paid since: the same order token too
      expect(first.orderToken).toMatch(/^ot_/);
      expect(await stockOf(1)).toBe(12);
      expect((await shop.listOrders.execute({ limit: 10 })).orders).toHaveLength(1);
    });

    it('refuses the same key with a different body (422)', async () => {
      await shop.placeOrder.execute(request);
      await expect(shop.placeOrder.execute({ ...request, items: [{ productId: 1, quantity: 3 }] })).rejects.toThrow(IdempotencyKeyReusedError);
    });

    it('replays a refusal too: the same key never sells later what it was refused', async () => {
      const short = { email: 'a@b.co', items: [{ productId: 3, quantity: 13 }], idempotencyKey: 'key-2' };
      await expect(shop.placeOrder.execute(short)).rejects.toThrow(InsufficientStockError);
      await shop.updateProduct.execute({ id: 3, stock: 100 });
      await expect(shop.placeOrder.execute(short)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect(await stockOf(3)).toBe(100);
    });

    it('a request that failed for a transient reason (the database lost) leaves the key free: a retry places the order at once', async () => {
      vi.spyOn(InMemoryOrderRepository.prototype, 'create').mockRejectedValueOnce(new StorageUnavailableError());
      await expect(shop.placeOrder.execute(request)).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
      expect(await stockOf(1)).toBe(14);
      const retried = await shop.placeOrder.execute(request);
      expect(retried.order.lines[0]!.quantity).toBe(2);
      expect(await stockOf(1)).toBe(12);
      expect((await shop.listOrders.execute({ limit: 10 })).orders).toHaveLength(1);
    });

    it('a take refused after others succeeded (another node sold first) puts those back before the refusal is kept for replay', async () => {
      const take = InMemoryStockRepository.prototype.take;
      vi.spyOn(InMemoryStockRepository.prototype, 'take').mockImplementation(async function (this: InMemoryStockRepository, id, quantity) {
        return id === 2 ? false : take.call(this, id, quantity);
      });
      const both = { email: 'a@b.co', items: [{ productId: 1, quantity: 2 }, { productId: 2, quantity: 1 }], idempotencyKey: 'key-3' };
      await expect(shop.placeOrder.execute(both)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      vi.restoreAllMocks();
      expect([await stockOf(1), await stockOf(2)]).toEqual([14, 25]);
      await expect(shop.placeOrder.execute(both)).rejects.toMatchObject({ code: 'INSUFFICIENT_STOCK' });
      expect((await shop.listOrders.execute({ limit: 10 })).orders).toHaveLength(0);
    });

    it('answers 409 while the first request with the key is still running', async () => {
      const [first, second] = await Promise.allSettled([shop.placeOrder.execute(request), shop.placeOrder.execute(request)]);
      expect(first.status).toBe('fulfilled');
      expect(second.status === 'rejected' && second.reason).toBeInstanceOf(IdempotencyKeyInProgressError);
    });
  });

  it('lists orders newest first, a page at a time, filtered by status or email', async () => {
    const placed = [];
    for (const email of ['a@x.co', 'b@x.co', 'a@x.co', 'c@x.co', 'a@x.co']) {
      placed.push((await shop.placeOrder.execute({ email, items: [{ productId: 4, quantity: 1 }] })).order);
    }
    await shop.payOrder.execute(placed[0]!.id);
    const first = await shop.listOrders.execute({ limit: 2 });
    expect(first.orders.map((o) => o.id)).toEqual([placed[4]!.id, placed[3]!.id]);
    const second = await shop.listOrders.execute({ limit: 2, before: first.nextBefore! });
    const third = await shop.listOrders.execute({ limit: 2, before: second.nextBefore! });
    expect([...second.orders, ...third.orders].map((o) => o.id)).toEqual([placed[2]!.id, placed[1]!.id, placed[0]!.id]);
    expect(third.nextBefore).toBeNull();
    expect((await shop.listOrders.execute({ limit: 10, email: 'A@X.CO' })).orders).toHaveLength(3);
    expect((await shop.listOrders.execute({ limit: 10, status: 'paid' })).orders.map((o) => o.id)).toEqual([placed[0]!.id]);
  });
});
