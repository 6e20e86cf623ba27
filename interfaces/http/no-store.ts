import type { RequestHandler } from 'express';

/**
 * For answers that hold personal data (orders: emails, what someone bought): no shared or browser
 * cache may keep them. Set before routing, so errors and 405s under the path carry it too.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
