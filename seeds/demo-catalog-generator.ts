import type { ImportedProduct } from '../domain/catalog/catalog-import.port.js';
import { distinctTagIds, validProductFields } from '../domain/catalog/product.js';
import { Money } from '../domain/shared/money.js';

/**
 * A large, realistic-looking demo catalog, generated deterministically: the same seed and count
 * always give the same products, and the first M products are the same for any count >= M.
 * Category and tag names never clash (ignoring case) with the assignment's demo data or with the
 * names the Insomnia collection and API tests create.
 */

const FABRIC = ['Cotton', 'Organic Cotton', 'Linen', 'Wool', 'Merino', 'Denim', 'Silk', 'Cashmere', 'Fleece', 'Jersey'];
const LEATHER = ['Leather', 'Suede', 'Canvas', 'Nylon', 'Vegan Leather', 'Mesh'];
const HARD = ['Bamboo', 'Oak', 'Walnut', 'Ceramic', 'Glass', 'Stainless Steel', 'Cast Iron', 'Copper', 'Marble'];
const METAL = ['Silver', 'Gold-Plated', 'Titanium', 'Stainless Steel', 'Rose Gold', 'Brass'];
const NONE: string[] = [];

const CATEGORIES: readonly { name: string; nouns: readonly string[]; materials: readonly string[] }[] = [
  { name: 'Tees & Polos', nouns: ['T-Shirt', 'Polo Shirt', 'Henley Shirt', 'Tank Top', 'Long Sleeve Tee'], materials: FABRIC },
  { name: 'Jackets', nouns: ['Jacket', 'Parka', 'Bomber Jacket', 'Rain Jacket', 'Blazer'], materials: [...FABRIC, ...LEATHER] },
  { name: 'Jeans & Trousers', nouns: ['Jeans', 'Chinos', 'Trousers', 'Joggers', 'Cargo Pants'], materials: FABRIC },
  { name: 'Dresses', nouns: ['Dress', 'Maxi Dress', 'Wrap Dress', 'Shirt Dress', 'Sundress'], materials: FABRIC },
  { name: 'Knitwear', nouns: ['Sweater', 'Cardigan', 'Hoodie', 'Turtleneck', 'Vest'], materials: FABRIC },
  { name: 'Boots', nouns: ['Boots', 'Chelsea Boots', 'Hiking Boots', 'Ankle Boots', 'Rain Boots'], materials: LEATHER },
  { name: 'Sandals', nouns: ['Sandals', 'Flip-Flops', 'Slides', 'Espadrilles'], materials: LEATHER },
  { name: 'Bags', nouns: ['Backpack', 'Tote Bag', 'Messenger Bag', 'Duffel Bag', 'Wallet'], materials: LEATHER },
  { name: 'Accessories', nouns: ['Scarf', 'Beanie', 'Gloves', 'Belt', 'Cap'], materials: [...FABRIC, ...LEATHER] },
  { name: 'Watches', nouns: ['Watch', 'Chronograph', 'Dive Watch', 'Smartwatch Band'], materials: METAL },
  { name: 'Jewelry', nouns: ['Necklace', 'Bracelet', 'Ring', 'Earrings', 'Pendant'], materials: METAL },
  { name: 'Sunglasses', nouns: ['Sunglasses', 'Aviators', 'Reading Glasses'], materials: METAL },
  { name: 'Home Decor', nouns: ['Vase', 'Picture Frame', 'Candle Holder', 'Wall Clock', 'Mirror'], materials: HARD },
  { name: 'Kitchen', nouns: ['Frying Pan', 'Chef Knife', 'Cutting Board', 'Mug', 'Salad Bowl'], materials: HARD },
  { name: 'Bedding', nouns: ['Duvet Cover', 'Pillowcase', 'Throw Blanket', 'Sheet Set', 'Quilt'], materials: FABRIC },
  { name: 'Toys', nouns: ['Puzzle', 'Building Blocks', 'Plush Bear', 'Toy Train', 'Kite'], materials: NONE },
  { name: 'Books', nouns: ['Cookbook', 'Travel Guide', 'Novel', 'Notebook', 'Sketchbook'], materials: NONE },
  { name: 'Sports', nouns: ['Yoga Mat', 'Water Bottle', 'Jump Rope', 'Tennis Racket', 'Running Shorts'], materials: NONE },
  { name: 'Outdoor', nouns: ['Tent', 'Sleeping Bag', 'Camping Chair', 'Headlamp', 'Hammock'], materials: NONE },
  { name: 'Vinyl & CDs', nouns: ['Vinyl Record', 'Box Set', 'Live Album', 'Soundtrack'], materials: NONE },
];

const ADJECTIVES = [
  'Classic', 'Vintage', 'Modern', 'Essential', 'Premium', 'Everyday', 'Slim', 'Relaxed', 'Rustic', 'Urban',
  'Lightweight', 'Heavy-Duty', 'Handcrafted', 'Minimalist', 'Retro', 'Deluxe', 'Compact', 'Signature', 'Original', 'Soft',
];
const COLOURS = ['Black', 'Charcoal', 'Ivory', 'Olive', 'Burgundy', 'Sand', 'Sky Blue', 'Forest Green', 'Mustard', 'Coral'];

export const DEMO_CATEGORY_NAMES: readonly string[] = CATEGORIES.map((category) => category.name);

export const DEMO_TAG_NAMES: readonly string[] = [
  'new arrival', 'bestseller', 'on sale', 'last chance', 'limited edition', 'eco-friendly', 'organic', 'handmade',
  'vegan', 'recycled', 'gift idea', 'premium quality', 'budget pick', 'unisex', 'kids', 'women', 'men', 'summer',
  'winter', 'spring', 'autumn', 'outdoors', 'indoors', 'travel', 'office', 'athletic', 'casual', 'formal',
  'vintage style', 'minimalist', 'waterproof', 'lightweight', 'breathable', 'machine washable', 'fair trade',
  'local brand', 'imported', 'exclusive', 'online only', 'back in stock', 'staff pick', 'trending', 'award winner',
  'black', 'beige', 'grey', 'pink', 'brown', 'multicolour', 'free shipping',
];

export const DEMO_PRICE_RANGE = { minCents: 199, maxCents: 49_999 } as const;
export const DEMO_MAX_STOCK = 500;

/** The ids the store gave DEMO_CATEGORY_NAMES and DEMO_TAG_NAMES, in the same order. */
export interface DemoCatalogIds {
  readonly categoryIds: readonly number[];
  readonly tagIds: readonly number[];
}

/** Yields `count` products in batches of `batchSize` (the last one may be shorter). */
export function* demoProductBatches(
  count: number,
  ids: DemoCatalogIds,
  options: { batchSize?: number; seed?: number } = {},
): Generator<ImportedProduct[]> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`product count must be a non-negative integer, got ${count}`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  if (ids.categoryIds.length !== CATEGORIES.length || ids.tagIds.length !== DEMO_TAG_NAMES.length) {
    throw new RangeError(`expected ${CATEGORIES.length} category ids and ${DEMO_TAG_NAMES.length} tag ids`);
  }
  const random = mulberry32(options.seed ?? 20_261_126);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    yield Array.from({ length: size }, () => demoProduct(random, ids));
  }
}

function demoProduct(random: () => number, ids: DemoCatalogIds): ImportedProduct {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const categoryIndex = Math.floor(random() * CATEGORIES.length);
  const category = CATEGORIES[categoryIndex]!;
  const words = [pick(ADJECTIVES)];
  if (random() < 0.3) words.push(pick(COLOURS));
  if (category.materials.length > 0 && random() < 0.7) words.push(pick(category.materials));
  words.push(pick(category.nouns));
  const fields = validProductFields({
    name: words.join(' '),
    price: Money.fromCents(price(random)),
    stock: random() < 0.08 ? 0 : 1 + Math.floor(random() * DEMO_MAX_STOCK),
    categoryId: ids.categoryIds[categoryIndex]!,
  });
  return { fields, tagIds: distinctTagIds(tags(random, ids.tagIds)) };
}

/** Mostly shop-like prices (x.99, x.49, x.95, x.00), spread log-uniformly so cheap items are common. */
function price(random: () => number): number {
  const { minCents, maxCents } = DEMO_PRICE_RANGE;
  const dollars = Math.floor(Math.exp(Math.log(minCents / 100) + random() * Math.log(maxCents / minCents)));
  const endings = [99, 99, 99, 49, 95, 0, Math.floor(random() * 100)];
  const cents = dollars * 100 + endings[Math.floor(random() * endings.length)]!;
  return Math.min(maxCents, Math.max(minCents, cents));
}

/** 0 to 4 distinct tags, 2 the most common. */
function tags(random: () => number, tagIds: readonly number[]): number[] {
  const roll = random();
  const count = roll < 0.15 ? 0 : roll < 0.4 ? 1 : roll < 0.7 ? 2 : roll < 0.9 ? 3 : 4;
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(tagIds[Math.floor(random() * tagIds.length)]!);
  return [...chosen];
}

/** A small, fast, seeded PRNG (Tommy Ettinger's mulberry32): uniform floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
