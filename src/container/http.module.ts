import { ContainerModule } from 'inversify';
import type { AccessUseCases } from '../../domain/access/use-cases/access-use-cases.js';
import type { CatalogUseCases } from '../../domain/catalog/use-cases/catalog-use-cases.js';
import type { Logger } from 'pino';
import type { AbuseSettings } from '../../interfaces/http/abuse/abuse-settings.js';
import type { RateLimiters } from '../../interfaces/http/abuse/rate-limits.js';
import { presentCategory, presentTag } from '../../interfaces/http/catalog/catalog.presenters.js';
import { categoryBody, tagBody } from '../../interfaces/http/catalog/catalog.schemas.js';
import { ProductGroupController } from '../../interfaces/http/catalog/product-group.controller.js';
import { ProductController } from '../../interfaces/http/catalog/product.controller.js';
import { apiRoutes } from '../../interfaces/http/api-routes.js';
import { createApp } from '../../interfaces/http/create-app.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Metrics } from '../../interfaces/http/operations/metrics.js';
import type { Readiness } from '../../interfaces/http/operations/health.js';
import { OrderController } from '../../interfaces/http/ordering/order.controller.js';
import packageJson from '../../package.json' with { type: 'json' };
import { TOKENS } from './tokens.js';

/** Controllers, the route table they serve, and the Express app. */
export const httpModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.Routes)
    .toDynamicValue((ctx) => {
      const catalog = ctx.get<CatalogUseCases>(TOKENS.CatalogUseCases);
      return apiRoutes({
        categories: new ProductGroupController(catalog.categories, {
          path: '/api/categories', body: categoryBody, nameField: 'category_name', present: presentCategory, productFilter: 'category_id',
        }),
        tags: new ProductGroupController(catalog.tags, {
          path: '/api/tags', body: tagBody, nameField: 'tag_name', present: presentTag, productFilter: 'tag_id',
        }),
        products: new ProductController(catalog.products),
        orders: new OrderController(ctx.get(TOKENS.OrderingUseCases)),
      });
    })
    .inSingletonScope();
  bind(TOKENS.App)
    .toDynamicValue((ctx) => {
      const logger = ctx.get<Logger>(TOKENS.Logger);
      return createApp({
        routes: ctx.get(TOKENS.Routes),
        access: ctx.get<AccessUseCases>(TOKENS.AccessUseCases),
        logger,
        readiness: ctx.get<Readiness>(TOKENS.Readiness),
        startup: ctx.get<Lifecycle>(TOKENS.Lifecycle),
        version: packageJson.version,
        corsOrigins: ctx.get<AbuseSettings>(TOKENS.AbuseSettings).corsOrigins,
        trustProxy: ctx.get<AbuseSettings>(TOKENS.AbuseSettings).trustProxy,
        rateLimiters: ctx.get<RateLimiters>(TOKENS.RateLimiters),
        metrics: ctx.get<Metrics>(TOKENS.Metrics),
      });
    })
    .inSingletonScope();
});
