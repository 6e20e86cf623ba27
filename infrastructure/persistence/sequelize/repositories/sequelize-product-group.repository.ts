import type { Model, ModelStatic } from 'sequelize';
import type { ProductGroup } from '../../../../domain/catalog/product-group.js';
import type { GroupPageRequest } from '../../../../domain/catalog/product-listing.js';
import type { ProductGroupDetails, ProductSummary } from '../../../../domain/catalog/product.js';
import type { ProductGroupRepository } from '../../../../domain/catalog/product-group.repository.js';
import { toProductSummary } from '../catalog.mapper.js';
import type { CatalogModels } from '../models/catalog.models.js';
import { NAME_COLUMN, embeddedProductsQuery, groupCountQuery, groupPageQuery, groupWithProductsQuery, type GroupTable } from '../queries/product-group.sql.js';
import type { SqlRunner } from '../queries/sql-runner.js';
import type { TransactionContext } from '../transaction-context.js';

type GroupRow = Model & { id: number };

interface GroupListRow {
  id: number;
  name: string;
  product_count: number | string;
}

interface EmbeddedProductRow {
  group_id: number;
  id: number;
  product_name: string;
  price: string | number;
  stock: number;
  category_id: number | null;
}

/** One group joined to its product page: the product columns are null when it has no products. */
type GroupWithProductRow = Omit<GroupListRow, 'id'> & { group_id: number } & (
  | Omit<EmbeddedProductRow, 'group_id'>
  | { [K in keyof Omit<EmbeddedProductRow, 'group_id'>]: null }
);

/**
 * Categories or tags: the same queries over `category`/`category_name` or `tag`/`tag_name`.
 * A page is two statements whatever its size (the groups, then all their embedded products);
 * one group is one.
 */
export class SequelizeProductGroupRepository implements ProductGroupRepository {
  private readonly model: ModelStatic<GroupRow>;
  private readonly nameColumn: string;

  constructor(
    models: CatalogModels,
    private readonly table: GroupTable,
    private readonly sql: SqlRunner,
    private readonly transactions: TransactionContext,
  ) {
    this.model = (table === 'category' ? models.Category : models.Tag) as unknown as ModelStatic<GroupRow>;
    this.nameColumn = NAME_COLUMN[table];
  }

  async listPage({ limit, afterId = 0 }: GroupPageRequest): Promise<ProductGroupDetails[]> {
    return this.withProducts(await this.sql.select<GroupListRow>(groupPageQuery(this.table, limit, afterId)));
  }

  count(): Promise<number> {
    return this.sql.count(groupCountQuery(this.table));
  }

  async findWithProducts(id: number): Promise<ProductGroupDetails | null> {
    const rows = await this.sql.select<GroupWithProductRow>(groupWithProductsQuery(this.table, id));
    const first = rows[0];
    if (!first) return null;
    return {
      id: first.group_id,
      name: first.name,
      productCount: Number(first.product_count),
      products: rows.flatMap((row) => (row.id === null ? [] : [toProductSummary(row)])),
    };
  }

  async findMissingIds(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.model.findAll({ attributes: ['id'], where: { id: [...ids] }, ...this.transactions.options() });
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !found.has(id));
  }

  /**
   * SELECT ... FOR UPDATE on MySQL. As the first statement of a transaction it also makes the
   * reads after it see the latest commit. SQLite has no row locks, and needs none: a write
   * transaction there holds the file's write lock from its start.
   */
  async lockForUpdate(id: number): Promise<boolean> {
    const transaction = this.transactions.current();
    const row = await this.model.findByPk(id, { attributes: ['id'], ...(transaction ? { transaction, lock: transaction.LOCK.UPDATE } : {}) });
    return row !== null;
  }

  async create(name: string): Promise<ProductGroup> {
    const row = await this.model.create({ [this.nameColumn]: name }, this.transactions.options());
    return this.toGroup(row);
  }

  async rename(id: number, name: string): Promise<ProductGroup | null> {
    const row = await this.model.findByPk(id, this.transactions.options());
    if (!row) return null;
    await row.update({ [this.nameColumn]: name }, this.transactions.options());
    return this.toGroup(row);
  }

  async delete(id: number): Promise<boolean> {
    // The foreign keys do the rest: products lose the category, tag links go.
    const deleted = await this.model.destroy({ where: { id }, ...this.transactions.options() });
    return deleted > 0;
  }

  private async withProducts(groups: readonly GroupListRow[]): Promise<ProductGroupDetails[]> {
    if (groups.length === 0) return [];
    const rows = await this.sql.select<EmbeddedProductRow>(embeddedProductsQuery(this.table, groups.map((group) => group.id)));
    const productsByGroup = new Map<number, ProductSummary[]>();
    for (const row of rows) {
      const products = productsByGroup.get(row.group_id) ?? [];
      products.push(toProductSummary(row));
      productsByGroup.set(row.group_id, products);
    }
    return groups.map((group) => ({
      id: group.id,
      name: group.name,
      productCount: Number(group.product_count),
      products: (productsByGroup.get(group.id) ?? []).sort((a, b) => a.id - b.id),
    }));
  }

  private toGroup(row: GroupRow): ProductGroup {
    return { id: row.id, name: row.get(this.nameColumn) as string };
  }
}
