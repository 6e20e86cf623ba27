import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { apiSecurityHeaders, docsPageSecurityHeaders, DOCS_PAGE_PATH } from '../../interfaces/http/operations/security-headers.js';

describe('the headers of an HTML page (the docs)', () => {
  it('replaces the API set with a web page set on that route only', async () => {
    const app = express();
    app.use(apiSecurityHeaders);
    app.get(DOCS_PAGE_PATH, docsPageSecurityHeaders(), (_req, res) => void res.type('html').send('<!doctype html><title>docs</title>'));
    app.get('/api/thing', (_req, res) => void res.json({}));
    const page = await request(app).get(DOCS_PAGE_PATH).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    const json = await request(app).get('/api/thing').expect(200);
    expect(json.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(json.headers['x-frame-options']).toBeUndefined();
  });
});
