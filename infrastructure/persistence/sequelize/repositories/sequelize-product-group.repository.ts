import type { Model, ModelStatic } from 'sequelize';
import type { ProductGroup } from '../../../../domain/catalog/product-group.js';
import type { ProductGroupDetails } from '../../../../domain/catalog/product.js';
import type { ProductGroupRepository } from '../../../../domain/catalog/product-group.repository.js';
import { withProducts } from '../catalog.mapper.js';
import type { CatalogModels, ProductRow } from '../models/catalog.models.js';
import type { TransactionContext } from '../transaction-context.js';

type GroupRow = Model & { id: number; products?: ProductRow[] };

/** Categories or tags: the same queries over `category`/`category_name` or `tag`/`tag_name`. */
export class SequelizeProductGroupRepository implements ProductGroupRepository {
  private readonly model: ModelStatic<GroupRow>;

  constructor(
    private readonly models: CatalogModels,
    table: 'Category' | 'Tag',
    private readonly nameColumn: 'category_name' | 'tag_name',
    private readonly transactions: TransactionContext,
  ) {
    this.model = models[table] as unknown as ModelStatic<GroupRow>;
  }

  async listWithProducts(): Promise<ProductGroupDetails[]> {
    const rows = await this.model.findAll({
      include: this.productsInclude(),
      order: [['id', 'ASC'], [{ model: this.models.Product, as: 'products' }, 'id', 'ASC']],
      ...this.transactions.options(),
    });
    return rows.map((row) => withProducts(this.toGroup(row), row.products));
  }

  async findWithProducts(id: number): Promise<ProductGroupDetails | null> {
    const row = await this.model.findByPk(id, {
      include: this.productsInclude(),
      order: [[{ model: this.models.Product, as: 'products' }, 'id', 'ASC']],
      ...this.transactions.options(),
    });
    return row ? withProducts(this.toGroup(row), row.products) : null;
  }

  async findMissingIds(ids: readonly number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    const rows = await this.model.findAll({ attributes: ['id'], where: { id: [...ids] }, ...this.transactions.options() });
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !found.has(id));
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

  private productsInclude() {
    return [{ model: this.models.Product, as: 'products', through: this.nameColumn === 'tag_name' ? { attributes: [] } : undefined }];
  }

  private toGroup(row: GroupRow): ProductGroup {
    return { id: row.id, name: row.get(this.nameColumn) as string };
  }
}
