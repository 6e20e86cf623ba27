import { Container } from 'inversify';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import { accessModule } from './access.module.js';
import { catalogModule } from './catalog.module.js';
import { httpModule } from './http.module.js';
import { orderingModule } from './ordering.module.js';
import { persistenceModule } from './persistence.module.js';
import { TOKENS } from './tokens.js';

/** The composition root: the only place that decides which adapter serves which port. */
export function buildContainer(deps: { sequelize: Sequelize; logger: Logger }): Container {
  const container = new Container();
  container.bind(TOKENS.Logger).toConstantValue(deps.logger);
  container.load(persistenceModule(deps.sequelize), catalogModule, orderingModule, accessModule, httpModule);
  return container;
}
