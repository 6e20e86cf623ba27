import { beforeEach, describe, expect, it } from 'vitest';
import type { ProductRepository } from '../../domain/catalog/product.repository.js';
import type { IdempotencyRepository } from '../../domain/ordering/idempotency.repository.js';
import { orderLine, orderTotal, toSnapshot, type Order } from '../../domain/ordering/order.js';
import type { OrderRepository } from '../../domain/ordering/order.repository.js';
import type { StockRepository } from '../../domain/ordering/stock.repository.js';
import { Money } from '../../domain/shared/money.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

export interface OrderingRepositories {
  readonly products: ProductRepository;
  readonly orders: OrderRepository;
  readonly stock: StockRepository;
  readonly keys: IdempotencyRepository;
  readonly unitOfWork: UnitOfWork;
  /** The time the idempotency repository reads. */
  readonly clock: { time: Date };
}

let sequence = 0;
function anOrder(productId: number, overrides: Partial<Order> = {}): Order {
  const lines = [orderLine(productId, 'Plain T-Shirt', Money.fromDecimal('14.99'), 3)];
  const at = new Date(Date.UTC(2026, 10, 26, 12, 0, 0, ++sequence));
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    email: 'ada@example.com',
    status: 'placed',
    lines,
    total: orderTotal(lines),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** A stand-in for an order token's digest: distinct per order, as the real ones are. */
const digestOf = (order: Order) => order.id.replace(/-/g, '').padEnd(64, 'a');
const withDigest = (order: Order) => [order, digestOf(order)] as const;

/** What every implementation of the ordering ports must do: run on in-memory and on Sequelize. */
export function orderingRepositoryContract(name: string, fresh: () => Promise<OrderingRepositories>): void {
  describe(`ordering repositories: ${name}`, () => {
    let repos: OrderingRepositories;
    let shirt: number;
    let hat: number;

    beforeEach(async () => {
      repos = await fresh();
      const fields = { price: Money.fromDecimal('14.99'), stock: 5, categoryId: null };
      shirt = await repos.products.create({ ...fields, name: 'Plain T-Shirt' }, []);
      hat = await repos.products.create({ ...fields, name: 'Hat', price: Money.fromDecimal('22.99') }, []);
    });

    it('stores an order and reads it back exactly: lines, cents, times to the millisecond', async () => {
      const lines = [orderLine(hat, 'Hat', Money.fromDecimal('22.99'), 1), orderLine(shirt, 'Plain T-Shirt', Money.fromDecimal('14.99'), 3)];
      const order = anOrder(shirt, { lines, total: orderTotal(lines) });
      await repos.orders.create(order, digestOf(order));
      const stored = await repos.orders.findById(order.id);
      expect(stored && toSnapshot(stored)).toEqual(toSnapshot(order));
      expect(stored!.total.toDecimal()).toBe('67.96');
      expect(await repos.orders.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('finds an order by the digest of its token, and nothing by another digest', async () => {
      const [mine, other] = [anOrder(shirt), anOrder(shirt)];
      await repos.orders.create(mine, digestOf(mine));
      await repos.orders.create(other, digestOf(other));
      expect(await repos.orders.findIdByAccessDigest(digestOf(mine))).toBe(mine.id);
      expect(await repos.orders.findIdByAccessDigest(digestOf(other))).toBe(other.id);
      expect(await repos.orders.findIdByAccessDigest('f'.repeat(64))).toBeNull();
    });

    it('changes status only from the statuses given, once', async () => {
      const order = anOrder(shirt);
      await repos.orders.create(order, digestOf(order));
      const at = new Date('2026-11-27T00:00:00.000Z');
      expect(await repos.orders.changeStatus(order.id, ['paid'], 'fulfilled', at)).toBe(false);
      expect(await repos.orders.changeStatus(order.id, ['placed', 'paid'], 'cancelled', at)).toBe(true);
      expect(await repos.orders.changeStatus(order.id, ['placed', 'paid'], 'cancelled', at)).toBe(false);
      expect(await repos.orders.findById(order.id)).toMatchObject({ status: 'cancelled', updatedAt: at });
      expect(await repos.orders.changeStatus('00000000-0000-4000-8000-000000000000', ['placed'], 'paid', at)).toBe(false);
    });

    it('lists newest first in pages that neither repeat nor skip, with filters', async () => {
      const created: Order[] = [];
      for (let i = 0; i < 5; i++) {
        const order = anOrder(shirt, { email: i % 2 ? 'b@x.co' : 'a@x.co', status: i === 1 ? 'paid' : 'placed' });
        await repos.orders.create(order, digestOf(order));
        created.push(order);
      }
      const seen: string[] = [];
      let before: number | undefined;
      do {
        const page = await repos.orders.list({}, { limit: 2, before });
        seen.push(...page.orders.map((o) => o.id));
        before = page.nextBefore ?? undefined;
      } while (before !== undefined);
      expect(seen).toEqual(created.map((o) => o.id).reverse());
      expect((await repos.orders.list({ email: 'b@x.co' }, { limit: 10 })).orders.map((o) => o.id)).toEqual([created[3]!.id, created[1]!.id]);
      expect((await repos.orders.list({ status: 'paid' }, { limit: 10 })).orders.map((o) => o.id)).toEqual([created[1]!.id]);
      expect((await repos.orders.list({}, { limit: 5 })).nextBefore).toBeNull();
    });

    it('reads products for sale in id order, skipping missing ones', async () => {
      const products = await repos.stock.lockForSale([hat, 999, shirt]);
      expect(products.map((p) => [p.id, p.name, p.price.toDecimal(), p.stock])).toEqual([
        [shirt, 'Plain T-Shirt', '14.99', 5],
        [hat, 'Hat', '22.99', 5],
      ]);
    });

    it('takes stock only when enough is on hand, and restores it', async () => {
      expect(await repos.stock.take(shirt, 5)).toBe(true);
      expect(await repos.stock.take(shirt, 1)).toBe(false);
      expect(await repos.stock.take(999, 1)).toBe(false);
      await repos.stock.restore(shirt, 2);
      await repos.stock.restore(999, 2);
      expect((await repos.products.findById(shirt))!.stock).toBe(2);
    });

    it('a unit of work that fails takes no stock and writes no order', async () => {
      await expect(
        repos.unitOfWork.run(async () => {
          await repos.stock.take(shirt, 2);
          await repos.orders.create(...withDigest(anOrder(shirt)));
          throw new Error('payment step failed');
        }),
      ).rejects.toThrow('payment step failed');
      expect((await repos.products.findById(shirt))!.stock).toBe(5);
      expect((await repos.orders.list({}, { limit: 10 })).orders).toEqual([]);
    });

    describe('idempotency keys', () => {
      const outcome = () => ({ order: toSnapshot(anOrder(shirt)) });
      const placed = (key: string, request: string) =>
        repos.unitOfWork.run(async () => {
          const claimed = await repos.keys.claim(key, request);
          if (claimed) await repos.keys.complete(key, outcome());
          return claimed;
        });

      it('a new key is free; claimed and completed in a unit of work, it replays to the same request and is a mismatch to another', async () => {
        expect(await repos.keys.find('k1', 'request-a', 60_000)).toEqual({ state: 'free' });
        const result = outcome();
        expect(await repos.unitOfWork.run(async () => {
          const claimed = await repos.keys.claim('k1', 'request-a');
          await repos.keys.complete('k1', result);
          return claimed;
        })).toBe(true);
        expect(await repos.keys.find('k1', 'request-a', 60_000)).toEqual({ state: 'completed', outcome: result });
        expect(await repos.keys.find('k1', 'request-b', 60_000)).toEqual({ state: 'mismatch' });
      });

      it('a claim in a unit of work that fails is rolled back with it: the key is free at once', async () => {
        await expect(
          repos.unitOfWork.run(async () => {
            await repos.keys.claim('k2', 'request-a');
            await repos.keys.complete('k2', outcome());
            throw new Error('the database went away');
          }),
        ).rejects.toThrow('the database went away');
        expect(await repos.keys.find('k2', 'request-a', 60_000)).toEqual({ state: 'free' });
        expect(await placed('k2', 'request-a')).toBe(true);
      });

      it('a key committed by another request since find cannot be claimed again', async () => {
        expect(await placed('k3', 'request-a')).toBe(true);
        expect(await placed('k3', 'request-a')).toBe(false);
      });

      it('a claim committed without an outcome (as older versions left them) is in progress until stale, then free', async () => {
        await repos.unitOfWork.run(() => repos.keys.claim('k4', 'request-a'));
        expect(await repos.keys.find('k4', 'request-a', 60_000)).toEqual({ state: 'in_progress' });
        repos.clock.time = new Date(repos.clock.time.getTime() + 61_000);
        expect(await repos.keys.find('k4', 'request-a', 60_000)).toEqual({ state: 'free' });
        expect(await placed('k4', 'request-a')).toBe(true);
      });
    });
  });
}
