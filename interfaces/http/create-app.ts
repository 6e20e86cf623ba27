import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { catalogRoutes } from './catalog/catalog.routes.js';
import type { ProductGroupController } from './catalog/product-group.controller.js';
import type { ProductController } from './catalog/product.controller.js';
import type { OrderController } from './ordering/order.controller.js';
import { orderRoutes } from './ordering/order.routes.js';
import { errorHandler, methodNotAllowed, routeNotFound, type ErrorLogger } from './errors/error-handler.js';
import { JSON_TYPES, requireJsonBody } from './errors/require-json-body.js';
import { noStore } from './no-store.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import type { RouteSpec } from './route-spec.js';

export interface AppDependencies {
  readonly controllers: {
    readonly categories: ProductGroupController;
    readonly tags: ProductGroupController;
    readonly products: ProductController;
    readonly orders: OrderController;
  };
  readonly logger: ErrorLogger;
  /** Access logging (or, below info level, 5xx logging), supplied by the composition root. */
  readonly requestLogger?: RequestHandler;
  readonly version?: string;
}

export function createApp(deps: AppDependencies): Express {
  const routes = [...catalogRoutes(deps.controllers), ...orderRoutes(deps.controllers.orders)];
  const openApiDocument = buildOpenApiDocument(routes, { title: 'E-commerce back end', version: deps.version ?? '0.0.0' });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');
  app.use(helmet());
  // gzip (or deflate) for bodies of 1 kB and more, when the client accepts it.
  app.use(compression({ threshold: 1024 }));
  if (deps.requestLogger) app.use(deps.requestLogger);
  app.use(requireJsonBody);
  // strict: false takes any JSON value, so that `null` or `"text"` is the schema's 400 "must be an
  // object" (pointer ""), not body-parser's "not valid JSON", which it is.
  app.use(express.json({ limit: '100kb', type: JSON_TYPES, strict: false }));

  app.use('/api/orders', noStore);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  mountRoutes(app, routes);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger, routes.map((route) => route.path)));
  return app;
}

/** Mounts each route, and answers other methods on a known path with 405 and Allow. */
function mountRoutes(app: Express, routes: readonly RouteSpec[]): void {
  const paths = [...new Set(routes.map((route) => route.path))];
  for (const path of paths) {
    const pathRoutes = routes.filter((route) => route.path === path);
    const route = app.route(path);
    for (const spec of pathRoutes) route[spec.method](spec.handler);
    route.all(methodNotAllowed(pathRoutes.map((spec) => spec.method.toUpperCase())));
  }
}
