import type { ProblemField } from './problem.js';

/** The request's shape is wrong (body, path or query); raised before any use case runs. */
export class RequestValidationError extends Error {
  constructor(
    readonly problems: readonly ProblemField[],
    readonly code = 'VALIDATION_FAILED',
  ) {
    super(problems.map((p) => `${p.pointer?.slice(1) || p.parameter || 'body'} ${p.detail}`).join('; '));
    this.name = 'RequestValidationError';
  }
}
