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

/** A claim committed without its outcome (by an older version) is abandoned after this long. */
const STALE_CLAIM_MS = 60_000;
/** How often a key committed by a concurrent request between our look and our claim is looked at again. */
const MAX_LOOKS = 3;
/** An order that passed every check, its stock taken, not yet written. */
interface Sale {
  readonly order: Order;
}

/** The claim found the key committed by another request: look again. */
const KEY_TAKEN = Symbol('key taken');
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
    if (key === undefined) return this.counted(() => this.place(request));
    const requestText = JSON.stringify(request);
    for (let look = 1; ; look++) {
      const found = await this.keys.find(key, requestText, STALE_CLAIM_MS);
      if (found.state === 'in_progress') throw new IdempotencyKeyInProgressError();
      if (found.state === 'mismatch') throw new IdempotencyKeyReusedError();
      if (found.state === 'completed') {
        this.metrics.idempotentReplay();
        if ('order' in found.outcome) return { order: fromSnapshot(found.outcome.order), orderToken: found.outcome.orderToken ?? null };
        throw fromErrorRecord(found.outcome.error);
      }
      const placed = await this.counted(() => this.placeClaimed(request, requestText, key));
      if (placed !== KEY_TAKEN) return placed;
      // Another request committed the key between our look and our claim: answer its outcome.
      if (look === MAX_LOOKS) throw new IdempotencyKeyInProgressError();
    }
  }

  /** Counts the outcome once the transaction is over: committed, or refused for want of stock. */
  private async counted<T>(place: () => Promise<T>): Promise<T> {
    try {
      const placed = await place();
      if (placed !== KEY_TAKEN) this.metrics.orderPlaced();
      return placed;
    } catch (error) {
      if (error instanceof InsufficientStockError) this.metrics.stockShortage();
      throw error;
    }
  }

  /**
   * Claim, order and outcome in one transaction. A refusal (no such product, not enough stock),
   * which comes before anything is written, commits the claim with the error, so a retry replays
   * it; any other failure (the database busy or lost) rolls the claim back with the rest, so a
   * retry runs afresh.
   */
  private async placeClaimed(request: OrderRequest, requestText: string, key: string): Promise<PlacedOrder | typeof KEY_TAKEN> {
    const result = await this.unitOfWork.run(async () => {
      if (!(await this.keys.claim(key, requestText))) return KEY_TAKEN;
      let sale: Sale;
      try {
        sale = await this.prepareSale(request);
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind === 'unavailable') throw error;
        await this.keys.complete(key, { error: toErrorRecord(error) });
        return { refused: error };
      }
      const placed = await this.recordSale(sale);
      await this.keys.complete(key, { order: toSnapshot(placed.order), orderToken: placed.orderToken });
      return placed;
    });
    if (result !== KEY_TAKEN && 'refused' in result) throw result.refused;
    return result;
  }

  private place(request: OrderRequest): Promise<PlacedOrder> {
    return this.unitOfWork.run(async () => this.recordSale(await this.prepareSale(request)));
  }

  /** Locks the products, refuses what cannot be sold, and takes the stock: nothing else is written. */
  private async prepareSale(request: OrderRequest): Promise<Sale> {
    const products = await this.stock.lockForSale(request.items.map((item) => item.productId));
    const byId = new Map(products.map((product) => [product.id, product]));
    assertAllExist(request.items, byId);
    assertEnoughStock(request.items, byId);
    const order = this.newOrder(request, byId);
    await this.takeAll(request.items);
    return { order };
  }

  private async recordSale({ order }: Sale): Promise<PlacedOrder & { readonly orderToken: string }> {
    const token = this.secrets.issue('ot');
    await this.orders.create(order, token.digest);
    return { order, orderToken: token.secret };
  }

  /**
   * The lock makes a failed take impossible on one MySQL server; the conditional update is the
   * backstop. What was taken before a failed take is put back, so that a refusal committed with
   * its idempotency key leaves the stock as it was.
   */
  private async takeAll(items: readonly PositionedItem[]): Promise<void> {
    for (const [index, item] of items.entries()) {
      if (!(await this.stock.take(item.productId, item.quantity))) {
        for (const taken of items.slice(0, index)) await this.stock.restore(taken.productId, taken.quantity);
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
