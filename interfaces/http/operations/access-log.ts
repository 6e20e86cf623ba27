import type { Request, RequestHandler, Response } from 'express';
import { requestIdOf } from './request-id.js';

export interface AccessLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
  isLevelEnabled(level: string): boolean;
}

/**
 * One compact line per request once its answer is sent: method, route template (never the URL,
 * whose query may hold a customer's email), status, duration, bytes and request id. At info every
 * request; below it only 5xx answers. No headers, so no credential can reach a line.
 */
export function accessLog(logger: AccessLogger): RequestHandler {
  const write = accessLogWriter(logger);
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => write(req, res, performance.now() - started));
    next();
  };
}

/**
 * What accessLog writes once an answer is sent, `ms` after the request came in: for create-app's
 * request head, which times each request once, for the metrics and this line alike.
 */
export function accessLogWriter(logger: AccessLogger): (req: Request, res: Response, ms: number) => void {
  const everyRequest = logger.isLevelEnabled('info');
  return (req, res, ms) => {
    if (res.locals.notLogged === true && res.statusCode < 500) return;
    if (!everyRequest && res.statusCode < 500) return;
    const line = {
      request_id: requestIdOf(res),
      method: req.method,
      route: routeTemplate(req),
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
      bytes: Number(res.getHeader('content-length') ?? 0),
    };
    if (res.statusCode >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}

/** Keeps a successful answer off the access log (metrics scrapes); a 5xx is still logged. */
export const notLogged: RequestHandler = (_req, res, next) => {
  res.locals.notLogged = true;
  next();
};

/** `/api/products/:id` for a matched route; `(no route)` for anything else. */
export function routeTemplate(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (typeof route?.path === 'string') return route.path;
  return '(no route)';
}

