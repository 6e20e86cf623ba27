import { expect } from 'vitest';

/** A 429 as every policy answers it: problem+json RATE_LIMITED, Retry-After, and the policy's draft-8 headers. */
export function expectRateLimited(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, policy: string): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: 'about:blank', status: 429, title: 'Too many requests', code: 'RATE_LIMITED' });
  expect(res.body.detail).toMatch(/try again in \d+ seconds/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.headers.ratelimit).toMatch(new RegExp(`"${policy}"; r=0; t=\\d+`));
  expect(res.headers['ratelimit-policy']).toMatch(new RegExp(`"${policy}"; q=\\d+; w=\\d+`));
}
