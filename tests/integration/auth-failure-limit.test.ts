import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createRateLimiters } from '../../interfaces/http/abuse/rate-limits.js';
import { expectRateLimited } from '../support/rate-limit-assertions.js';

// The auth-failure policy on its own, in front of a route that refuses every credential but one,
// as the API's authentication will (401 for a wrong Authorization header).
function fixture(authFailuresPerHour: number) {
  const logged: unknown[] = [];
  const note = (details: object, message: string) => logged.push({ details, message });
  const limiters = createRateLimiters({ perMinute: 0, ordersPerMinute: 0, authFailuresPerHour }, { logger: { warn: note, error: note, info: note } });
  const app: Express = express();
  if (limiters.authFailures) app.use(limiters.authFailures);
  app.get('/thing', (req, res) => {
    const credential = req.headers.authorization;
    if (credential !== undefined && credential !== 'Bearer ek_good') res.status(401).set('WWW-Authenticate', 'Bearer').json({ code: 'UNAUTHENTICATED' });
    else res.json({ ok: true });
  });
  return { app, logged };
}

const wrong = (app: Express) => request(app).get('/thing').set('Authorization', 'Bearer ek_guess');

describe('RATE_LIMIT_AUTH_FAILURES_PER_HOUR', () => {
  it('after that many 401s, requests with credentials get 429, even good ones; anonymous requests go on', async () => {
    const { app, logged } = fixture(3);
    for (let i = 0; i < 3; i++) await wrong(app).expect(401);
    expectRateLimited(await wrong(app), 'auth-failures');
    const good = await request(app).get('/thing').set('Authorization', 'Bearer ek_good');
    expectRateLimited(good, 'auth-failures');
    for (let i = 0; i < 5; i++) {
      const anonymous = await request(app).get('/thing').expect(200);
      expect(anonymous.headers.ratelimit).toBeUndefined();
    }
    // Nothing to warn about in normal use: no express-rate-limit validation fired.
    expect(logged).toEqual([]);
  });

  it('only 401s count: any number of accepted credentials, even at once, leaves the allowance whole', async () => {
    const { app } = fixture(2);
    await Promise.all(Array.from({ length: 30 }, () => request(app).get('/thing').set('Authorization', 'Bearer ek_good').expect(200)));
    await wrong(app).expect(401);
    const last = await wrong(app).expect(401);
    expect(last.headers.ratelimit).toMatch(/^"auth-failures"; r=0; t=\d+$/);
    expectRateLimited(await wrong(app), 'auth-failures');
  });

  it('0 turns it off', async () => {
    const { app } = fixture(0);
    for (let i = 0; i < 25; i++) await wrong(app).expect(401);
  });
});
