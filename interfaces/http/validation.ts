import type { z } from 'zod';
import type { ProblemField } from './errors/problem.js';
import { RequestValidationError } from './errors/request-validation.error.js';

type Location = 'body' | 'path' | 'query' | 'header';

/** Parses one part of the request, or throws a 400 that names every offending field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: Location): z.output<S> {
  if (location === 'query') refuseRepeatedParameters(value);
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw new RequestValidationError(result.error.issues.flatMap((issue) => toProblemFields(issue, location)));
}

/** `?limit=2&limit=3` arrives as an array: say so, rather than "must be a string". */
function refuseRepeatedParameters(query: unknown): void {
  const repeated = Object.entries(query ?? {}).filter(([, value]) => Array.isArray(value));
  if (repeated.length > 0) throw new RequestValidationError(repeated.map(([name]) => ({ parameter: name, detail: 'is given more than once' })));
}

function toProblemFields(issue: z.core.$ZodIssue, location: Location): ProblemField[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => locate([...issue.path, key], location, 'is not a known field'));
  }
  return [locate(issue.path, location, describe(issue))];
}

const EXPECTED: Record<string, string> = { object: 'an object', array: 'an array', int: 'an integer' };

/** Zod's defaults ("Invalid input: expected string, received undefined") rephrased for API clients. */
function describe(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (issue.input === undefined) return 'is required';
  if (!issue.message.startsWith('Invalid input')) return issue.message;
  return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}`;
}

function locate(path: readonly PropertyKey[], location: Location, detail: string): ProblemField {
  if (location === 'body') return { pointer: path.map((key) => `/${String(key)}`).join(''), detail };
  return { parameter: path.map(String).join('.'), detail };
}
