import type { Order, OrderLine } from '../../../domain/ordering/order.js';
import type { OrderStatus } from '../../../domain/ordering/order-status.js';
import { moneyFromColumn } from './decimal-column.js';
import type { OrderLineRow, OrderRow } from './models/ordering.models.js';

const money = (value: string | number) => moneyFromColumn(value, 'amount');

export function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    email: row.email,
    status: row.status as OrderStatus,
    lines: [...(row.lines ?? [])].sort((a, b) => a.id - b.id).map(toOrderLine),
    total: money(row.total),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function toOrderLine(row: OrderLineRow): OrderLine {
  return {
    productId: row.product_id,
    productName: row.product_name,
    unitPrice: money(row.unit_price),
    quantity: row.quantity,
    lineTotal: money(row.line_total),
  };
}

export function toOrderColumns(order: Order) {
  return {
    id: order.id,
    email: order.email,
    status: order.status,
    total: order.total.toDecimal(),
    created_at: order.createdAt,
    updated_at: order.updatedAt,
  };
}

export function toOrderLineColumns(orderSeq: number, line: OrderLine) {
  return {
    order_seq: orderSeq,
    product_id: line.productId,
    product_name: line.productName,
    unit_price: line.unitPrice.toDecimal(),
    quantity: line.quantity,
    line_total: line.lineTotal.toDecimal(),
  };
}
