import type { SecretIssuer } from '../../access/secret-issuer.js';
import type { Clock } from '../../shared/clock.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { IdempotencyRepository } from '../idempotency.repository.js';
import type { OrderIdGenerator } from '../order-id-generator.js';
import type { OrderRepository } from '../order.repository.js';
import type { OrderingMetrics } from '../ordering-metrics.js';
import type { StockRepository } from '../stock.repository.js';
import { AdvanceOrder } from './advance-order.use-case.js';
import { CancelOrder } from './cancel-order.use-case.js';
import { GetOrder } from './get-order.use-case.js';
import { ListOrders } from './list-orders.use-case.js';
import { PlaceOrder } from './place-order.use-case.js';

export interface OrderingPorts {
  readonly orders: OrderRepository;
  readonly stock: StockRepository;
  readonly idempotencyKeys: IdempotencyRepository;
  readonly unitOfWork: UnitOfWork;
  readonly orderIds: OrderIdGenerator;
  readonly clock: Clock;
  readonly secrets: SecretIssuer;
  /** What checkout counts for monitoring; nothing is counted without it. */
  readonly metrics?: OrderingMetrics;
}

export interface OrderingUseCases {
  readonly place: PlaceOrder;
  readonly get: GetOrder;
  readonly list: ListOrders;
  readonly pay: AdvanceOrder;
  readonly fulfil: AdvanceOrder;
  readonly cancel: CancelOrder;
}

/** The ordering module's use cases, built once from its ports (the container and the tests both call this). */
export function orderingUseCases(ports: OrderingPorts): OrderingUseCases {
  const { orders, stock, unitOfWork, clock } = ports;
  return {
    place: new PlaceOrder(orders, stock, ports.idempotencyKeys, unitOfWork, ports.orderIds, clock, ports.secrets, ports.metrics),
    get: new GetOrder(orders),
    list: new ListOrders(orders),
    pay: new AdvanceOrder(orders, clock, 'paid'),
    fulfil: new AdvanceOrder(orders, clock, 'fulfilled'),
    cancel: new CancelOrder(orders, stock, unitOfWork, clock),
  };
}
