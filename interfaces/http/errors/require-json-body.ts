import type { RequestHandler } from 'express';
import { sendProblem } from './problem.js';

export const JSON_TYPES = ['application/json', 'application/*+json'];

/** A write that carries a body must say it is JSON: 415 rather than guessing at form data or text. */
export const requireJsonBody: RequestHandler = (req, res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody || req.is(JSON_TYPES)) return next();
  sendProblem(res, {
    status: 415,
    title: 'Unsupported media type',
    detail: `send the body as JSON with Content-Type: application/json (got ${req.headers['content-type'] ?? 'none'})`,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  });
};
