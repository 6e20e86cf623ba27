import type { RequestHandler } from 'express';
import type { ErrorLogger } from './error-handler.js';

/**
 * What an access logger still writes when its level (info) is off: one error line per 5xx
 * answer. Costs one 'finish' listener per request instead of two child loggers that serialize
 * and redact the request up front (pino-http does that even when it will never log success).
 */
export function serverErrorLog(logger: ErrorLogger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      if (res.statusCode < 500) return;
      logger.error(
        {
          req: { method: req.method, url: req.originalUrl },
          res: { statusCode: res.statusCode },
          responseTime: Math.round(performance.now() - started),
        },
        'request errored',
      );
    });
    next();
  };
}
