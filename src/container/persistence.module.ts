import { ContainerModule } from 'inversify';
import type { Sequelize } from 'sequelize';
import { translatingErrors } from '../../infrastructure/persistence/sequelize/database-errors.js';
import { defineCatalogModels, type CatalogModels } from '../../infrastructure/persistence/sequelize/models/catalog.models.js';
import { SequelizeCatalogImport } from '../../infrastructure/persistence/sequelize/repositories/sequelize-catalog-import.js';
import { SequelizeProductGroupRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-product-group.repository.js';
import { SequelizeProductRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-product.repository.js';
import { SqlRunner } from '../../infrastructure/persistence/sequelize/queries/sql-runner.js';
import { SequelizeUnitOfWork } from '../../infrastructure/persistence/sequelize/sequelize-unit-of-work.js';
import { TransactionContext } from '../../infrastructure/persistence/sequelize/transaction-context.js';
import { defineAccessModels, type AccessModels } from '../../infrastructure/persistence/sequelize/models/access.models.js';
import { SequelizeApiKeyRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-api-key.repository.js';
import { defineOrderingModels, type OrderingModels } from '../../infrastructure/persistence/sequelize/models/ordering.models.js';
import { SequelizeIdempotencyRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-idempotency.repository.js';
import { SequelizeOrderRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-order.repository.js';
import { SequelizeStockRepository } from '../../infrastructure/persistence/sequelize/repositories/sequelize-stock.repository.js';
import { poolStats } from '../../infrastructure/persistence/sequelize/pool-stats.js';
import { Metrics, type ReplicaReadings } from '../../interfaces/http/operations/metrics.js';
import { replicaReadsOf } from '../../infrastructure/persistence/sequelize/read-replicas.js';
import { measureReplicaLag } from '../../infrastructure/persistence/sequelize/replica-lag.js';
import { databaseReadiness } from '../../infrastructure/persistence/sequelize/database-readiness.js';
import type { Lifecycle } from '../lifecycle.js';
import { TOKENS } from './tokens.js';

/** A load balancer's probe should learn fast that the database is stuck: well under its own timeout. */
const READINESS_TIMEOUT_MS = 1_000;

/** Ports -> Sequelize adapters; every repository's errors arrive as domain errors. */
export function persistenceModule(sequelize: Sequelize, retryBudgetMs?: number): ContainerModule {
  const sqlRunner = (ctx: { get<T>(id: symbol): T }) => new SqlRunner(sequelize, ctx.get<TransactionContext>(TOKENS.TransactionContext));
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.Sequelize).toConstantValue(sequelize);
    // One registry per container: every app built in a process (the tests build many) counts alone.
    bind(TOKENS.Metrics).toDynamicValue(() => new Metrics(poolStats(sequelize), replicaReadings(sequelize))).inSingletonScope();
    bind(TOKENS.CatalogModels).toDynamicValue(() => defineCatalogModels(sequelize)).inSingletonScope();
    bind(TOKENS.TransactionContext).toConstantValue(new TransactionContext());
    bind(TOKENS.UnitOfWork)
      .toDynamicValue((ctx) => {
        const metrics = ctx.get<Metrics>(TOKENS.Metrics);
        return new SequelizeUnitOfWork(sequelize, ctx.get(TOKENS.TransactionContext), { onRetry: () => metrics.transactionRetried(), budgetMs: retryBudgetMs });
      })
      .inSingletonScope();
    bind(TOKENS.CategoryRepository)
      .toDynamicValue((ctx) =>
        translatingErrors(new SequelizeProductGroupRepository(models(ctx), 'category', sqlRunner(ctx), ctx.get(TOKENS.TransactionContext))),
      )
      .inSingletonScope();
    bind(TOKENS.TagRepository)
      .toDynamicValue((ctx) =>
        translatingErrors(new SequelizeProductGroupRepository(models(ctx), 'tag', sqlRunner(ctx), ctx.get(TOKENS.TransactionContext))),
      )
      .inSingletonScope();
    bind(TOKENS.ProductRepository)
      .toDynamicValue((ctx) => translatingErrors(new SequelizeProductRepository(models(ctx), sqlRunner(ctx), ctx.get(TOKENS.TransactionContext))))
      .inSingletonScope();
    bind(TOKENS.CatalogImport)
      .toDynamicValue((ctx) => translatingErrors(new SequelizeCatalogImport(models(ctx), sqlRunner(ctx), ctx.get(TOKENS.TransactionContext))))
      .inSingletonScope();

    bind(TOKENS.OrderingModels).toDynamicValue(() => defineOrderingModels(sequelize)).inSingletonScope();
    bind(TOKENS.OrderRepository)
      .toDynamicValue((ctx) => translatingErrors(new SequelizeOrderRepository(orderingModels(ctx), ctx.get(TOKENS.TransactionContext))))
      .inSingletonScope();
    bind(TOKENS.StockRepository)
      .toDynamicValue((ctx) =>
        translatingErrors(new SequelizeStockRepository(models(ctx), sqlRunner(ctx), ctx.get(TOKENS.TransactionContext))),
      )
      .inSingletonScope();
    bind(TOKENS.IdempotencyRepository)
      .toDynamicValue((ctx) =>
        translatingErrors(new SequelizeIdempotencyRepository(orderingModels(ctx), ctx.get(TOKENS.TransactionContext), ctx.get(TOKENS.Clock))),
      )
      .inSingletonScope();

    bind(TOKENS.Readiness).toDynamicValue((ctx) => {
      const lifecycle = ctx.get<Lifecycle>(TOKENS.Lifecycle);
      const checkDatabase = databaseReadiness(sequelize, READINESS_TIMEOUT_MS);
      // While startup still waits for the database, the check would only repeat its tries.
      const databaseProblem = async () => (lifecycle.started ? checkDatabase() : 'starting: waiting for the database to answer and the migrations to run');
      return { get shuttingDown() { return lifecycle.shuttingDown; }, databaseProblem };
    }).inSingletonScope();
    bind(TOKENS.AccessModels).toDynamicValue(() => defineAccessModels(sequelize)).inSingletonScope();
    bind(TOKENS.ApiKeyRepository)
      .toDynamicValue((ctx) => translatingErrors(new SequelizeApiKeyRepository(ctx.get<AccessModels>(TOKENS.AccessModels))))
      .inSingletonScope();
  });
}

function replicaReadings(sequelize: Sequelize): ReplicaReadings | undefined {
  const replicas = replicaReadsOf(sequelize);
  return replicas && { lag: () => measureReplicaLag(replicas), fallbacks: () => replicas.fallbacks };
}

const models = (ctx: { get<T>(id: symbol): T }) => ctx.get<CatalogModels>(TOKENS.CatalogModels);
const orderingModels = (ctx: { get<T>(id: symbol): T }) => ctx.get<OrderingModels>(TOKENS.OrderingModels);
