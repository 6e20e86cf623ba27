import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateNameError } from '../../domain/catalog/catalog-errors.js';
import { InvalidInputError, NotFoundError } from '../../domain/shared/domain-error.js';
import { everyProduct, inMemoryCatalog } from '../support/in-memory-catalog.js';

describe('category and tag use cases', () => {
  let catalog: ReturnType<typeof inMemoryCatalog>;

  beforeEach(async () => {
    catalog = inMemoryCatalog();
    await catalog.seed();
  });

  it('lists categories in id order, each with its products', async () => {
    const categories = (await catalog.listCategories.execute({ limit: 100 })).groups;
    expect(categories.map((c) => c.name)).toEqual(['Shirts', 'Shorts', 'Music', 'Hats', 'Shoes']);
    expect(categories[0]!.products.map((p) => p.name)).toEqual(['Plain T-Shirt']);
    expect(categories[0]!.products[0]!.price.toDecimal()).toBe('14.99');
  });

  it('gets a tag with its products, and 404s an unknown one', async () => {
    const rock = await catalog.getTag.execute(1);
    expect(rock.products.map((p) => p.id)).toEqual([3, 4]);
    await expect(catalog.getTag.execute(99)).rejects.toThrow(NotFoundError);
    await expect(catalog.getTag.execute(99)).rejects.toThrow('tag 99 does not exist');
  });

  it('creates with a trimmed name and rejects an empty one', async () => {
    expect(await catalog.createCategory.execute({ name: '  Socks ' })).toEqual({ id: 6, name: 'Socks' });
    await expect(catalog.createCategory.execute({ name: '   ' })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'category_name', detail: 'must not be empty' }],
    });
    await expect(catalog.createTag.execute({ name: 'x'.repeat(256) })).rejects.toThrow(InvalidInputError);
  });

  it('rejects a name already taken, ignoring case, and writes nothing', async () => {
    await expect(catalog.createCategory.execute({ name: 'sHiRtS' })).rejects.toThrow(DuplicateNameError);
    await expect(catalog.createTag.execute({ name: 'BLUE' })).rejects.toMatchObject({
      kind: 'conflict',
      code: 'DUPLICATE_NAME',
      fields: [{ field: 'tag_name' }],
    });
    expect((await catalog.listCategories.execute({ limit: 100 })).groups).toHaveLength(5);
  });

  it('renames, allows keeping its own name in another case, and rejects another\'s name', async () => {
    expect(await catalog.renameCategory.execute({ id: 1, name: 'Tops' })).toEqual({ id: 1, name: 'Tops' });
    expect(await catalog.renameCategory.execute({ id: 1, name: 'TOPS' })).toEqual({ id: 1, name: 'TOPS' });
    await expect(catalog.renameCategory.execute({ id: 1, name: 'shorts' })).rejects.toThrow(DuplicateNameError);
    await expect(catalog.renameTag.execute({ id: 42, name: 'new' })).rejects.toThrow(NotFoundError);
  });

  it('deleting a category leaves its products, uncategorized', async () => {
    await catalog.deleteCategory.execute(1);
    const shirt = await catalog.getProduct.execute(1);
    expect(shirt.categoryId).toBeNull();
    expect(shirt.category).toBeNull();
    await expect(catalog.getCategory.execute(1)).rejects.toThrow(NotFoundError);
    await expect(catalog.deleteCategory.execute(1)).rejects.toThrow(NotFoundError);
  });

  it('deleting a tag removes its links, not its products', async () => {
    await catalog.deleteTag.execute(8);
    expect((await catalog.getProduct.execute(1)).tags.map((t) => t.id)).toEqual([6, 7]);
    expect((await catalog.listProducts.execute(everyProduct)).products).toHaveLength(5);
  });
});
