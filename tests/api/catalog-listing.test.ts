import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Product = { id: number; price: number; product_name: string; stock: number; category_id: number | null };

/** The URL of the Link header's rel="next", or null. */
function nextLink(res: request.Response): string | null {
  return /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1] ?? null;
}

/** Follows rel="next" from `path` to the end; returns every page's ids. */
async function followPages(path: string): Promise<number[][]> {
  const pages: number[][] = [];
  for (let url: string | null = path; url && pages.length < 50; ) {
    const res = await request(t.app).get(url).expect(200);
    pages.push(res.body.map((item: { id: number }) => item.id));
    url = nextLink(res);
  }
  return pages;
}

const ids = (res: request.Response) => res.body.map((p: Product) => p.id);

describe('GET /api/products: pages, filters, search and sorts', () => {
  it('answers the seed catalog as one plain array with a first link and no next', async () => {
    const res = await request(t.app).get('/api/products').expect(200);
    expect(ids(res)).toEqual([1, 2, 3, 4, 5]);
    expect(res.headers.link).toBe('</api/products?limit=50>; rel="first"');
    expect(res.headers['x-total-count']).toBeUndefined();
  });

  it('pages with limit and the Link rel="next" cursor, keeping filters and sort', async () => {
    expect(await followPages('/api/products?limit=2')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await followPages('/api/products?limit=2&sort=price')).toEqual([[4, 1], [3, 5], [2]]);
    expect(await followPages('/api/products?limit=1&sort=-price&price_max=29.99')).toEqual([[5], [3], [1], [4]]);
    const first = await request(t.app).get('/api/products?limit=2&sort=newest&in_stock=true').expect(200);
    expect(first.headers.link).toMatch(/^<\/api\/products\?limit=2&sort=newest&in_stock=true&cursor=[\w-]+>; rel="next", <\/api\/products\?limit=2&sort=newest&in_stock=true>; rel="first"$/);
  });

  it('filters by category, tags, price range and stock, and counts on request', async () => {
    expect(ids(await request(t.app).get('/api/products?category_id=1').expect(200))).toEqual([1]);
    expect(ids(await request(t.app).get('/api/products?tag_id=1').expect(200))).toEqual([3, 4]);
    expect(ids(await request(t.app).get('/api/products?tag_id=6,3').expect(200))).toEqual([1, 2, 3, 5]);
    expect(ids(await request(t.app).get('/api/products?price_min=20&price_max=29.99').expect(200))).toEqual([3, 5]);
    const counted = await request(t.app).get('/api/products?tag_id=6,3&limit=1&count=true').expect(200);
    expect(ids(counted)).toEqual([1]);
    expect(counted.headers['x-total-count']).toBe('4');
  });

  it('searches names by word prefixes (whole words under 3 letters) in any order, ignoring case', async () => {
    expect(ids(await request(t.app).get('/api/products?q=shirt%20PLAIN').expect(200))).toEqual([1]);
    expect(ids(await request(t.app).get('/api/products?q=run+sneak').expect(200))).toEqual([2]);
    expect(ids(await request(t.app).get('/api/products?q=t').expect(200))).toEqual([1]);
    expect(ids(await request(t.app).get('/api/products?q=to').expect(200))).toEqual([]);
    expect(ids(await request(t.app).get('/api/products?q=top').expect(200))).toEqual([4]);
    expect(ids(await request(t.app).get('/api/products?q=hat&category_id=1').expect(200))).toEqual([]);
  });

  it('sorts by product_name and newest', async () => {
    const byName = await request(t.app).get('/api/products?sort=product_name').expect(200);
    expect(byName.body.map((p: Product) => p.product_name)).toEqual([
      'Branded Baseball Hat', 'Cargo Shorts', 'Plain T-Shirt', 'Running Sneakers', 'Top 40 Music Compilation Vinyl Record',
    ]);
    expect(ids(await request(t.app).get('/api/products?sort=newest').expect(200))).toEqual([5, 4, 3, 2, 1]);
  });

  it.each([
    ['limit=101', 'limit', /from 1 to 100/],
    ['limit=0', 'limit', /from 1 to 100/],
    ['limit=ten', 'limit', /whole number/],
    ['sort=cheapest', 'sort', /one of id, price, -price, product_name, newest/],
    ['category_id=0', 'category_id', /positive integer/],
    ['tag_id=1,,2', 'tag_id', /comma/],
    ['price_min=1.234', 'price_min', /decimal amount/],
    ['price_min=30&price_max=20', 'price_max', /below price_min/],
    ['in_stock=yes', 'in_stock', /true or false/],
    ['q=%20-%20', 'q', /letter or a digit/],
    ['count=1', 'count', /true or false/],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor', /not a cursor/],
    ['colour=red', 'colour', /not a known field/],
  ])('400 names the parameter for %s', async (query, parameter, detail) => {
    const res = await request(t.app).get(`/api/products?${query}`).expect(400).expect('Content-Type', /problem\+json/);
    expect(res.body.errors).toEqual([{ parameter, detail: expect.stringMatching(detail) }]);
  });

  it('refuses a cursor issued for another sort', async () => {
    const next = nextLink(await request(t.app).get('/api/products?limit=1&sort=price').expect(200))!;
    const cursor = new URL(next, 'http://x').searchParams.get('cursor');
    const res = await request(t.app).get(`/api/products?limit=1&cursor=${cursor}`).expect(400);
    expect(res.body.errors).toEqual([{ parameter: 'cursor', detail: expect.stringMatching(/sort=price/) }]);
  });
});

describe('categories and tags: pages of groups with bounded embedded products', () => {
  it('pages categories and tags by id, with counts and links to their full product lists', async () => {
    expect(await followPages('/api/categories?limit=2')).toEqual([[1, 2], [3, 4], [5]]);
    expect(await followPages('/api/tags?limit=3')).toEqual([[1, 2, 3], [4, 5, 6], [7, 8]]);
    const counted = await request(t.app).get('/api/tags?limit=1&count=true').expect(200);
    expect(counted.headers['x-total-count']).toBe('8');
    expect(counted.body).toEqual([
      expect.objectContaining({ id: 1, tag_name: 'rock music', product_count: 2, products_url: '/api/products?tag_id=1' }),
    ]);
    await request(t.app).get('/api/categories?limit=500').expect(400);
  });

  it('embeds at most 20 products; product_count and products_url give the rest', async () => {
    const category = (await request(t.app).post('/api/categories').set(t.admin).send({ category_name: 'Socks' }).expect(201)).body;
    const tag = (await request(t.app).post('/api/tags').set(t.admin).send({ tag_name: 'wool' }).expect(201)).body;
    const created: number[] = [];
    for (let n = 1; n <= 23; n++) {
      const body = { product_name: `Sock ${n}`, price: 3, category_id: category.id, tagIds: [tag.id] };
      created.push((await request(t.app).post('/api/products').set(t.admin).send(body).expect(201)).body.id);
    }
    for (const path of [`/api/categories/${category.id}`, `/api/tags/${tag.id}`]) {
      const group = (await request(t.app).get(path).expect(200)).body;
      expect(group.product_count).toBe(23);
      expect(group.products.map((p: Product) => p.id)).toEqual(created.slice(0, 20));
      const pages = await followPages(`${group.products_url}&limit=10`);
      expect(pages.flat()).toEqual(created);
    }
    await request(t.app).delete(`/api/products/${created[0]}`).set(t.admin).expect(204);
    await request(t.app).put(`/api/products/${created[1]}`).set(t.admin).send({ category_id: null, tagIds: [] }).expect(200);
    expect((await request(t.app).get(`/api/categories/${category.id}`).expect(200)).body.product_count).toBe(21);
    expect((await request(t.app).get(`/api/tags/${tag.id}`).expect(200)).body.product_count).toBe(21);
    await t.reseed();
  });
});

describe('HTTP caching and compression', () => {
  it('sends an ETag and answers 304 to If-None-Match while nothing changed', async () => {
    const first = await request(t.app).get('/api/products?limit=3').expect(200);
    expect(first.headers.etag).toMatch(/^"[\w+/=-]+"$/);
    const again = await request(t.app).get('/api/products?limit=3').set('If-None-Match', first.headers.etag!).expect(304);
    expect(again.text ?? '').toBe('');
    await request(t.app).put('/api/products/1').set(t.admin).send({ stock: 13 }).expect(200);
    const changed = await request(t.app).get('/api/products?limit=3').set('If-None-Match', first.headers.etag!).expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    await request(t.app).put('/api/products/1').set(t.admin).send({ stock: 14 }).expect(200);
  });

  it('gzips bodies of 1 kB and more for clients that accept it, and leaves small ones alone', async () => {
    const big = await request(t.app).get('/api/products').set('Accept-Encoding', 'gzip').expect(200);
    expect(big.headers['content-encoding']).toBe('gzip');
    expect(big.headers.vary).toMatch(/Accept-Encoding/);
    expect(ids(big)).toEqual([1, 2, 3, 4, 5]);
    const small = await request(t.app).get('/api/products/1').set('Accept-Encoding', 'gzip').expect(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    const plain = await request(t.app).get('/api/products').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});
