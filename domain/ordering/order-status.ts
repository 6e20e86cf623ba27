import { DomainError } from '../shared/domain-error.js';

export const ORDER_STATUSES = ['placed', 'paid', 'fulfilled', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** placed -> paid -> fulfilled, or placed/paid -> cancelled. Nothing leaves fulfilled or cancelled. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  placed: ['paid', 'cancelled'],
  paid: ['fulfilled', 'cancelled'],
  fulfilled: [],
  cancelled: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses an order may be in for it to move to `to`. */
export function statusesAllowing(to: OrderStatus): OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

export class IllegalTransitionError extends DomainError {
  constructor(orderId: string, from: OrderStatus, to: OrderStatus, reason?: string) {
    super('conflict', 'ILLEGAL_TRANSITION', `order ${orderId} is ${from}; ${reason ?? `it cannot become ${to}`}`, [
      { field: 'status', detail: `cannot go from ${from} to ${to}` },
    ]);
  }
}
