import { Money } from '../shared/money.js';
import type { OrderStatus } from './order-status.js';

/** A line keeps the product's name and price as they were when the order was placed. */
export interface OrderLine {
  /** null once the product has been deleted from the catalog; the line itself stays. */
  readonly productId: number | null;
  readonly productName: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly lineTotal: Money;
}

export interface Order {
  /** Random and unguessable: knowing one order's id tells nothing about another's. */
  readonly id: string;
  readonly email: string;
  readonly status: OrderStatus;
  readonly lines: readonly OrderLine[];
  readonly total: Money;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function orderLine(productId: number, productName: string, unitPrice: Money, quantity: number): OrderLine {
  return { productId, productName, unitPrice, quantity, lineTotal: unitPrice.times(quantity) };
}

export function orderTotal(lines: readonly OrderLine[]): Money {
  return lines.reduce((sum, line) => sum.add(line.lineTotal), Money.zero);
}

/**
 * Plain JSON form of an order (money in cents): what the in-memory store keeps and what an
 * idempotency record replays. It carries the amounts as they were written, as an order row
 * does, so a replay reads them back rather than working them out again.
 */
export interface OrderSnapshot {
  id: string;
  email: string;
  status: OrderStatus;
  lines: { productId: number | null; productName: string; unitPriceCents: number; quantity: number; lineTotalCents?: number }[];
  /** Absent (with lineTotalCents) in records written before the amounts were kept: they are worked out then. */
  totalCents?: number;
  createdAt: string;
  updatedAt: string;
}

export function toSnapshot(order: Order): OrderSnapshot {
  return {
    id: order.id,
    email: order.email,
    status: order.status,
    lines: order.lines.map((l) => ({
      productId: l.productId,
      productName: l.productName,
      unitPriceCents: l.unitPrice.cents,
      quantity: l.quantity,
      lineTotalCents: l.lineTotal.cents,
    })),
    totalCents: order.total.cents,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function fromSnapshot(snapshot: OrderSnapshot): Order {
  const lines = snapshot.lines.map((l) => {
    const unitPrice = Money.fromCents(l.unitPriceCents);
    const lineTotal = l.lineTotalCents === undefined ? unitPrice.times(l.quantity) : Money.fromCents(l.lineTotalCents);
    return { productId: l.productId, productName: l.productName, unitPrice, quantity: l.quantity, lineTotal };
  });
  return {
    id: snapshot.id,
    email: snapshot.email,
    status: snapshot.status,
    lines,
    total: snapshot.totalCents === undefined ? orderTotal(lines) : Money.fromCents(snapshot.totalCents),
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  };
}
