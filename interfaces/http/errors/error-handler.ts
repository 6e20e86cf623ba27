import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { DomainError, type DomainErrorKind } from '../../../domain/shared/domain-error.js';
import { carriedClientError, carriedStatusProblem } from './carried-status.js';
import { requestIdOf } from '../operations/request-id.js';
import { sendProblem, type Problem } from './problem.js';
import { RequestValidationError } from './request-validation.error.js';

export interface ErrorLogger {
  error(details: object, message: string): void;
}

const STATUS_BY_KIND: Record<DomainErrorKind, { status: number; title: string }> = {
  invalid: { status: 400, title: 'Validation failed' },
  unauthenticated: { status: 401, title: 'Unauthenticated' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  precondition_failed: { status: 412, title: 'Precondition failed' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  unavailable: { status: 503, title: 'Service unavailable' },
};

// What body-parser reports, by its `type`.
const BODY_ERRORS: Record<string, { status: number; title: string; code: string }> = {
  'entity.parse.failed': { status: 400, title: 'Malformed JSON', code: 'MALFORMED_JSON' },
  'entity.too.large': { status: 413, title: 'Payload too large', code: 'BODY_TOO_LARGE' },
  'encoding.unsupported': { status: 415, title: 'Unsupported media type', code: 'UNSUPPORTED_ENCODING' },
  'charset.unsupported': { status: 415, title: 'Unsupported media type', code: 'UNSUPPORTED_CHARSET' },
};

const BODY_DETAILS: Record<string, string> = {
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.too.large': 'the body is larger than 100 kB',
};

/**
 * The one place where errors become HTTP statuses. Nothing internal reaches the client.
 * `routePaths` (Express syntax) let a path escape that does not decode be named by its parameter.
 */
export function errorHandler(logger: ErrorLogger, routePaths: readonly string[] = []): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error, req, routePaths, () => logger.error({ err: error, request_id: requestIdOf(res), method: req.method, path: req.path }, 'unhandled error'));
    if (problem.status === 503) res.set('Retry-After', '5');
    // RFC 6750: a bearer credential that was sent but is not valid is an "invalid_token".
    if (problem.status === 401) res.set('WWW-Authenticate', req.headers.authorization ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"');
    sendProblem(res, problem);
  };
}

function toProblem(error: unknown, req: Request, routePaths: readonly string[], logBug: () => void): Problem {
  if (error instanceof RequestValidationError) {
    return { status: 400, title: 'Validation failed', detail: error.message, code: error.code, errors: error.problems };
  }
  if (error instanceof DomainError) {
    const { status, title } = STATUS_BY_KIND[error.kind];
    const errors = error.fields.map((f) => ({ pointer: `/${f.field}`, detail: f.detail }));
    return { ...error.extensions, status, title, detail: error.message, code: error.code, ...(errors.length ? { errors } : {}) };
  }
  const bodyType = (error as { type?: unknown })?.type;
  if (typeof bodyType === 'string' && BODY_ERRORS[bodyType]) {
    return { ...BODY_ERRORS[bodyType], detail: BODY_DETAILS[bodyType] ?? (error as Error).message };
  }
  const carried = carriedClientError(error);
  if (carried) return carriedStatusProblem(error, carried, req, routePaths);
  logBug();
  return { status: 500, title: 'Internal server error', detail: 'something went wrong on our side; it has been logged', code: 'INTERNAL' };
}

export const routeNotFound: RequestHandler = (req, res) => {
  sendProblem(res, { status: 404, title: 'Not found', detail: `no route for ${req.method} ${req.path}`, code: 'ROUTE_NOT_FOUND' });
};

/** For routes that exist with other methods: 405 with the Allow header. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res) => {
    res.set('Allow', allowed.join(', '));
    sendProblem(res, {
      status: 405,
      title: 'Method not allowed',
      detail: `${req.method} is not allowed here; use ${allowed.join(', ')}`,
      code: 'METHOD_NOT_ALLOWED',
    });
  };
}
