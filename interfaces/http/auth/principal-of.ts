import type { Response } from 'express';
import { ANONYMOUS, type Principal } from '../../../domain/access/principal.js';

/** The caller that `authenticate` found for this request. */
export function principalOf(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? ANONYMOUS;
}
