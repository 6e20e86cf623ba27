import { DomainError } from './domain-error.js';

/**
 * A condition the client set on a write, judged against the item as it is inside the write's
 * transaction (its row locked): true lets the write go on.
 */
export type Precondition<T> = (current: T) => boolean;

/** The item changed since the client read it (a stale If-Match): nothing was written. */
export class PreconditionFailedError extends DomainError {
  constructor(resource: string, id: number | string) {
    super('precondition_failed', 'PRECONDITION_FAILED', `${resource} ${id} has changed since you read it; read it again and retry`);
  }
}

export function assertPrecondition<T>(precondition: Precondition<T>, current: T, resource: string, id: number | string): void {
  if (!precondition(current)) throw new PreconditionFailedError(resource, id);
}
