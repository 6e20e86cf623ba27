import type { Order } from '../../../domain/ordering/order.js';

/** Whitelists an order's fields; amounts leave as JSON numbers with at most two decimals. */
export function presentOrder(order: Order) {
  return {
    id: order.id,
    email: order.email,
    status: order.status,
    total: Number(order.total.toDecimal()),
    items: order.lines.map((line) => ({
      product_id: line.productId,
      product_name: line.productName,
      unit_price: Number(line.unitPrice.toDecimal()),
      quantity: line.quantity,
      line_total: Number(line.lineTotal.toDecimal()),
    })),
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}
