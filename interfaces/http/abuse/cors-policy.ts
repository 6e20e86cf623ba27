import type { Request, RequestHandler, Response } from 'express';
import { sendProblem } from '../errors/problem.js';

// What a browser front end needs: our own request headers (auth, JSON, idempotent checkout,
// conditional requests) and the response headers that carry paging, caching and back-off.
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-None-Match, If-Match';
const EXPOSED_HEADERS = 'Link, ETag, Location, X-Total-Count, Retry-After, RateLimit, RateLimit-Policy';
/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for exact origins. A preflight is answered here, before rate limits and routes (which
 * would answer OPTIONS with 405): 204 with the allow headers for an allowed origin, 403
 * problem+json without them for any other. Every answer varies by Origin, so a shared cache
 * never hands one origin's answer to another.
 */
export function corsPolicy(allowedOrigins: readonly string[]): RequestHandler {
  const answer = corsAnswer(allowedOrigins);
  return (req, res, next) => {
    if (!answer(req, res)) next();
  };
}

/**
 * What corsPolicy does, for create-app's request head: sets the CORS headers of this answer, and
 * answers a preflight itself (true: the request has been answered; false: go on).
 */
export function corsAnswer(allowedOrigins: readonly string[]): (req: Request, res: Response) => boolean {
  const allowed = new Set(allowedOrigins);
  return (req, res) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    const isPreflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) allowOrigin(res, origin);
    if (!isPreflight) return false;
    if (!isAllowed) {
      sendProblem(res, {
        status: 403,
        title: 'Origin not allowed',
        detail: `${origin} may not call this API from a browser; the server's CORS_ORIGINS lists the origins that may`,
        code: 'ORIGIN_NOT_ALLOWED',
      });
      return true;
    }
    res.vary('Access-Control-Request-Method').vary('Access-Control-Request-Headers');
    res.set({
      'Access-Control-Allow-Methods': ALLOWED_METHODS,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE,
    });
    res.status(204).end();
    return true;
  };
}

function allowOrigin(res: Response, origin: string): void {
  // setHeader rather than res.set({...}): the same headers, without Express's per-header
  // charset and array handling, on every request from a front end.
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  // The API's default (same-origin, security-headers.ts) would keep an allowed front end from reading the answer
  // in no-cors fetches (and under COEP); other origins keep same-origin.
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
}
