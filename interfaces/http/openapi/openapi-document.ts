import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteAccess } from '../auth/route-access.js';
import type { RouteSpec } from '../route-spec.js';

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    request_id: z.string().optional().meta({ description: 'The X-Request-Id of this request: quote it when reporting a problem' }),
    missing_scope: z.string().optional().meta({ description: 'On 403: the scope the API key lacks' }),
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, DUPLICATE_NAME' }),
    errors: z
      .array(z.object({ pointer: z.string().optional(), parameter: z.string().optional(), detail: z.string() }))
      .optional()
      .meta({ description: 'The offending fields: a JSON pointer into the body, or a path/query parameter' }),
  })
  .meta({ id: 'Problem' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, a body that is not an object, a field of the wrong type or out of range, an unknown field, control characters in text, a missing reference, a bad or undecodable id, a repeated query parameter, or a body that does not match its Content-Encoding',
  401: 'No credentials where they are needed, or an Authorization header that is malformed, unknown or revoked (on any route); see WWW-Authenticate',
  403: 'The API key lacks the scope this route needs (named in missing_scope), or an order token was sent to an admin route',
  404: 'No such resource',
  405: 'This path does not take this method; Allow lists the methods it does',
  409: 'Conflicts with current state: a duplicate name, not enough stock, an illegal status change, or a request with the same Idempotency-Key still running',
  412: 'If-Match named an ETag the item no longer has (or a weak one): it changed since it was read; nothing was written',
  413: 'Body larger than 100 kB',
  415: 'Body is not JSON, or in an encoding or charset the server does not read',
  422: 'The Idempotency-Key was already used with a different body',
  429: 'Too many requests from this client (code RATE_LIMITED); Retry-After says when to try again',
  503: 'The database is unreachable, too slow (a statement past its time limit) or too contended, or the server is still starting (codes STORAGE_UNAVAILABLE, STORAGE_TIMEOUT, STORAGE_BUSY); see Retry-After',
};

/**
 * What any route can answer whatever its own logic: a bad parameter or body (400), a wrong
 * credential (401), another method on its path (405), a body too large or not JSON (413, 415: every
 * route reads a body, if one is sent), the per-client limit (429), the database unavailable or
 * startup not done (503). 500 is added last, to every route.
 */
const ANY_ROUTE_ERRORS = [400, 401, 405, 413, 415, 429, 503];

const NOT_MODIFIED = {
  description: 'If-None-Match named the ETag the answer still has: no body (Express answers every GET with a strong ETag)',
  headers: { ETag: { description: 'The ETag of the unchanged answer', schema: { type: 'string' as const } } },
};

const RATE_LIMITED_HEADERS = Object.fromEntries(
  Object.entries({
    'Retry-After': 'Seconds until the client may try again',
    RateLimit: 'Per policy (IETF draft 8): the quota left (r=0) and seconds until it resets (t)',
    'RateLimit-Policy': 'Per policy (IETF draft 8): the quota (q) and its window in seconds (w)',
  }).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
);

/** The OpenAPI 3.1 document for the given routes, built from their validation schemas. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: { title: string; version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An admin API key (ek_...), made with `npm run admin:key -- create`. Each route names the scope it needs.',
  });
  registry.registerComponent('securitySchemes', 'orderToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The order_token answered when the order was placed (ot_...): opens that order only.',
  });
  for (const route of routes) {
    const responses: Record<string, object> = {
      [route.success.status]: {
        description: route.success.description,
        ...(route.success.headers
          ? { headers: Object.fromEntries(Object.entries(route.success.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
          : {}),
        ...(route.success.schema ? { content: { 'application/json': { schema: route.success.schema } } } : {}),
      },
    };
    if (route.method === 'get') responses[304] = NOT_MODIFIED;
    for (const status of [...new Set([...route.errors, ...accessErrors(route.access), ...ANY_ROUTE_ERRORS])].sort((a, b) => a - b).concat(500)) {
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'Unexpected error; details are in the server log',
        ...(status === 429 ? { headers: RATE_LIMITED_HEADERS } : {}),
        content: { 'application/problem+json': { schema: problem } },
      };
    }
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      tags: [route.tag],
      summary: route.summary,
      ...accessDescription(route.access),
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.headers ? { headers: route.headers } : {}),
        ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
      },
      responses,
    });
  }
  registerHealth(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { ...info, description: 'E-commerce back end: catalog of categories, products and tags.' },
    servers: [{ url: '/' }],
  });
}

/** Every route may answer 401 (a wrong credential is refused everywhere); protected ones also 403. */
function accessErrors(access: RouteAccess): number[] {
  return access === 'public' ? [401] : [401, 403];
}

/** OpenAPI 3.1 lets a bearer scheme list the roles it needs: here, the API key's scope. */
function accessDescription(access: RouteAccess) {
  if (access === 'public') return { security: [] };
  const security: Record<string, string[]>[] = [{ apiKey: [access.scope] }];
  if (access.orderOwner) security.push({ orderToken: [] });
  const who = access.orderOwner ? `an admin API key with the ${access.scope} scope, or this order's order token` : `an admin API key with the ${access.scope} scope`;
  return { security, description: `Needs ${who}.`, 'x-required-scope': access.scope };
}

/** The probes (interfaces/http/operations/health.ts): outside the route table, public, never limited. */
function registerHealth(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'get', path: '/healthz', tags: ['Operations'], summary: 'Liveness: the process answers', security: [],
    responses: {
      200: { description: 'Alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
      304: NOT_MODIFIED,
    },
  });
  registry.registerPath({
    method: 'get', path: '/readyz', tags: ['Operations'], summary: 'Readiness: the database answers in time, migrations are applied, not shutting down', security: [],
    responses: {
      200: { description: 'Ready for traffic', content: { 'application/json': { schema: z.object({ status: z.literal('ready') }) } } },
      304: NOT_MODIFIED,
      503: { description: 'Not ready; detail says why; see Retry-After', content: { 'application/problem+json': { schema: problem } } },
    },
  });
}
