import { beforeEach, describe, expect, it } from 'vitest';
import { EMBEDDED_PRODUCTS_LIMIT, PRODUCT_SORTS, type ProductFilter, type ProductSort } from '../../domain/catalog/product-listing.js';
import type { ProductDetails, ProductFields } from '../../domain/catalog/product.js';
import { ListProducts } from '../../domain/catalog/use-cases/list-products.use-case.js';
import { ListProductGroups } from '../../domain/catalog/use-cases/list-product-groups.use-case.js';
import { Money } from '../../domain/shared/money.js';
import { updateProduct, type CatalogRepositories } from './catalog-repositories.contract.js';

const fields = (name: string, price: string, overrides: Partial<ProductFields> = {}): ProductFields => ({
  name,
  price: Money.fromDecimal(price),
  stock: 5,
  categoryId: null,
  ...overrides,
});

/** Every page of a listing, `limit` at a time, following the cursors to the end. */
async function allPages(list: ListProducts, filter: ProductFilter, sort: ProductSort, limit: number): Promise<ProductDetails[][]> {
  const pages: ProductDetails[][] = [];
  let after;
  do {
    const page = await list.execute({ filter, sort, limit, after });
    pages.push(page.products);
    after = page.next ?? undefined;
  } while (after && pages.length < 100);
  return pages;
}

/**
 * Paging, filters, sorts, search and the bounded embedded lists, on every implementation of the
 * catalog ports, so the in-memory fakes and the SQL agree row for row.
 */
export function catalogListingContract(name: string, fresh: () => Promise<CatalogRepositories>): void {
  describe(`catalog listing: ${name}`, () => {
    let repos: CatalogRepositories;
    let list: ListProducts;
    let ids: { shirts: number; hats: number; sale: number; new: number };

    beforeEach(async () => {
      repos = await fresh();
      list = new ListProducts(repos.products);
      const shirts = (await repos.categories.create('Shirts')).id;
      const hats = (await repos.categories.create('Hats')).id;
      const sale = (await repos.tags.create('sale')).id;
      const fresh_ = (await repos.tags.create('new')).id;
      ids = { shirts, hats, sale, new: fresh_ };
      // Ties on price on purpose: the id tiebreak must keep pages from repeating or skipping.
      const rows: [string, string, Partial<ProductFields>, number[]][] = [
        ['Cotton T-Shirt', '14.99', { categoryId: shirts }, [sale]],
        ['Linen Shirt', '29.99', { categoryId: shirts, stock: 0 }, []],
        ['Wool Beanie', '14.99', { categoryId: hats }, [sale, fresh_]],
        ['Organic Cotton Polo Shirt', '29.99', { categoryId: shirts }, [fresh_]],
        ['Baseball Cap', '9.50', { categoryId: hats, stock: 0 }, []],
        ['Gift Card', '14.99', {}, [sale]],
        ['Cotton Tote Bag', '5.00', {}, []],
      ];
      for (const [productName, price, overrides, tagIds] of rows) {
        await repos.products.create(fields(productName, price, overrides), tagIds);
      }
    });

    it('pages through every sort without repeating or skipping, in the order each sort promises', async () => {
      const expected: Record<ProductSort, number[]> = {
        id: [1, 2, 3, 4, 5, 6, 7],
        newest: [7, 6, 5, 4, 3, 2, 1],
        price: [7, 5, 1, 3, 6, 2, 4],
        '-price': [4, 2, 6, 3, 1, 5, 7],
        product_name: [5, 1, 7, 6, 2, 4, 3],
      };
      for (const sort of PRODUCT_SORTS) {
        for (const limit of [1, 2, 3, 7, 50]) {
          const pages = await allPages(list, {}, sort, limit);
          expect(pages.flat().map((p) => p.id), `sort=${sort} limit=${limit}`).toEqual(expected[sort]);
          expect(pages.every((page) => page.length <= limit)).toBe(true);
          expect(pages.length).toBe(Math.max(1, Math.ceil(7 / limit)));
        }
      }
    });

    it('a page carries each product with its category and tags', async () => {
      const page = await list.execute({ filter: {}, sort: 'id', limit: 3 });
      expect(page.products.map((p) => [p.id, p.category?.name ?? null, p.tags.map((t) => t.name)])).toEqual([
        [1, 'Shirts', ['sale']],
        [2, 'Shirts', []],
        [3, 'Hats', ['sale', 'new']],
      ]);
      expect(page.products[0]!.price.toDecimal()).toBe('14.99');
      expect(page.next).toEqual({ sort: 'id', id: 3 });
      expect(page.total).toBeUndefined();
    });

    it('filters by category, tags (any of), price range, stock and their combination; counts match', async () => {
      const cases: [ProductFilter, number[]][] = [
        [{ categoryId: ids.shirts }, [1, 2, 4]],
        [{ tagIds: [ids.new] }, [3, 4]],
        [{ tagIds: [ids.sale, ids.new] }, [1, 3, 4, 6]],
        [{ priceMin: Money.fromDecimal('14.99') }, [1, 2, 3, 4, 6]],
        [{ priceMax: Money.fromDecimal('14.99') }, [1, 3, 5, 6, 7]],
        [{ priceMin: Money.fromDecimal('9.50'), priceMax: Money.fromDecimal('14.98') }, [5]],
        [{ inStock: true }, [1, 3, 4, 6, 7]],
        [{ categoryId: ids.shirts, inStock: true, tagIds: [ids.sale, ids.new] }, [1, 4]],
        [{ categoryId: 999 }, []],
      ];
      for (const [filter, expected] of cases) {
        const page = await list.execute({ filter, sort: 'id', limit: 50, withTotal: true });
        expect(page.products.map((p) => p.id), JSON.stringify(filter)).toEqual(expected);
        expect(page.total).toBe(expected.length);
      }
    });

    it('searches names by word prefixes of 3+ letters (shorter words whole), in any order', async () => {
      const cases: [string[], number[]][] = [
        [['cotton'], [1, 4, 7]],
        [['shirt', 'cotton'], [1, 4]],
        [['cott', 'shi'], [1, 4]],
        [['t'], [1]],
        [['sh'], []],
        [['cap'], [5]],
        [['polo'], [4]],
        [['otton'], []],
        [['beanie', 'cotton'], []],
      ];
      for (const [searchKeys, expected] of cases) {
        const page = await list.execute({ filter: { searchKeys }, sort: 'id', limit: 50, withTotal: true });
        expect(page.products.map((p) => p.id), searchKeys.join(' ')).toEqual(expected);
        expect(page.total).toBe(expected.length);
      }
      for (const [sort, expected] of [['price', [7, 1, 4]], ['newest', [7, 4, 1]], ['product_name', [1, 7, 4]]] as const) {
        const pages = await allPages(list, { searchKeys: ['cotton'] }, sort, 1);
        expect(pages.flat().map((p) => p.id), sort).toEqual(expected);
      }
      const filtered = await list.execute({ filter: { searchKeys: ['cotton'], categoryId: ids.shirts, inStock: true }, sort: 'id', limit: 50 });
      expect(filtered.products.map((p) => p.id)).toEqual([1, 4]);
    });

    it('search follows renames and forgets deleted products', async () => {
      await updateProduct(repos, 1, fields('Silk Scarf', '14.99', { categoryId: ids.shirts }));
      await repos.unitOfWork.run(() => repos.products.delete(7));
      const cotton = await list.execute({ filter: { searchKeys: ['cotton'] }, sort: 'id', limit: 50 });
      expect(cotton.products.map((p) => p.id)).toEqual([4]);
      const silk = await list.execute({ filter: { searchKeys: ['silk'] }, sort: 'id', limit: 50 });
      expect(silk.products.map((p) => p.id)).toEqual([1]);
    });

    it('embeds at most EMBEDDED_PRODUCTS_LIMIT products per group, by id, with the full count', async () => {
      for (let n = 0; n < EMBEDDED_PRODUCTS_LIMIT + 3; n++) {
        await repos.products.create(fields(`Extra ${n}`, '1.00', { categoryId: ids.hats }), [ids.new]);
      }
      const hats = await repos.categories.findWithProducts(ids.hats);
      expect(hats!.productCount).toBe(EMBEDDED_PRODUCTS_LIMIT + 5);
      expect(hats!.products.map((p) => p.id)).toEqual([3, 5, ...Array.from({ length: EMBEDDED_PRODUCTS_LIMIT - 2 }, (_, i) => 8 + i)]);
      const tags = await repos.tags.listPage({ limit: 10 });
      expect(tags.map((t) => [t.name, t.productCount, t.products.length])).toEqual([
        ['sale', 3, 3],
        ['new', EMBEDDED_PRODUCTS_LIMIT + 5, EMBEDDED_PRODUCTS_LIMIT],
      ]);
    });

    it('product counts follow every write: create, move, retag, delete, and a failed unit of work', async () => {
      const counts = async () => ({
        categories: (await repos.categories.listPage({ limit: 10 })).map((c) => c.productCount),
        tags: (await repos.tags.listPage({ limit: 10 })).map((t) => t.productCount),
      });
      expect(await counts()).toEqual({ categories: [3, 2], tags: [3, 2] });
      await updateProduct(repos, 1, fields('Cotton T-Shirt', '14.99', { categoryId: ids.hats }));
      await updateProduct(repos, 1, fields('Cotton T-Shirt', '14.99', { categoryId: ids.hats }), [ids.new]);
      expect(await counts()).toEqual({ categories: [2, 3], tags: [2, 3] });
      await repos.unitOfWork.run(() => repos.products.delete(3));
      expect(await counts()).toEqual({ categories: [2, 2], tags: [1, 2] });
      await expect(
        repos.unitOfWork.run(async () => {
          await repos.products.create(fields('Doomed', '1.00', { categoryId: ids.shirts }), [ids.sale]);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await counts()).toEqual({ categories: [2, 2], tags: [1, 2] });
    });

    it('pages groups by id', async () => {
      for (const tag of ['c', 'd', 'e']) await repos.tags.create(tag);
      const groups = new ListProductGroups(repos.tags);
      const first = await groups.execute({ limit: 2, withTotal: true });
      expect(first.groups.map((g) => g.name)).toEqual(['sale', 'new']);
      expect(first.total).toBe(5);
      const second = await groups.execute({ limit: 2, afterId: first.nextAfterId! });
      expect(second.groups.map((g) => g.name)).toEqual(['c', 'd']);
      const last = await groups.execute({ limit: 2, afterId: second.nextAfterId! });
      expect(last).toEqual({ groups: [expect.objectContaining({ name: 'e' })], nextAfterId: null });
    });
  });
}
