import { DomainError, fromErrorRecord, toErrorRecord, type FieldProblem } from '../../shared/domain-error.js';
import type { SecretIssuer } from '../../access/secret-issuer.js';
import type { Clock } from '../../shared/clock.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { IdempotencyRepository } from '../idempotency.repository.js';
import { fromSnapshot, orderLine, orderTotal, toSnapshot, type Order } from '../order.js';
import type { OrderIdGenerator } from '../order-id-generator.js';
import { validOrderRequest, type OrderItem, type OrderRequest, type PositionedItem } from '../order-request.js';
import type { OrderRepository } from '../order.repository.js';
import { NO_ORDERING_METRICS, type OrderingMetrics } from '../ordering-metrics.js';
import { IdempotencyKeyInProgressError, IdempotencyKeyReusedError, InsufficientStockError, type StockShortage } from '../ordering-errors.js';
import type { StockRepository, StockedProduct } from '../stock.repository.js';

/** A claim not completed within this time belongs to a request that died; it may be taken over. */
const STALE_CLAIM_MS = 60_000;
/** DECIMAL(15,2), the widest amount an order row holds. */
const MAX_TOTAL_CENTS = 999_999_999_999_999;

export interface PlaceOrderInput {
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly idempotencyKey?: string;
}

/** The order, and the token that lets its customer read and cancel it (null only when replaying an order placed before tokens existed). */
export interface PlacedOrder {
  readonly order: Order;
  readonly orderToken: string | null;
}

/**
 * Sells at the catalog's current prices, never more units than are on hand: products are locked
 * in id order, each is taken with a conditional decrement, and the order is written in the same
 * transaction. With an idempotency key, a repeat of the same request replays the first outcome.
 */
export class PlaceOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockRepository,
    private readonly keys: IdempotencyRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly ids: OrderIdGenerator,
    private readonly clock: Clock,
    private readonly secrets: SecretIssuer,
    private readonly metrics: OrderingMetrics = NO_ORDERING_METRICS,
  ) {}

  async execute(input: PlaceOrderInput): Promise<PlacedOrder> {
    const request = validOrderRequest(input.email, input.items);
    const key = input.idempotencyKey;
    if (key === undefined) return this.placeCounted(request);

    const claim = await this.keys.claim(key, JSON.stringify(request), STALE_CLAIM_MS);
    if (claim.state === 'in_progress') throw new IdempotencyKeyInProgressError();
    if (claim.state === 'mismatch') throw new IdempotencyKeyReusedError();
    if (claim.state === 'completed') {
      this.metrics.idempotentReplay();
      if ('order' in claim.outcome) return { order: fromSnapshot(claim.outcome.order), orderToken: claim.outcome.orderToken ?? null };
      throw fromErrorRecord(claim.outcome.error);
    }
    try {
      return await this.placeCounted(request, key);
    } catch (error) {
      // A definite answer is kept for replay; a transient failure frees the key for a retry.
      if (error instanceof DomainError && error.kind !== 'unavailable') await this.keys.complete(key, { error: toErrorRecord(error) });
      else await this.keys.release(key);
      throw error;
    }
  }

  /** Counts the outcome once the transaction is over: committed, or refused for want of stock. */
  private async placeCounted(request: OrderRequest, key?: string): Promise<PlacedOrder> {
    try {
      const placed = await this.place(request, key);
      this.metrics.orderPlaced();
      return placed;
    } catch (error) {
      if (error instanceof InsufficientStockError) this.metrics.stockShortage();
      throw error;
    }
  }

  private place(request: OrderRequest, key?: string): Promise<PlacedOrder> {
    return this.unitOfWork.run(async () => {
      const products = await this.stock.lockForSale(request.items.map((item) => item.productId));
      const byId = new Map(products.map((product) => [product.id, product]));
      assertAllExist(request.items, byId);
      assertEnoughStock(request.items, byId);
      await this.takeAll(request.items);
      const order = this.newOrder(request, byId);
      const token = this.secrets.issue('ot');
      await this.orders.create(order, token.digest);
      if (key !== undefined) await this.keys.complete(key, { order: toSnapshot(order), orderToken: token.secret });
      return { order, orderToken: token.secret };
    });
  }

  /** The lock makes a failed take impossible on MySQL; the conditional update is the backstop. */
  private async takeAll(items: readonly PositionedItem[]): Promise<void> {
    for (const item of items) {
      if (!(await this.stock.take(item.productId, item.quantity))) {
        const [current] = await this.stock.lockForSale([item.productId]);
        throw new InsufficientStockError([{ ...item, requested: item.quantity, available: current?.stock ?? 0 }]);
      }
    }
  }

  private newOrder(request: OrderRequest, products: Map<number, StockedProduct>): Order {
    const lines = request.items.map((item) => {
      const product = products.get(item.productId)!;
      return orderLine(product.id, product.name, product.price, item.quantity);
    });
    const total = orderTotal(lines);
    if (total.cents > MAX_TOTAL_CENTS) throw new DomainError('invalid', 'VALIDATION_FAILED', 'items add up to more than an order can hold', [{ field: 'items', detail: 'the order total is too large' }]);
    const now = this.clock.now();
    return { id: this.ids.next(), email: request.email, status: 'placed', lines, total, createdAt: now, updatedAt: now };
  }
}

function assertAllExist(items: readonly PositionedItem[], products: Map<number, StockedProduct>): void {
  const missing: FieldProblem[] = items.flatMap((item) =>
    products.has(item.productId) ? [] : [{ field: `items/${item.position}/product_id`, detail: `product ${item.productId} does not exist` }],
  );
  if (missing.length > 0) throw new DomainError('invalid', 'MISSING_REFERENCE', missing.map((m) => m.detail).join('; '), missing);
}

function assertEnoughStock(items: readonly PositionedItem[], products: Map<number, StockedProduct>): void {
  const shortages: StockShortage[] = items.flatMap((item) => {
    const available = products.get(item.productId)!.stock;
    return available < item.quantity ? [{ productId: item.productId, position: item.position, requested: item.quantity, available }] : [];
  });
  if (shortages.length > 0) throw new InsufficientStockError(shortages);
}
