import { Op } from 'sequelize';
import type { ProductFilter, ProductPageRequest } from '../../../../domain/catalog/product-listing.js';
import type { Product, ProductDetails, ProductFields } from '../../../../domain/catalog/product.js';
import type { ProductRepository } from '../../../../domain/catalog/product.repository.js';
import { toProductColumns, toProductSummary, type ProductColumns } from '../catalog.mapper.js';
import type { CatalogModels } from '../models/catalog.models.js';
import { productByIdQuery, productCountQuery, productPageQuery, productWithTagIdsQuery } from '../queries/product-list.sql.js';
import type { SqlRunner } from '../queries/sql-runner.js';
import { productWordRows } from '../search-index.js';
import type { TransactionContext } from '../transaction-context.js';
import { adjustGroupCounts } from './group-counts.js';

/** A product row of a page, once per tag (tag columns null when it has none). */
interface ProductTagRow {
  id: number;
  product_name: string;
  price: string | number;
  stock: number;
  category_id: number | null;
  category_name: string | null;
  tag_id: number | null;
  tag_name: string | null;
}

/**
 * Reads are hand-written SQL (one statement per page, products with their tags); writes go
 * through the models and keep the derived data in step: search words and product counts.
 */
export class SequelizeProductRepository implements ProductRepository {
  constructor(
    private readonly models: CatalogModels,
    private readonly sql: SqlRunner,
    private readonly transactions: TransactionContext,
  ) {}

  async listPage(request: ProductPageRequest): Promise<ProductDetails[]> {
    return toDetails(await this.sql.select<ProductTagRow>(productPageQuery(request)));
  }

  count(filter: ProductFilter): Promise<number> {
    return this.sql.count(productCountQuery(filter));
  }

  async findDetails(id: number): Promise<ProductDetails | null> {
    const [product] = toDetails(await this.sql.select<ProductTagRow>(productByIdQuery(id)));
    return product ?? null;
  }

  async findById(id: number): Promise<Product | null> {
    const row = await this.models.Product.findByPk(id, this.transactions.options());
    if (!row) return null;
    return { ...toProductSummary(row), tagIds: await this.tagIdsOf(id) };
  }

  /** One statement: the product row and its tag links, locked (a locking read sees the latest commit). */
  async lockForUpdate(id: number): Promise<Product | null> {
    const rows = await this.sql.selectForUpdate<ProductColumns & { tag_id: number | null }>(productWithTagIdsQuery(id));
    const first = rows[0];
    if (!first) return null;
    return { ...toProductSummary(first), tagIds: rows.flatMap((row) => (row.tag_id === null ? [] : [row.tag_id])) };
  }

  async create(fields: ProductFields, tagIds: readonly number[]): Promise<number> {
    await this.adjustCounts(fields.categoryId === null ? [] : [[fields.categoryId, 1]], tagIds.map((tagId) => [tagId, 1]));
    const row = await this.models.Product.create(toProductColumns(fields), this.transactions.options());
    await this.link(row.id, tagIds);
    await this.indexWords(row.id, fields.name);
    return row.id;
  }

  /** Counts move from the locked values, so they move from what is really replaced. */
  async update(locked: Product, fields: ProductFields, tagIds: readonly number[]): Promise<void> {
    const id = locked.id;
    const categoryMoves: (readonly [number, number])[] = [];
    if (locked.categoryId !== fields.categoryId) {
      if (locked.categoryId !== null) categoryMoves.push([locked.categoryId, -1]);
      if (fields.categoryId !== null) categoryMoves.push([fields.categoryId, 1]);
    }
    const removed = locked.tagIds.filter((tagId) => !tagIds.includes(tagId));
    const added = tagIds.filter((tagId) => !locked.tagIds.includes(tagId));
    await this.adjustCounts(categoryMoves, [...removed.map((tagId) => [tagId, -1] as const), ...added.map((tagId) => [tagId, 1] as const)]);
    await this.models.Product.update(toProductColumns(fields), { where: { id }, ...this.transactions.options() });
    if (locked.name !== fields.name) {
      await this.models.ProductWord.destroy({ where: { product_id: id }, ...this.transactions.options() });
      await this.indexWords(id, fields.name);
    }
    if (removed.length > 0) {
      await this.models.ProductTag.destroy({
        where: { product_id: id, tag_id: { [Op.in]: removed } },
        ...this.transactions.options(),
      });
    }
    await this.link(id, added);
  }

  async delete(id: number): Promise<boolean> {
    const before = await this.lockedRow(id);
    if (!before) return false;
    const tagIds = await this.tagIdsOf(id);
    await this.adjustCounts(before.category_id === null ? [] : [[before.category_id, -1]], tagIds.map((tagId) => [tagId, -1]));
    // The foreign keys remove its tag links and search words.
    await this.models.Product.destroy({ where: { id }, ...this.transactions.options() });
    return true;
  }

  /**
   * The row as it is now, locked for this transaction (a locking read sees the latest commit,
   * not the transaction's snapshot), so that counts move from the value really replaced.
   */
  private async lockedRow(id: number) {
    const transaction = this.transactions.current();
    return this.models.Product.findByPk(id, {
      attributes: ['id', 'product_name', 'category_id'],
      ...(transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {}),
    });
  }

  private async tagIdsOf(productId: number): Promise<number[]> {
    const transaction = this.transactions.current();
    const links = await this.models.ProductTag.findAll({
      attributes: ['tag_id'],
      where: { product_id: productId },
      order: [['tag_id', 'ASC']],
      ...(transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {}),
    });
    return links.map((link) => link.tag_id);
  }

  // Derived rows are plain multi-row inserts, as in the bulk import: no model instances per row.
  private link(productId: number, tagIds: readonly number[]): Promise<void> {
    return this.sql.insertRows('product_tag', tagIds.map((tagId) => ({ product_id: productId, tag_id: tagId })));
  }

  private indexWords(productId: number, name: string): Promise<void> {
    return this.sql.insertRows('product_word', productWordRows(productId, name));
  }

  /**
   * First in each write (after the product's own row lock), categories before tags. Inserting a
   * product or a tag link takes a shared lock on the category and tag rows it refers to; taking
   * the counter rows' exclusive locks before that, rather than upgrading after, is what keeps
   * concurrent writers to the same category queuing instead of deadlocking.
   */
  private async adjustCounts(categories: readonly (readonly [number, number])[], tags: readonly (readonly [number, number])[]): Promise<void> {
    await adjustGroupCounts(this.sql, 'category', categories);
    await adjustGroupCounts(this.sql, 'tag', tags);
  }
}

/** Rows of (product, tag) in page order → products with their tags, in the same order. */
function toDetails(rows: readonly ProductTagRow[]): ProductDetails[] {
  const products = new Map<number, ProductDetails & { tags: { id: number; name: string }[] }>();
  for (const row of rows) {
    let product = products.get(row.id);
    if (!product) {
      product = {
        ...toProductSummary(row),
        category: row.category_id === null || row.category_name === null ? null : { id: row.category_id, name: row.category_name },
        tags: [],
      };
      products.set(row.id, product);
    }
    if (row.tag_id !== null && row.tag_name !== null) product.tags.push({ id: row.tag_id, name: row.tag_name });
  }
  return [...products.values()];
}
