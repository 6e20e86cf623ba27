// The request model: a bad request's parts (path, headers, body), each with the reasons it is bad.
import type { RouteSpec } from '../../../interfaces/http/route-spec.js';

export interface Reason {
  readonly why: string;
  /** Only a database lookup can tell (a missing reference, a taken name, short stock): the shape is valid. */
  readonly lookup?: boolean;
}

export interface PathPart {
  readonly path: string;
  readonly reasons: readonly Reason[];
  /** The existing item the path names, if it surely names one: its ETag may match If-Match. */
  readonly etag?: string;
}

export interface HeaderPart {
  readonly headers: Readonly<Record<string, string>>;
  readonly reasons: readonly Reason[];
  /** A well-formed Idempotency-Key: with a body that only a lookup rejects, the key is kept (by design). */
  readonly idempotent?: boolean;
}

export interface BodyPart {
  readonly payload?: string | Buffer;
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly reasons: readonly Reason[];
}

export interface BadRequest {
  readonly method: RouteSpec['method'];
  readonly path: PathPart;
  readonly headers: HeaderPart;
  readonly body: BodyPart;
}

export const because = (why: string, lookup = false): Reason => ({ why, lookup });

export const reasonsOf = (request: BadRequest) => [...request.path.reasons, ...request.headers.reasons, ...request.body.reasons];

/** The request on one line (payload cut short), then why it is bad: for failure messages. */
export function describeRequest(bad: BadRequest): string {
  const payload = bad.body.payload === undefined ? '(no body)' : String(bad.body.payload).slice(0, 300);
  const headers = { ...bad.headers.headers, ...(bad.body.contentType && { 'Content-Type': bad.body.contentType }), ...(bad.body.contentEncoding && { 'Content-Encoding': bad.body.contentEncoding }) };
  return `${bad.method.toUpperCase()} ${bad.path.path.slice(0, 200)} ${JSON.stringify(headers).slice(0, 300)} ${payload}\n  bad because: ${reasonsOf(bad).map((reason) => reason.why).join('; ')}`;
}
