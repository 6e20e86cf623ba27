import type { z } from 'zod';

/** The JSON Schema a path or query parameter is documented with. */
export interface ParameterType {
  readonly type: 'integer' | 'number' | 'boolean';
  readonly minimum?: number;
  readonly maximum?: number;
  readonly example?: number | boolean;
}

/**
 * Path and query values arrive as text, and their schema parses that text (a regex, then a
 * transform): the document would call them strings. This tells it the type they stand for
 * (`limit=20` is an integer, `in_stock=true` a boolean), without changing what is accepted.
 */
export function documentedAs<S extends z.ZodType>(schema: S, type: ParameterType): S {
  return schema.meta({ param: { schema: { ...type } } });
}
