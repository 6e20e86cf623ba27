import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFingerprinter, describeRowChanges, type DatabaseFingerprint } from '../support/database-snapshot.js';
import { insomniaRenderer, RESPONSE_TAG, VARIABLE, withTagsAsValues } from '../support/insomnia-templates.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Runs insomnia/ecommerce-api.insomnia.json, request by request in the order Insomnia shows it,
 * against the real app, so the collection people import cannot rot: every request must answer
 * 2xx (JSON when it has a body), and the collection must cover every route the app serves.
 */

// ---- The collection: an Insomnia v4 export ----

interface Resource {
  readonly _id: string;
  readonly _type: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly metaSortKey?: number;
}
interface InsomniaRequest extends Resource {
  readonly _type: 'request';
  readonly method: string;
  readonly url: string;
  readonly body: { readonly mimeType?: string; readonly text?: string };
  readonly headers: readonly { readonly name: string; readonly value: string; readonly disabled?: boolean }[];
}
interface InsomniaEnvironment extends Resource {
  readonly _type: 'environment';
  readonly data: Record<string, unknown>;
}
interface InsomniaExport {
  readonly _type: string;
  readonly __export_format: number;
  readonly resources: readonly Resource[];
}

const COLLECTION_FILE = new URL('../../insomnia/ecommerce-api.insomnia.json', import.meta.url);
const collection = JSON.parse(readFileSync(COLLECTION_FILE, 'utf8')) as InsomniaExport;
const resources = collection.resources;
const workspaces = resources.filter((r) => r._type === 'workspace');
const workspace = workspaces[0];
const isRequest = (r: Resource): r is InsomniaRequest => r._type === 'request';
const baseEnvironment = resources.find(
  (r): r is InsomniaEnvironment => r._type === 'environment' && r.parentId === workspace?._id,
);

interface CollectionStep {
  readonly request: InsomniaRequest;
  /** "Products › Create a product with tags": how a person finds it in Insomnia. */
  readonly label: string;
}

/** The requests in the order Insomnia lists them: depth first, siblings by metaSortKey. */
function collectionOrder(parentId: string, folders: readonly string[] = []): CollectionStep[] {
  const children = resources
    .filter((r) => r.parentId === parentId && (r._type === 'request' || r._type === 'request_group'))
    .sort((a, b) => (a.metaSortKey ?? 0) - (b.metaSortKey ?? 0));
  return children.flatMap((child) =>
    isRequest(child)
      ? [{ request: child, label: [...folders, child.name].join(' › ') }]
      : collectionOrder(child._id, [...folders, child.name]),
  );
}
const steps = workspace ? collectionOrder(workspace._id) : [];
const { render, remember } = insomniaRenderer(resources);

const UUID_SEGMENT = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** "GET /api/products/{id}": numeric and UUID path segments become {id}, as in the OpenAPI paths. */
function routeOf(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/\/\d+(?=\/|$)/g, '/{id}').replace(UUID_SEGMENT, '/{id}');
  return `${method.toUpperCase()} ${path}`;
}

// ---- The run ----

let t: TestApp;
let server: Server;
let baseUrl: string;
/** The routes the collection's requests hit, filled in as they run. */
const routesRun = new Map<string, string>();
let fingerprint: () => Promise<DatabaseFingerprint>;
let before: DatabaseFingerprint;

beforeAll(async () => {
  t = await createTestApp();
  server = await new Promise<Server>((resolve, reject) => {
    const s = t.app.listen(0, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fingerprint = await databaseFingerprinter(t.db.sequelize);
  before = await fingerprint();
});

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  await t?.close();
});

describe('insomnia/ecommerce-api.insomnia.json is a well-formed Insomnia v4 export', () => {
  it('has one workspace, a base environment with base_url, and requests in folders', () => {
    expect(collection).toMatchObject({ _type: 'export', __export_format: 4 });
    expect(workspaces, 'exactly one workspace').toHaveLength(1);
    expect(baseEnvironment?.data.base_url, 'the base environment defines base_url').toBe('http://localhost:3001');
    expect(baseEnvironment?.data.api_key, 'the base environment has an api_key for admin requests').toEqual(expect.any(String));
    const folderNames = resources.filter((r) => r._type === 'request_group').map((r) => r.name);
    expect(folderNames).toEqual(expect.arrayContaining(['Categories', 'Products', 'Tags', 'Orders', 'Docs']));
    const ids = resources.map((r) => r._id);
    expect(new Set(ids).size, 'every _id is unique').toBe(ids.length);
    for (const r of resources.filter((r) => r._type !== 'workspace')) {
      expect(resources.some((parent) => parent._id === r.parentId), `"${r.name}" has a parent in the collection`).toBe(true);
    }
    expect(steps.length, 'every request is reachable from the workspace').toBe(resources.filter(isRequest).length);
  });

  it('gives every request with a body valid JSON and Content-Type: application/json', () => {
    for (const { request, label } of steps) {
      expect(request.url.startsWith('{{ _.base_url }}/'), `${label}: URL starts with {{ _.base_url }}`).toBe(true);
      if (!request.body.text) continue;
      expect(request.body.mimeType, `${label}: body mimeType`).toBe('application/json');
      expect(() => JSON.parse(withTagsAsValues(request.body.text!)), `${label}: body is valid JSON once rendered`).not.toThrow();
      const contentType = request.headers.find((h) => !h.disabled && h.name.toLowerCase() === 'content-type');
      expect(contentType?.value, `${label}: Content-Type header`).toBe('application/json');
    }
  });
});

/** "DELETE /api/tags/{id from "Create a tag"}": the URL of a request, short enough for a test name. */
function shortUrl(request: InsomniaRequest): string {
  const url = request.url
    .replace(/^\{\{\s*_\.base_url\s*\}\}/, '')
    .replace(RESPONSE_TAG, (_tag, _attribute, requestId: string) =>
      `{id from "${resources.find((r) => r._id === requestId)?.name ?? requestId}"}`,
    );
  return `${request.method} ${url}`;
}

// Twice over, as a person would: the second run proves the collection can be run again (its POSTs
// do not collide with what the first run left, its DELETEs find what their POSTs just made).
const runs = [1, 2].flatMap((run) =>
  steps.map((step) => [`run ${run}: ${step.label} (${shortUrl(step.request)})`, step] as const),
);

describe('running the collection in order against the real app, twice', () => {
  it.each(runs)(
    '%s answers 2xx',
    async (_title, { request, label }) => {
      const environment = { ...baseEnvironment?.data, base_url: baseUrl, api_key: t.adminKey };
      const url = render(request.url, environment);
      const headers = Object.fromEntries(
        request.headers.filter((h) => !h.disabled).map((h) => [h.name, render(h.value, environment)]),
      );
      const body = request.body.text === undefined ? undefined : render(request.body.text, environment);

      const response = await fetch(url, { method: request.method, headers, body });
      const text = await response.text();
      routesRun.set(routeOf(request.method, url), label);

      const said = `"${label}": ${request.method} ${url} answered ${response.status} ${text.slice(0, 500)}`;
      expect(response.status >= 200 && response.status < 300, `${said}; expected 2xx`).toBe(true);
      if (text.length > 0) {
        expect(response.headers.get('content-type') ?? '', `${said}; expected a JSON body`).toMatch(/^application\/json\b/);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          expect.fail(`${said}; the body does not parse as JSON`);
        }
        remember(request._id, json);
      }
    },
  );

  it('covers every route the app serves, and no route it does not', async () => {
    const response = await fetch(`${baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);
    const served = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => METHODS.has(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    served.push('GET /api/openapi.json'); // served, but not described by the document itself
    expect(served.length).toBeGreaterThanOrEqual(16);

    // Every request of the collection, by its URL template: the seed ids and response tags as {id}.
    const inCollection = new Set(
      steps.map(({ request }) =>
        routeOf(request.method, request.url.replace(RESPONSE_TAG, '1').replace(VARIABLE, 'http://localhost')),
      ),
    );
    const missing = served.filter((route) => !inCollection.has(route));
    const unknown = [...inCollection].filter((route) => !served.includes(route));
    expect(missing, `routes the app serves that the collection has no request for: ${missing.join(', ')}`).toEqual([]);
    expect(unknown, `requests of the collection for routes the app does not serve: ${unknown.join(', ')}`).toEqual([]);
    // ...and the run above did reach each of them.
    const notRun = served.filter((route) => !routesRun.has(route));
    expect(notRun, `routes no request reached in this run: ${notRun.join(', ')}`).toEqual([]);
  });

  // Orders are records: the runs add theirs (and their idempotency keys), and nothing else changes.
  // The catalog (names, prices, stock, tags) is as it was, so a third run reads what the first did.
  it('leaves the database as it was after two runs, but for the orders they placed, none holding demo stock', async () => {
    const after = await fingerprint();
    const ORDER_TABLES = ['orders', 'order_line', 'idempotency_key'];
    const without = (f: DatabaseFingerprint): DatabaseFingerprint => ({
      digest: '',
      tables: Object.fromEntries(Object.entries(f.tables).filter(([table]) => !ORDER_TABLES.includes(table))),
    });
    expect(describeRowChanges(without(before), without(after)), 'rows changed outside the orders').toBe('');
    for (const table of ORDER_TABLES) {
      const removed = (before.tables[table] ?? []).filter((row) => !(after.tables[table] ?? []).includes(row));
      expect(removed, `${table}: rows changed or removed`).toEqual([]);
    }
    const orders = (await (await fetch(`${baseUrl}/api/orders?limit=100`, { headers: { Authorization: `Bearer ${t.adminKey}` } })).json()) as {
      status: string;
      items: { product_id: number | null }[];
    }[];
    expect(orders.length, 'each run places two orders').toBe(4);
    for (const order of orders) {
      // Cancelled (its stock given back), or of the product the collection made and deleted.
      const keepsDemoStock = order.status !== 'cancelled' && order.items.some((item) => item.product_id !== null);
      expect(keepsDemoStock, JSON.stringify(order)).toBe(false);
    }
  });
});
