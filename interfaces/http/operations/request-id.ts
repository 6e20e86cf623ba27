import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';

/** What an incoming X-Request-Id may be, so that it is safe to echo and to log. */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request an id: the caller's X-Request-Id when it is well-formed (a proxy or client
 * that already has one keeps its trail), a new UUID otherwise. It is answered in X-Request-Id,
 * put on every log line of the request and in every problem+json body.
 */
export const requestId: RequestHandler = (req, res, next) => {
  assignRequestId(req, res);
  next();
};

/** What requestId does, for create-app's request head. */
export function assignRequestId(req: Request, res: Response): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && ACCEPTED.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
}

export function requestIdOf(res: Response): string | undefined {
  return res.locals.requestId as string | undefined;
}
