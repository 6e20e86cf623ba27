import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { accessModule } from './access.module.js';
import { OPEN_ABUSE_SETTINGS, type AbuseSettings } from '../../interfaces/http/abuse/abuse-settings.js';
import { abuseModule, type RateLimitRedis } from './abuse.module.js';
import { catalogModule } from './catalog.module.js';
import { httpModule } from './http.module.js';
import { Lifecycle } from '../lifecycle.js';
import { orderingModule } from './ordering.module.js';
import { persistenceModule } from './persistence.module.js';
import { TOKENS } from './tokens.js';

export interface ContainerDependencies {
  readonly sequelize: Sequelize;
  readonly logger: Logger;
  /**
   * CORS, proxy trust and rate limits. The server passes config.abuse; without it there is no
   * cross-origin access and no limit (the CLI's and the tests' default).
   */
  readonly abuse?: AbuseSettings;
  /** Rate-limit counters shared through Redis; in this process's memory when absent. */
  readonly rateLimitRedis?: RateLimitRedis;
  /**
   * Whether the process is shutting down (readiness reads it). The server passes the one its
   * signal handlers stop; without it (the CLI, the tests) a Lifecycle that never stops.
   */
  readonly lifecycle?: Lifecycle;
  /** How long a transaction that hit deadlocks is run again before a 503 (DB_RETRY_BUDGET_MS); 2 s without it. */
  readonly retryBudgetMs?: number;
}

/** The composition root: the only place that decides which adapter serves which port. */
export function buildContainer(deps: ContainerDependencies): Container {
  const container = new Container();
  container.bind(TOKENS.Logger).toConstantValue(deps.logger);
  container.bind(TOKENS.Lifecycle).toConstantValue(deps.lifecycle ?? new Lifecycle());
  container.load(
    persistenceModule(deps.sequelize, deps.retryBudgetMs),
    catalogModule,
    orderingModule,
    accessModule,
    abuseModule(deps.abuse ?? OPEN_ABUSE_SETTINGS, deps.rateLimitRedis),
    httpModule,
  );
  return container;
}
