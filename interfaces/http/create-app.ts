import compression from 'compression';
import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import { authenticate, type Authenticator } from './auth/authenticate.js';
import { authorize, type KeyUseRecorder } from './auth/authorize.js';
import { needs } from './auth/route-access.js';
import type { TrustProxy } from './abuse/abuse-settings.js';
import { corsAnswer } from './abuse/cors-policy.js';
import type { RateLimiters } from './abuse/rate-limits.js';
import { errorHandler, methodNotAllowed, routeNotFound, type ErrorLogger } from './errors/error-handler.js';
import { JSON_TYPES, requireJsonBody } from './errors/require-json-body.js';
import { accessLogWriter, notLogged, type AccessLogger } from './operations/access-log.js';
import { untilStarted } from './operations/until-started.js';
import { mountHealth, type Readiness } from './operations/health.js';
import type { Metrics } from './operations/metrics.js';
import { assignRequestId } from './operations/request-id.js';
import { setApiSecurityHeaders } from './operations/security-headers.js';
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
  // Every request runs what follows, so it is lean: each router layer and each listener on the
  // answer costs CPU and allocates objects that live as long as the request, so the work of many
  // small middleware runs in two layers (bench/PROFILE.md, "The request path").
  // First, so probes (a 503 NOT_READY is counted by cause) and refused requests are timed too.
  app.use(requestHead(deps.metrics, accessLogWriter(deps.logger)));
  if (deps.readiness) mountHealth(app, deps.readiness);
  app.use(clientHead(deps.corsOrigins ?? []));
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
  // The reference of that document (Swagger UI), with a web page's headers and a CSP of its own
  // (docsPageSecurityHeaders); public like the document.
  app.use(apiDocs('/api/openapi.json'));
  // Outside the route table (like the probes, it is not part of the API), so its access is
  // declared here. After the limits and authentication, so a wrong key counts as a failure; a
  // scrape that passes is not logged (notLogged), like the probes: it comes every few seconds.
  if (deps.metrics) app.get('/metrics', authorize(needs('metrics:read'), deps.access.recordKeyUse), notLogged, deps.metrics.serve);
  mountRoutes(app, routes, (spec) => [authorize(spec.access, deps.access.recordKeyUse), parseJsonBody]);

  app.use(routeNotFound);
  app.use(errorHandler(deps.logger, routes.map((route) => route.path)));
  return app;
}

/** The head of every request, probes included: its id, the API's security headers, and its timing for the metrics and the access log. */
function requestHead(metrics: Metrics | undefined, writeAccessLog: (req: Request, res: Response, ms: number) => void): RequestHandler {
  return (req, res, next) => {
    assignRequestId(req, res);
    setApiSecurityHeaders(res);
    const started = performance.now();
    // One listener for both: the metrics time every answer; the access log only those that
    // passed clientHead (so not the probes).
    res.on('finish', () => {
      const ms = performance.now() - started;
      metrics?.observe(req, res, ms / 1000);
      if (res.locals[ACCESS_LOGGED] === true) writeAccessLog(req, res, ms);
    });
    next();
  };
}

const ACCESS_LOGGED = 'accessLogged';
/** /api/orders and below, as `app.use('/api/orders', ...)` matches it (any case). */
const ORDERS_PATH = /^\/api\/orders(?:\/|$)/i;

/**
 * After the probes, before the limits: CORS (a preflight is answered here; every answer, a 429
 * too, carries the headers a front end needs to read it), compression, the access log, and
 * no-store for orders (answers that hold personal data; errors and 405s under the path too).
 */
function clientHead(corsOrigins: readonly string[]): RequestHandler {
  const cors = corsAnswer(corsOrigins);
  // gzip (or deflate, br) for bodies of 1 kB and more, when the client accepts it.
  const compress = compression({ threshold: 1024 });
  return (req, res, next) => {
    if (cors(req, res)) return;
    // What compression would add to every JSON answer; set here, so that a client that accepts
    // no encoding (no Accept-Encoding: identity only) skips compression altogether: it wraps
    // write, end and on of every answer and sends headers and body in two writes, pure cost
    // when nothing is compressed. corsAnswer has set Vary to Origin, and only that.
    res.setHeader('Vary', 'Origin, Accept-Encoding');
    res.locals[ACCESS_LOGGED] = true;
    if (ORDERS_PATH.test(req.path)) res.setHeader('Cache-Control', 'no-store');
    if (req.headers['accept-encoding'] === undefined) next();
    else compress(req, res, next);
  };
}

const parseJson = express.json({ limit: '100kb', type: JSON_TYPES, strict: false });

/**
 * Access is checked before the body is read: a caller who may not write gets 401 or 403, never a
 * parse error, and we spend nothing parsing what it sent. A request without a body (no
 * Content-Length, no Transfer-Encoding: every catalog GET) goes straight on, as both of these
 * would let it; one with a body must say it is JSON (415) and is parsed.
 */
const parseJsonBody: RequestHandler = (req, res, next) => {
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
  requireJsonBody(req, res, (error?: unknown) => (error === undefined ? parseJson(req, res, next) : next(error)));
};

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
