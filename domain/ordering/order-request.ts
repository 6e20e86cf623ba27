import { DomainError, InvalidInputError, type FieldProblem } from '../shared/domain-error.js';
import { MAX_STOCK } from '../catalog/product.js';

export const MAX_ORDER_ITEMS = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface OrderItem {
  readonly productId: number;
  readonly quantity: number;
}

/** An item with its place in the request as sent, so errors can point at it. */
export interface PositionedItem extends OrderItem {
  readonly position: number;
}

/** A checked order request: email normalised, one item per product, items in product-id order. */
export interface OrderRequest {
  readonly email: string;
  readonly items: readonly PositionedItem[];
}

export function validOrderRequest(email: string, items: readonly OrderItem[]): OrderRequest {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !EMAIL.test(normalised)) throw new InvalidInputError('email', 'must be an email address');
  if (items.length === 0) throw new InvalidInputError('items', 'must hold at least one item');
  if (items.length > MAX_ORDER_ITEMS) throw new InvalidInputError('items', `must hold at most ${MAX_ORDER_ITEMS} items`);
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  items.forEach((item, index) => {
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_STOCK) {
      problems.push({ field: `items/${index}/quantity`, detail: `must be an integer from 1 to ${MAX_STOCK}` });
    }
    if (seen.has(item.productId)) problems.push({ field: `items/${index}/product_id`, detail: `repeats product ${item.productId}` });
    seen.add(item.productId);
  });
  if (problems.length > 0) {
    throw new DomainError('invalid', 'VALIDATION_FAILED', problems.map((p) => `${p.field} ${p.detail}`).join('; '), problems);
  }
  const positioned = items.map((item, position) => ({ productId: item.productId, quantity: item.quantity, position }));
  return { email: normalised, items: positioned.sort((a, b) => a.productId - b.productId) };
}
