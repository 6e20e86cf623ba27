import { beforeEach, describe, expect, it } from 'vitest';
import { DuplicateNameError, MissingReferenceError } from '../../domain/catalog/catalog-errors.js';
import type { ProductGroupRepository } from '../../domain/catalog/product-group.repository.js';
import type { ProductFields } from '../../domain/catalog/product.js';
import type { ProductRepository } from '../../domain/catalog/product.repository.js';
import { Money } from '../../domain/shared/money.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';

export interface CatalogRepositories {
  readonly categories: ProductGroupRepository;
  readonly tags: ProductGroupRepository;
  readonly products: ProductRepository;
  readonly unitOfWork: UnitOfWork;
}

const fields = (overrides: Partial<ProductFields> = {}): ProductFields => ({
  name: 'Plain T-Shirt',
  price: Money.fromDecimal('14.99'),
  stock: 14,
  categoryId: null,
  ...overrides,
});

/** A product update as the use case makes it: locked and read, then written, in one unit of work; tags kept unless given. */
export function updateProduct(repos: CatalogRepositories, id: number, fields: ProductFields, tagIds?: readonly number[]): Promise<void> {
  return repos.unitOfWork.run(async () => {
    const locked = await repos.products.lockForUpdate(id);
    if (!locked) throw new Error(`no product ${id} to update`);
    await repos.products.update(locked, fields, tagIds ?? locked.tagIds);
  });
}

/**
 * What every implementation of the catalog ports must do. Run against the in-memory and the
 * Sequelize repositories, so the fakes the unit tests use cannot drift from the real thing.
 */
export function catalogRepositoryContract(name: string, fresh: () => Promise<CatalogRepositories>): void {
  describe(`catalog repositories: ${name}`, () => {
    let repos: CatalogRepositories;

    beforeEach(async () => {
      repos = await fresh();
    });

    it('creates groups with ids from 1 and lists them in id order', async () => {
      expect(await repos.categories.create('Shirts')).toEqual({ id: 1, name: 'Shirts' });
      expect(await repos.categories.create('Hats')).toEqual({ id: 2, name: 'Hats' });
      expect(await repos.categories.listPage({ limit: 10 })).toEqual([
        { id: 1, name: 'Shirts', products: [], productCount: 0 },
        { id: 2, name: 'Hats', products: [], productCount: 0 },
      ]);
    });

    it('rejects a duplicate name, ignoring case, with the API field name', async () => {
      await repos.categories.create('Shirts');
      await repos.tags.create('blue');
      await expect(repos.categories.create('SHIRTS')).rejects.toThrow(DuplicateNameError);
      await expect(repos.tags.create('Blue')).rejects.toMatchObject({ code: 'DUPLICATE_NAME', fields: [{ field: 'tag_name' }] });
      const hats = await repos.categories.create('Hats');
      await expect(repos.categories.rename(hats.id, 'shirts')).rejects.toMatchObject({ fields: [{ field: 'category_name' }] });
      expect(await repos.categories.rename(hats.id, 'HATS')).toEqual({ id: hats.id, name: 'HATS' });
    });

    it('reports missing ids in the order asked', async () => {
      await repos.tags.create('a');
      await repos.tags.create('b');
      expect(await repos.tags.findMissingIds([3, 1, 9, 2])).toEqual([3, 9]);
      expect(await repos.tags.findMissingIds([])).toEqual([]);
    });

    it('returns null or false for groups that do not exist', async () => {
      expect(await repos.categories.findWithProducts(1)).toBeNull();
      expect(await repos.categories.rename(1, 'x')).toBeNull();
      expect(await repos.categories.delete(1)).toBe(false);
    });

    it('lockForUpdate reads the row (null when there is none), inside a unit of work', async () => {
      const hats = await repos.categories.create('Hats');
      const productId = await repos.products.create({ name: 'Cap', price: Money.fromDecimal('9.99', 'price'), stock: 1, categoryId: hats.id }, []);
      expect(await repos.unitOfWork.run(() => repos.categories.lockForUpdate(hats.id))).toBe(true);
      expect(await repos.unitOfWork.run(() => repos.tags.lockForUpdate(1))).toBe(false);
      expect(await repos.unitOfWork.run(() => repos.products.lockForUpdate(productId))).toMatchObject({ id: productId, name: 'Cap', categoryId: hats.id, tagIds: [] });
      expect(await repos.unitOfWork.run(() => repos.products.lockForUpdate(productId + 1))).toBeNull();
    });

    it('stores a product exactly, price to the cent, with its category and tags in id order', async () => {
      const shirts = await repos.categories.create('Shirts');
      const white = await repos.tags.create('white');
      const gold = await repos.tags.create('gold');
      const id = await repos.products.create(fields({ categoryId: shirts.id, price: Money.fromDecimal('99999999.99') }), [
        gold.id,
        white.id,
      ]);
      const details = await repos.products.findDetails(id);
      expect(details).toMatchObject({ id, name: 'Plain T-Shirt', stock: 14, categoryId: shirts.id, category: shirts });
      expect(details!.price.toDecimal()).toBe('99999999.99');
      expect(details!.tags).toEqual([white, gold]);
      expect((await repos.products.findById(id))!.tagIds).toEqual([white.id, gold.id]);
      expect((await repos.categories.findWithProducts(shirts.id))!.products.map((p) => p.id)).toEqual([id]);
      expect((await repos.tags.findWithProducts(gold.id))!.products.map((p) => p.id)).toEqual([id]);
    });

    it('keeps cents exact across many prices', async () => {
      const prices = ['0.00', '0.01', '0.10', '0.29', '14.99', '22.99', '1000.10', '12345678.91'];
      for (const price of prices) await repos.products.create(fields({ price: Money.fromDecimal(price) }), []);
      const stored = await repos.products.listPage({ filter: {}, sort: 'id', limit: 100 });
      expect(stored.map((p) => p.price.toDecimal())).toEqual(prices);
    });

    it('enforces the references a database would', async () => {
      await expect(repos.products.create(fields({ categoryId: 42 }), [])).rejects.toThrow(MissingReferenceError);
      await expect(repos.products.create(fields(), [42])).rejects.toMatchObject({ fields: [{ field: 'tagIds' }] });
    });

    it('updates fields and replaces tags exactly', async () => {
      const [a, b, c] = [await repos.tags.create('a'), await repos.tags.create('b'), await repos.tags.create('c')];
      const id = await repos.products.create(fields(), [a.id, b.id]);
      const tee = fields({ name: 'Tee', stock: 0, price: Money.fromDecimal('1.50') });
      await updateProduct(repos, id, tee, [c.id, b.id]);
      const product = await repos.products.findById(id);
      expect(product).toMatchObject({ name: 'Tee', stock: 0, tagIds: [b.id, c.id] });
      expect(product!.price.toDecimal()).toBe('1.50');
      await updateProduct(repos, id, tee);
      expect((await repos.products.findById(id))!.tagIds).toEqual([b.id, c.id]);
      await updateProduct(repos, id, tee, []);
      expect((await repos.products.findById(id))!.tagIds).toEqual([]);
    });

    it('deleting a category uncategorizes its products; deleting a tag or product removes links', async () => {
      const shirts = await repos.categories.create('Shirts');
      const blue = await repos.tags.create('blue');
      const red = await repos.tags.create('red');
      const one = await repos.products.create(fields({ categoryId: shirts.id }), [blue.id, red.id]);
      const two = await repos.products.create(fields(), [blue.id]);
      expect(await repos.categories.delete(shirts.id)).toBe(true);
      expect(await repos.products.findDetails(one)).toMatchObject({ categoryId: null, category: null });
      expect(await repos.tags.delete(red.id)).toBe(true);
      expect((await repos.products.findById(one))!.tagIds).toEqual([blue.id]);
      expect(await repos.products.delete(one)).toBe(true);
      expect(await repos.products.delete(one)).toBe(false);
      expect((await repos.tags.findWithProducts(blue.id))!.products.map((p) => p.id)).toEqual([two]);
    });

    it('a unit of work that fails leaves nothing behind', async () => {
      const tag = await repos.tags.create('blue');
      await expect(
        repos.unitOfWork.run(async () => {
          await repos.categories.create('Temporary');
          await repos.products.create(fields(), [tag.id]);
          await repos.products.create(fields(), [999]);
        }),
      ).rejects.toThrow(MissingReferenceError);
      expect(await repos.categories.listPage({ limit: 10 })).toEqual([]);
      expect(await repos.products.listPage({ filter: {}, sort: 'id', limit: 10 })).toEqual([]);
      expect((await repos.tags.findWithProducts(tag.id))!.products).toEqual([]);
    });

    it('a unit of work that succeeds keeps everything', async () => {
      const id = await repos.unitOfWork.run(async () => {
        const category = await repos.categories.create('Shirts');
        return repos.products.create(fields({ categoryId: category.id }), []);
      });
      expect((await repos.products.findDetails(id))!.category).toEqual({ id: 1, name: 'Shirts' });
    });
  });
}
