import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS_CSP } from '../../interfaces/http/docs/api-docs.js';
import { launchChromium } from '../support/chromium.js';
import { listen } from '../support/http-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

// A real browser opens GET /api/docs: the reference must load from this server alone, under its
// CSP, show every operation of the document, and send a request that the server really answers.

const DOCS_DIR = path.resolve(import.meta.dirname, '../../docs');

let t: TestApp;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let page: Page;
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([createTestApp({ dialect: 'sqlite' }), launchChromium()]);
  server = await listen(t.app);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${server.url}/`) && !url.startsWith('data:')) foreignRequests.push(url);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await t?.close();
});

describe('GET /api/docs in Chromium', () => {
  it('redirects to /api/docs/ and serves the page with its own CSP; JSON answers keep theirs', async () => {
    const redirect = await fetch(`${server.url}/api/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');
    const html = await fetch(`${server.url}/api/docs/`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toBe(API_DOCS_CSP);
    const json = await fetch(`${server.url}/api/products/1`);
    expect(json.headers.get('content-security-policy')).toBeTruthy();
    expect(json.headers.get('content-security-policy')).not.toBe(API_DOCS_CSP);
  });

  it('shows every operation of the OpenAPI document, loading nothing from elsewhere', { timeout: 60_000 }, async () => {
    const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`))
      .sort();

    await page.goto(`${server.url}/api/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    const shown = await page.locator('.opblock').evaluateAll((blocks) =>
      blocks.map((block) => {
        const method = block.querySelector('.opblock-summary-method')?.textContent ?? '';
        const route = block.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
        return `${method.trim()} ${route}`;
      }),
    );
    expect(shown.sort()).toEqual(documented);
    expect(await page.title()).toContain('API reference');

    mkdirSync(DOCS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(DOCS_DIR, 'api-reference.png'), fullPage: false });
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('sends a GET from the page and shows the server\'s real answer', { timeout: 60_000 }, async () => {
    const operation = page.locator('.opblock-get').filter({ has: page.locator('.opblock-summary-path[data-path="/api/products/{id}"]') });
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('tr[data-param-name="id"] input').fill('1');
    const answered = page.waitForResponse((response) => response.url() === `${server.url}/api/products/1` && response.request().method() === 'GET');
    await operation.locator('button.execute').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    const product = (await response.json()) as { id: number; product_name: string };
    expect(product.id).toBe(1);

    const live = operation.locator('.live-responses-table');
    await expect.poll(() => live.locator('tbody .response-col_status').first().textContent(), { timeout: 15_000 }).toContain('200');
    await expect.poll(() => live.locator('tbody .response-col_description').first().textContent(), { timeout: 15_000 }).toContain(product.product_name);

    // From the operation's header down to the live answer (the documented responses below are long).
    await page.mouse.wheel(0, -100_000);
    const from = (await operation.boundingBox())!;
    const to = (await live.boundingBox())!;
    await page.screenshot({
      path: path.join(DOCS_DIR, 'api-reference-try-it-out.png'),
      fullPage: true,
      clip: { x: from.x, y: from.y, width: from.width, height: to.y + to.height - from.y + 8 },
    });
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
