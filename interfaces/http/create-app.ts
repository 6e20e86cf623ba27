import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { TrustProxy } from './abuse/abuse-settings.js';
import { corsPolicy } from './abuse/cors-policy.js';
import type { RateLimiters } from './abuse/rate-limits.js';
import { catalogRoutes } from './catalog/catalog.routes.js';
import type { ProductGroupController } from './catalog/product-group.controller.js';
import type { ProductController } from './catalog/product.controller.js';
import type { OrderController } from './ordering/order.controller.js';
import { orderRoutes } from './ordering/order.routes.js';
import { errorHandler, methodNotAllowed, routeNotFound, type ErrorLogger } from './errors/error-handler.js';
import { JSON_TYPES, requireJsonBody } from './errors/require-json-body.js';
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
  /** Origins that may call the API from a browser; none when absent. */
  readonly corsOrigins?: readonly string[];
  /** Express's `trust proxy`: which hops' X-Forwarded-For may name the client (req.ip, the rate-limit key). */
  readonly trustProxy?: TrustProxy;
  readonly rateLimiters?: RateLimiters;
}

export function createApp(deps: AppDependencies): Express {
  const routes = [...catalogRoutes(deps.controllers), ...orderRoutes(deps.controllers.orders)];
  const openApiDocument = buildOpenApiDocument(routes, { title: 'E-commerce back end', version: deps.version ?? '0.0.0' });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(helmet());
  // Before the limits, so that a 429 still carries the CORS headers a front end needs to read it.
  app.use(corsPolicy(deps.corsOrigins ?? []));
  // gzip (or deflate) for bodies of 1 kB and more, when the client accepts it.
  app.use(compression({ threshold: 1024 }));
  if (deps.requestLogger) app.use(deps.requestLogger);
  const limiters = deps.rateLimiters ?? {};
  if (limiters.all) app.use(limiters.all);
  if (limiters.authFailures) app.use(limiters.authFailures);
  if (limiters.placeOrder) app.post('/api/orders', limiters.placeOrder);
  app.use(requireJsonBody);
  app.use(express.json({ limit: '100kb', type: JSON_TYPES }));

  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  mountRoutes(app, routes);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger));
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
