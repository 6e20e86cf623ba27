import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH } from '../../domain/catalog/catalog-name.js';
import { seedCategories, seedTags } from '../../seeds/catalog.seed-data.js';
import {
  DEMO_CATEGORY_NAMES,
  DEMO_MAX_STOCK,
  DEMO_PRICE_RANGE,
  DEMO_TAG_NAMES,
  demoProductBatches,
} from '../../seeds/demo-catalog-generator.js';

const ids = {
  categoryIds: DEMO_CATEGORY_NAMES.map((_, i) => 100 + i),
  tagIds: DEMO_TAG_NAMES.map((_, i) => 200 + i),
};
/** Products as plain data, for comparing runs. */
const generate = (count: number, options?: { batchSize?: number; seed?: number }) =>
  [...demoProductBatches(count, ids, options)].flat().map((p) => ({ ...p.fields, price: p.fields.price.cents, tagIds: p.tagIds }));

describe('demo catalog generator', () => {
  it('is deterministic: the same count gives the same products, and a longer run starts with the shorter one', () => {
    const first = generate(3000);
    expect(generate(3000)).toEqual(first);
    expect(generate(1000)).toEqual(first.slice(0, 1000));
    expect(generate(3000, { batchSize: 7 })).toEqual(first);
    expect(generate(3000, { seed: 7 })).not.toEqual(first);
  });

  it('yields batches of the requested size, the last one shorter', () => {
    expect([...demoProductBatches(2500, ids)].map((batch) => batch.length)).toEqual([1000, 1000, 500]);
    expect([...demoProductBatches(0, ids)]).toEqual([]);
  });

  it('makes valid, realistic products: names, prices in range with cents, stock with some zeros, 0-4 known tags', () => {
    const products = generate(20_000);
    const valid = (p: (typeof products)[number]) =>
      p.name.length > 0 && p.name.length <= MAX_NAME_LENGTH && p.name.trim() === p.name &&
      p.price >= DEMO_PRICE_RANGE.minCents && p.price <= DEMO_PRICE_RANGE.maxCents &&
      Number.isInteger(p.stock) && p.stock >= 0 && p.stock <= DEMO_MAX_STOCK &&
      ids.categoryIds.includes(p.categoryId!) &&
      p.tagIds.length <= 4 && new Set(p.tagIds).size === p.tagIds.length && p.tagIds.every((id) => ids.tagIds.includes(id));
    expect(products.filter((p) => !valid(p))).toEqual([]);
    expect(new Set(products.map((p) => p.categoryId)).size).toBe(DEMO_CATEGORY_NAMES.length);
    expect(new Set(products.flatMap((p) => p.tagIds)).size).toBe(DEMO_TAG_NAMES.length);
    const outOfStock = products.filter((p) => p.stock === 0).length / products.length;
    expect(outOfStock).toBeGreaterThan(0.03);
    expect(outOfStock).toBeLessThan(0.15);
    expect(products.some((p) => p.price % 100 !== 0)).toBe(true);
    expect(products.some((p) => /cotton/i.test(p.name) && /shirt/i.test(p.name))).toBe(true);
    expect(new Set(products.map((p) => p.name)).size).toBeGreaterThan(5000);
  });

  it('uses category and tag names that never clash with the demo data (names are unique ignoring case)', () => {
    const lower = (names: readonly string[]) => names.map((name) => name.toLowerCase());
    const categories = lower([...seedCategories.map((c) => c.name), ...DEMO_CATEGORY_NAMES]);
    const tags = lower([...seedTags.map((t) => t.name), ...DEMO_TAG_NAMES]);
    expect(new Set(categories).size).toBe(categories.length);
    expect(new Set(tags).size).toBe(tags.length);
    expect(DEMO_CATEGORY_NAMES.length).toBe(20);
    expect(DEMO_TAG_NAMES.length).toBe(50);
  });
});
