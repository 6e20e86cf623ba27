import type { CatalogImport, ImportedProduct } from '../../../../domain/catalog/catalog-import.port.js';
import { toProductColumns } from '../catalog.mapper.js';
import type { CatalogModels } from '../models/catalog.models.js';
import type { SqlRunner } from '../queries/sql-runner.js';
import { productWordRows } from '../search-index.js';
import type { TransactionContext } from '../transaction-context.js';
import { adjustGroupCounts } from './group-counts.js';

/**
 * Multi-row inserts: one statement for a batch's products, one for their tag links. Ids come
 * back from the driver (consecutive auto-increment values for one multi-row INSERT), so nothing
 * is read back.
 */
export class SequelizeCatalogImport implements CatalogImport {
  constructor(
    private readonly models: CatalogModels,
    private readonly sql: SqlRunner,
    private readonly transactions: TransactionContext,
  ) {}

  async importCategories(names: readonly string[]): Promise<number[]> {
    const rows = await this.models.Category.bulkCreate(
      names.map((name) => ({ category_name: name })),
      this.transactions.options(),
    );
    return rows.map((row) => row.id);
  }

  async importTags(names: readonly string[]): Promise<number[]> {
    const rows = await this.models.Tag.bulkCreate(
      names.map((name) => ({ tag_name: name })),
      this.transactions.options(),
    );
    return rows.map((row) => row.id);
  }

  async importProducts(batch: readonly ImportedProduct[]): Promise<number[]> {
    if (batch.length === 0) return [];
    return this.writeProducts(batch);
  }

  /** Product rows and what derives from them: tag links, search keys, the groups' counts. */
  private async writeProducts(batch: readonly ImportedProduct[]): Promise<number[]> {
    const rows = await this.models.Product.bulkCreate(
      batch.map((product) => toProductColumns(product.fields)),
      this.transactions.options(),
    );
    const ids = rows.map((row) => row.id);
    if (ids.some((id) => !Number.isInteger(id))) throw new Error('the driver returned no ids for a multi-row product insert');
    await this.sql.insertRows(
      'product_tag',
      batch.flatMap((product, index) => product.tagIds.map((tagId) => ({ product_id: ids[index]!, tag_id: tagId }))),
    );
    // About 14 search keys per product: plain rows, no model instances.
    await this.sql.insertRows('product_word', batch.flatMap((product, index) => productWordRows(ids[index]!, product.fields.name)));
    const added = (groupId: number) => [groupId, 1] as const;
    await adjustGroupCounts(this.sql, 'category', batch.flatMap((product) => (product.fields.categoryId === null ? [] : [added(product.fields.categoryId)])));
    await adjustGroupCounts(this.sql, 'tag', batch.flatMap((product) => product.tagIds.map(added)));
    return ids;
  }
}
