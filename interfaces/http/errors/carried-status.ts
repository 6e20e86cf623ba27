import type { Request } from 'express';
import type { Problem } from './problem.js';

/**
 * Errors that already know they are the client's fault, http-errors style: Express's URIError for
 * a path escape it cannot decode, body-parser's (or zlib's) for a body that does not inflate.
 */
interface CarriedStatusError {
  readonly status: number;
  readonly expose: boolean;
  readonly message: string;
}

/** The error's own 4xx status, if it carries one; anything else is not the client's doing. */
export function carriedClientError(error: unknown): CarriedStatusError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, expose, message } = error as { status?: unknown; statusCode?: unknown; expose?: unknown; message?: unknown };
  const carried = typeof status === 'number' ? status : statusCode;
  if (typeof carried !== 'number' || !Number.isInteger(carried) || carried < 400 || carried > 499) return undefined;
  return { status: carried, expose: expose === true, message: typeof message === 'string' ? message : '' };
}

export function carriedStatusProblem(error: unknown, carried: CarriedStatusError, req: Request, routePaths: readonly string[]): Problem {
  const { status } = carried;
  if (error instanceof URIError) {
    const parameter = undecodableParameter(req.path, routePaths);
    const detail = 'is not valid percent-encoding';
    if (!parameter) return { status, title: 'Bad request', detail: `the path ${detail}`, code: 'MALFORMED_PATH' };
    return { status, title: 'Bad request', detail: `${parameter} ${detail}`, code: 'MALFORMED_PATH', errors: [{ parameter, detail }] };
  }
  const encoding = req.get('Content-Encoding');
  const untyped = typeof (error as { type?: unknown }).type !== 'string';
  if (untyped && encoding && encoding.toLowerCase() !== 'identity') {
    return { status, title: 'Bad request', detail: `the body is not valid ${encoding} data, as its Content-Encoding says`, code: 'BAD_CONTENT_ENCODING' };
  }
  const detail = carried.expose && carried.message ? carried.message : 'the request cannot be processed as sent';
  return { status, title: status === 400 ? 'Bad request' : 'Client error', detail, code: 'BAD_REQUEST' };
}

/** Which `:parameter` of the matching route holds an escape that does not decode ("%zz", "%E0%A4%A"). */
function undecodableParameter(rawPath: string, routePaths: readonly string[]): string | undefined {
  const segments = rawPath.replace(/\/$/, '').split('/');
  for (const routePath of routePaths) {
    const parts = routePath.split('/');
    if (parts.length !== segments.length) continue;
    if (!parts.every((part, i) => part.startsWith(':') || part.toLowerCase() === segments[i]!.toLowerCase())) continue;
    const index = parts.findIndex((part, i) => part.startsWith(':') && !decodes(segments[i]!));
    if (index >= 0) return parts[index]!.slice(1);
  }
  return undefined;
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}
