import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { RouteAccess } from './auth/route-access.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One route: how Express serves it and how the OpenAPI document describes it, from the same
 * schemas that validate it, so the two cannot drift.
 */
export interface RouteSpec {
  readonly method: HttpMethod;
  /** Express syntax: `/api/products/:id`. */
  readonly path: string;
  readonly handler: RequestHandler;
  /** Who may call it; enforced before the handler and published in the OpenAPI document. */
  readonly access: RouteAccess;
  readonly tag: string;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly headers?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
    readonly headers?: Readonly<Record<string, string>>;
  };
  /** Error statuses this route can answer with, besides 500. */
  readonly errors: readonly number[];
}
