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

/** Plain JSON form of an order (money in cents), for storing a response to replay. */
export interface OrderSnapshot {
  id: string;
  email: string;
  status: OrderStatus;
  lines: { productId: number | null; productName: string; unitPriceCents: number; quantity: number }[];
  createdAt: string;
  updatedAt: string;
}

export function toSnapshot(order: Order): OrderSnapshot {
  return {
    id: order.id,
    email: order.email,
    status: order.status,
    lines: order.lines.map((l) => ({ productId: l.productId, productName: l.productName, unitPriceCents: l.unitPrice.cents, quantity: l.quantity })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

export function fromSnapshot(snapshot: OrderSnapshot): Order {
  const lines = snapshot.lines.map((l) => ({
    productId: l.productId,
    productName: l.productName,
    unitPrice: Money.fromCents(l.unitPriceCents),
    quantity: l.quantity,
    lineTotal: Money.fromCents(l.unitPriceCents).times(l.quantity),
  }));
  return {
    id: snapshot.id,
    email: snapshot.email,
    status: snapshot.status,
    lines,
    total: orderTotal(lines),
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  };
}
