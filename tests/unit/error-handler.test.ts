import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../interfaces/http/errors/error-handler.js';

function appThrowing(error: unknown, logged: unknown[] = []) {
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(errorHandler({ error: (details) => logged.push(details) }));
  return app;
}

describe('an error that carries its own status (http-errors style)', () => {
  it('keeps a 4xx status, with its message when exposed', async () => {
    const error = Object.assign(new Error('request size did not match content length'), { status: 400, expose: true, type: 'request.size.invalid' });
    const res = await request(appThrowing(error)).get('/boom');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', detail: 'request size did not match content length' });
  });

  it('never shows a message that is not exposed', async () => {
    const logged: unknown[] = [];
    const res = await request(appThrowing(Object.assign(new Error('secret internals'), { statusCode: 418 }), logged)).get('/boom');
    expect(res.status).toBe(418);
    expect(res.body).toMatchObject({ code: 'BAD_REQUEST', detail: 'the request cannot be processed as sent' });
    expect(logged).toEqual([]);
  });

  it.each([
    ['a 5xx status', Object.assign(new Error('upstream'), { status: 502, expose: false })],
    ['a status that is not a number', Object.assign(new Error('odd'), { status: '400' })],
    ['no status at all', new Error('bug')],
  ])('is still a 500 INTERNAL, logged, with %s', async (_case, error) => {
    const logged: unknown[] = [];
    const res = await request(appThrowing(error, logged)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL', detail: 'something went wrong on our side; it has been logged' });
    expect(logged).toHaveLength(1);
  });
});
