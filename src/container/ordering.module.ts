import { ContainerModule } from 'inversify';
import { orderingUseCases } from '../../domain/ordering/use-cases/ordering-use-cases.js';
import { RandomOrderIdGenerator } from '../../infrastructure/system/random-order-id.generator.js';
import { SystemClock } from '../../infrastructure/system/system-clock.js';
import { TOKENS } from './tokens.js';

/** Checkout and the order lifecycle; the clock and id source are the system's. */
export const orderingModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Clock).toConstantValue(new SystemClock());
  bind(TOKENS.OrderIdGenerator).toConstantValue(new RandomOrderIdGenerator());
  bind(TOKENS.OrderingUseCases)
    .toDynamicValue((ctx) =>
      orderingUseCases({
        orders: ctx.get(TOKENS.OrderRepository),
        stock: ctx.get(TOKENS.StockRepository),
        idempotencyKeys: ctx.get(TOKENS.IdempotencyRepository),
        unitOfWork: ctx.get(TOKENS.UnitOfWork),
        orderIds: ctx.get(TOKENS.OrderIdGenerator),
        clock: ctx.get(TOKENS.Clock),
        secrets: ctx.get(TOKENS.SecretIssuer),
        metrics: ctx.get(TOKENS.Metrics),
      }),
    )
    .inSingletonScope();
});
