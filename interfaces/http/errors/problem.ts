import type { Response } from 'express';
import { requestIdOf } from '../operations/request-id.js';

/** One offending input: a body field (`pointer`, RFC 6901) or a path/query parameter. */
export interface ProblemField {
  readonly pointer?: string;
  readonly parameter?: string;
  readonly detail: string;
}

/** An RFC 9457 problem document. */
export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly code: string;
  readonly errors?: readonly ProblemField[];
  /** Extension members (RFC 9457 section 3.2), e.g. `shortages`. */
  readonly [extension: string]: unknown;
}

export function sendProblem(res: Response, problem: Problem): void {
  res.locals.problemCode = problem.code;
  const requestId = requestIdOf(res);
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({ type: 'about:blank', ...problem, ...(requestId === undefined ? {} : { request_id: requestId }) });
}

/** The `code` of the problem this answer carried, if it was one (for the 503 counter). */
export function problemCodeOf(res: Response): string | undefined {
  return res.locals.problemCode as string | undefined;
}
