/**
 * What `npm run bench` drives, as data: change a scenario here and nowhere else.
 *
 * Each connection runs a scenario's steps in order, again and again. Placeholders in paths are
 * filled per catalog by the harness:
 *   {category}  the category with the most products (the lowest id among equals)
 *   {product}   the product in the middle of the id range
 *   {id}        the id in the JSON body the previous step answered (write sequences)
 *
 * Every GET scenario is also served by the baseline (bench/baseline-server.ts), and the harness
 * checks that both answer the same status and JSON. Until paging and filtering land in our API,
 * it ignores limit, category_id, sort and q and answers the full list ("JSON differs").
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Step {
  readonly method: Method;
  readonly path: string;
  readonly body?: unknown;
}

export interface Scenario {
  readonly name: string;
  /** list: a page or embedded list (must not slow down as the catalog grows); item: one row; write: a sequence that changes data. */
  readonly kind: 'list' | 'item' | 'write';
  readonly steps: readonly Step[];
}

export const scenarios: readonly Scenario[] = [
  { name: 'product page', kind: 'list', steps: [{ method: 'GET', path: '/api/products?limit=50' }] },
  { name: 'filtered page', kind: 'list', steps: [{ method: 'GET', path: '/api/products?category_id={category}&limit=50' }] },
  { name: 'price-sorted page', kind: 'list', steps: [{ method: 'GET', path: '/api/products?sort=price&limit=50' }] },
  { name: 'search', kind: 'list', steps: [{ method: 'GET', path: '/api/products?q=cotton%20shirt&limit=50' }] },
  { name: 'product by id', kind: 'item', steps: [{ method: 'GET', path: '/api/products/{product}' }] },
  { name: 'category with products', kind: 'list', steps: [{ method: 'GET', path: '/api/categories/{category}' }] },
  {
    name: 'write mix',
    kind: 'write',
    steps: [
      { method: 'POST', path: '/api/products', body: { product_name: 'Bench Hoodie', price: 39.99, stock: 7, category_id: 1, tagIds: [1, 2, 3] } },
      { method: 'PUT', path: '/api/products/{id}', body: { product_name: 'Bench Hoodie II', price: 34.99, stock: 6, tagIds: [2, 4] } },
      { method: 'DELETE', path: '/api/products/{id}' },
    ],
  },
];

/** The browser front end the access-control bench's requests come from (in CORS_ORIGINS for "on"). */
export const BENCH_ORIGIN = 'http://shop.bench.example';

/** The targets, checked on every run. */
export const TARGETS = {
  connections: 50,
  /** Our req/s over the baseline's, per kind. */
  minRatio: { list: 0.75, item: 0.75, write: 0.6 },
  /** Our req/s at the largest catalog over req/s at the smallest, for list scenarios. */
  minScaling: 0.8,
  maxResponseBytes: 1024 * 1024,
  maxRssBytes: 200 * 1024 * 1024,
  /** Our CPU per catalog GET over the bare Express floor's (bench/express-floor-server.ts). */
  maxFloorCpuRatio: 1.15,
  /** Our peak RSS under load, in the comparison with the floor. */
  maxRssVsFloorBytes: 150 * 1024 * 1024,
  /** What the access-control middleware may add to the server's CPU per catalog GET. */
  maxAccessOverhead: 0.05,
} as const;
