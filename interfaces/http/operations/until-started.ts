import type { RequestHandler } from 'express';
import { StorageUnavailableError } from '../../../domain/shared/domain-error.js';

/**
 * While startup is still reaching the database (and running its migrations), the API cannot answer
 * anything true: 503 STORAGE_UNAVAILABLE with Retry-After, through the one error mapping. The
 * probes are mounted before this, so /healthz says the process lives and /readyz says why not.
 */
export function untilStarted(startup: { readonly started: boolean }): RequestHandler {
  return (_req, _res, next) => {
    if (startup.started) next();
    else next(new StorageUnavailableError());
  };
}
