import { ContainerModule, type ResolutionContext } from 'inversify';
import type { IdempotencyRepository } from '../../domain/ordering/idempotency.repository.js';
import type { OrderIdGenerator } from '../../domain/ordering/order-id-generator.js';
import type { OrderingMetrics } from '../../domain/ordering/ordering-metrics.js';
import type { OrderRepository } from '../../domain/ordering/order.repository.js';
import type { StockRepository } from '../../domain/ordering/stock.repository.js';
import { AdvanceOrder } from '../../domain/ordering/use-cases/advance-order.use-case.js';
import { CancelOrder } from '../../domain/ordering/use-cases/cancel-order.use-case.js';
import { GetOrder } from '../../domain/ordering/use-cases/get-order.use-case.js';
import { ListOrders } from '../../domain/ordering/use-cases/list-orders.use-case.js';
import { PlaceOrder } from '../../domain/ordering/use-cases/place-order.use-case.js';
import type { SecretIssuer } from '../../domain/access/secret-issuer.js';
import type { Clock } from '../../domain/shared/clock.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import { RandomOrderIdGenerator } from '../../infrastructure/system/random-order-id.generator.js';
import { SystemClock } from '../../infrastructure/system/system-clock.js';
import type { OrderUseCases } from '../../interfaces/http/ordering/order.controller.js';
import { TOKENS } from './tokens.js';

/** Checkout and the order lifecycle; the clock and id source are the system's. */
export const orderingModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Clock).toConstantValue(new SystemClock());
  bind(TOKENS.OrderIdGenerator).toConstantValue(new RandomOrderIdGenerator());
  bind(TOKENS.OrderUseCases).toDynamicValue(orderUseCases).inSingletonScope();
});

function orderUseCases(ctx: ResolutionContext): OrderUseCases {
  const orders = ctx.get<OrderRepository>(TOKENS.OrderRepository);
  const stock = ctx.get<StockRepository>(TOKENS.StockRepository);
  const unitOfWork = ctx.get<UnitOfWork>(TOKENS.UnitOfWork);
  const clock = ctx.get<Clock>(TOKENS.Clock);
  return {
    place: new PlaceOrder(orders, stock, ctx.get<IdempotencyRepository>(TOKENS.IdempotencyRepository), unitOfWork, ctx.get<OrderIdGenerator>(TOKENS.OrderIdGenerator), clock, ctx.get<SecretIssuer>(TOKENS.SecretIssuer), ctx.get<OrderingMetrics>(TOKENS.Metrics)),
    get: new GetOrder(orders),
    list: new ListOrders(orders),
    pay: new AdvanceOrder(orders, clock, 'paid'),
    fulfil: new AdvanceOrder(orders, clock, 'fulfilled'),
    cancel: new CancelOrder(orders, stock, unitOfWork, clock),
  };
}
