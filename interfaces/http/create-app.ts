import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { authenticate, type Authenticator } from './auth/authenticate.js';
import { authorize, type KeyUseRecorder } from './auth/authorize.js';
import { needs } from './auth/route-access.js';
import type { TrustProxy } from './abuse/abuse-settings.js';
import { corsPolicy } from './abuse/cors-policy.js';
import type { RateLimiters } from './abuse/rate-limits.js';
import { errorHandler, methodNotAllowed, routeNotFound, type ErrorLogger } from './errors/error-handler.js';
import { JSON_TYPES, requireJsonBody } from './errors/require-json-body.js';
import { noStore } from './no-store.js';
import { untilStarted } from './operations/until-started.js';
import { accessLog, notLogged, type AccessLogger } from './operations/access-log.js';
import { mountHealth, type Readiness } from './operations/health.js';
import type { Metrics } from './operations/metrics.js';
import { requestId } from './operations/request-id.js';
import { apiDocs } from './docs/api-docs.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import type { RouteSpec } from './route-spec.js';

export interface AppDependencies {
  /** The route table (api-routes.ts). */
  readonly routes: readonly RouteSpec[];
  /** Who is calling (every request) and the record of each admin key's last use. */
  readonly access: { readonly authenticate: Authenticator; readonly recordKeyUse: KeyUseRecorder };
  /** Access lines (every request at info, else 5xx only) and unhandled errors. */
  readonly logger: AccessLogger & ErrorLogger;
  /** What /readyz reports; without it, /healthz and /readyz are not served. */
  readonly readiness?: Readiness;
  /** Until startup has reached the database, every other route answers 503 STORAGE_UNAVAILABLE. */
  readonly startup?: { readonly started: boolean };
  readonly version?: string;
  /** Origins that may call the API from a browser; none when absent. */
  readonly corsOrigins?: readonly string[];
  /** Express's `trust proxy`: which hops' X-Forwarded-For may name the client (req.ip, the rate-limit key). */
  readonly trustProxy?: TrustProxy;
  readonly rateLimiters?: RateLimiters;
  /** What `GET /metrics` reports (with the metrics:read scope); without it, no metrics are kept or served. */
  readonly metrics?: Metrics;
}

export function createApp(deps: AppDependencies): Express {
  const routes = deps.routes;
  const openApiDocument = buildOpenApiDocument(routes, { title: 'E-commerce back end', version: deps.version ?? '0.0.0' });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestId);
  // First, so probes (a 503 NOT_READY is counted by cause) and refused requests are timed too.
  if (deps.metrics) app.use(deps.metrics.observeRequests);
  app.use(helmet());
  if (deps.readiness) mountHealth(app, deps.readiness);
  // Before the limits, so that a 429 still carries the CORS headers a front end needs to read it.
  app.use(corsPolicy(deps.corsOrigins ?? []));
  // gzip (or deflate) for bodies of 1 kB and more, when the client accepts it.
  app.use(compression({ threshold: 1024 }));
  app.use(accessLog(deps.logger));
  app.use('/api/orders', noStore);
  if (deps.startup) app.use(untilStarted(deps.startup));
  const limiters = deps.rateLimiters ?? {};
  if (limiters.all) app.use(limiters.all);
  // Before authentication, so that a client that has spent its failed attempts is refused
  // before its next guess is even looked up.
  if (limiters.authFailures) app.use(limiters.authFailures);
  if (limiters.placeOrder) app.post('/api/orders', limiters.placeOrder);
  app.use(authenticate(deps.access.authenticate));

  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  // The reference of that document (Swagger UI), with a CSP of its own; public like the document.
  app.use(apiDocs('/api/openapi.json'));
  // Outside the route table (like the probes, it is not part of the API), so its access is
  // declared here. After the limits and authentication, so a wrong key counts as a failure; a
  // scrape that passes is not logged (notLogged), like the probes: it comes every few seconds.
  if (deps.metrics) app.get('/metrics', authorize(needs('metrics:read'), deps.access.recordKeyUse), notLogged, deps.metrics.serve);
  // Access is checked before the body is read: a caller who may not write gets 401 or 403, never
  // a parse error, and we spend nothing parsing what it sent.
  const parseBody = [requireJsonBody, express.json({ limit: '100kb', type: JSON_TYPES, strict: false })];
  mountRoutes(app, routes, (spec) => [authorize(spec.access, deps.access.recordKeyUse), ...parseBody]);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger, routes.map((route) => route.path)));
  return app;
}

/** Mounts each route, and answers other methods on a known path with 405 and Allow. */
function mountRoutes(app: Express, routes: readonly RouteSpec[], before: (spec: RouteSpec) => RequestHandler[]): void {
  const paths = [...new Set(routes.map((route) => route.path))];
  for (const path of paths) {
    const pathRoutes = routes.filter((route) => route.path === path);
    const route = app.route(path);
    for (const spec of pathRoutes) route[spec.method](...before(spec), spec.handler);
    route.all(methodNotAllowed(pathRoutes.map((spec) => spec.method.toUpperCase())));
  }
}
