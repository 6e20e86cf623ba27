import { beforeEach, describe, expect, it } from 'vitest';
import { MissingReferenceError } from '../../domain/catalog/catalog-errors.js';
import { InvalidInputError, NotFoundError } from '../../domain/shared/domain-error.js';
import { Money } from '../../domain/shared/money.js';
import { everyProduct, inMemoryCatalog } from '../support/in-memory-catalog.js';

const price = (text: string) => Money.fromDecimal(text);

describe('product use cases', () => {
  let catalog: ReturnType<typeof inMemoryCatalog>;

  beforeEach(async () => {
    catalog = inMemoryCatalog();
    await catalog.seed();
  });

  it('seeds the assignment\'s catalog with its ids', async () => {
    const products = (await catalog.listProducts.execute(everyProduct)).products;
    expect(products.map((p) => [p.id, p.name, p.price.toDecimal(), p.stock, p.categoryId])).toEqual([
      [1, 'Plain T-Shirt', '14.99', 14, 1],
      [2, 'Running Sneakers', '90.00', 25, 5],
      [3, 'Branded Baseball Hat', '22.99', 12, 4],
      [4, 'Top 40 Music Compilation Vinyl Record', '12.99', 50, 3],
      [5, 'Cargo Shorts', '29.99', 22, 2],
    ]);
    expect(products.map((p) => p.tags.map((t) => t.id))).toEqual([[6, 7, 8], [6], [1, 3, 4, 5], [1, 2, 8], [3]]);
  });

  it('creates a product with its category and tags; stock defaults to 10', async () => {
    const ball = await catalog.createProduct.execute({ name: 'Basketball', price: price('200.00'), categoryId: 1, tagIds: [4, 1] });
    expect(ball).toMatchObject({ id: 6, name: 'Basketball', stock: 10, categoryId: 1, category: { id: 1, name: 'Shirts' } });
    expect(ball.price.cents).toBe(20000);
    expect(ball.tags.map((t) => t.id)).toEqual([1, 4]);
    expect((await catalog.getTag.execute(4)).products.map((p) => p.id)).toEqual([3, 6]);
  });

  it('creates an uncategorized product without tags', async () => {
    const ball = await catalog.createProduct.execute({ name: 'Ball', price: price('1') });
    expect(ball).toMatchObject({ categoryId: null, category: null, tags: [] });
  });

  it('rejects a missing category or tags by field, and writes nothing', async () => {
    await expect(catalog.createProduct.execute({ name: 'X', price: price('1'), categoryId: 99 })).rejects.toMatchObject({
      code: 'MISSING_REFERENCE',
      fields: [{ field: 'category_id', detail: 'id 99 does not exist' }],
    });
    await expect(catalog.createProduct.execute({ name: 'X', price: price('1'), tagIds: [1, 98, 99] })).rejects.toMatchObject({
      fields: [{ field: 'tagIds', detail: 'ids 98, 99 do not exist' }],
    });
    expect((await catalog.listProducts.execute(everyProduct)).products).toHaveLength(5);
  });

  it('rejects a repeated tag id, a negative or huge stock, a price beyond DECIMAL(10,2)', async () => {
    await expect(catalog.createProduct.execute({ name: 'X', price: price('1'), tagIds: [1, 2, 1] })).rejects.toMatchObject({
      fields: [{ field: 'tagIds/2' }],
    });
    await expect(catalog.createProduct.execute({ name: 'X', price: price('1'), stock: -1 })).rejects.toThrow(InvalidInputError);
    await expect(catalog.createProduct.execute({ name: 'X', price: price('1'), stock: 2 ** 31 })).rejects.toThrow(/stock/);
    await expect(catalog.createProduct.execute({ name: 'X', price: Money.fromCents(10_000_000_000) })).rejects.toThrow(/price/);
    await expect(catalog.createProduct.execute({ name: ' ', price: price('1') })).rejects.toThrow(/product_name/);
  });

  it('updates only the fields given; tags stay unless tagIds is given', async () => {
    const updated = await catalog.updateProduct.execute({ id: 1, price: price('15.49') });
    expect(updated).toMatchObject({ name: 'Plain T-Shirt', stock: 14, categoryId: 1 });
    expect(updated.price.toDecimal()).toBe('15.49');
    expect(updated.tags.map((t) => t.id)).toEqual([6, 7, 8]);
  });

  it('makes the tags exactly tagIds when given, [] included', async () => {
    expect((await catalog.updateProduct.execute({ id: 1, tagIds: [8, 2] })).tags.map((t) => t.id)).toEqual([2, 8]);
    expect((await catalog.updateProduct.execute({ id: 1, tagIds: [] })).tags).toEqual([]);
  });

  it('uncategorizes with categoryId null', async () => {
    expect(await catalog.updateProduct.execute({ id: 1, categoryId: null })).toMatchObject({ categoryId: null, category: null });
  });

  it('a rejected update changes nothing', async () => {
    await expect(catalog.updateProduct.execute({ id: 1, stock: 3, tagIds: [1, 99] })).rejects.toThrow(MissingReferenceError);
    const shirt = await catalog.getProduct.execute(1);
    expect(shirt.stock).toBe(14);
    expect(shirt.tags.map((t) => t.id)).toEqual([6, 7, 8]);
    await expect(catalog.updateProduct.execute({ id: 99, stock: 1 })).rejects.toThrow(NotFoundError);
  });

  it('rolls back the whole unit of work when a later step fails', async () => {
    await expect(
      catalog.unitOfWork.run(async () => {
        await catalog.createProduct.execute({ name: 'Ghost', price: price('1'), tagIds: [1] });
        throw new Error('later step failed');
      }),
    ).rejects.toThrow('later step failed');
    expect((await catalog.listProducts.execute(everyProduct)).products).toHaveLength(5);
    expect((await catalog.getTag.execute(1)).products.map((p) => p.id)).toEqual([3, 4]);
  });

  it('deletes a product with its tag links; 404 for an unknown one', async () => {
    await catalog.deleteProduct.execute(3);
    await expect(catalog.getProduct.execute(3)).rejects.toThrow(NotFoundError);
    expect((await catalog.getTag.execute(1)).products.map((p) => p.id)).toEqual([4]);
    await expect(catalog.deleteProduct.execute(3)).rejects.toThrow('product 3 does not exist');
  });
});
