import { Op } from 'sequelize';
import type { Product, ProductDetails, ProductFields } from '../../../../domain/catalog/product.js';
import type { ProductRepository } from '../../../../domain/catalog/product.repository.js';
import { toProductColumns, toProductDetails, toProductSummary } from '../catalog.mapper.js';
import type { CatalogModels } from '../models/catalog.models.js';
import type { TransactionContext } from '../transaction-context.js';

export class SequelizeProductRepository implements ProductRepository {
  constructor(
    private readonly models: CatalogModels,
    private readonly transactions: TransactionContext,
  ) {}

  async listWithDetails(): Promise<ProductDetails[]> {
    const rows = await this.models.Product.findAll({
      include: this.detailsInclude(),
      order: [['id', 'ASC'], [{ model: this.models.Tag, as: 'tags' }, 'id', 'ASC']],
      ...this.transactions.options(),
    });
    return rows.map(toProductDetails);
  }

  async findDetails(id: number): Promise<ProductDetails | null> {
    const row = await this.models.Product.findByPk(id, {
      include: this.detailsInclude(),
      order: [[{ model: this.models.Tag, as: 'tags' }, 'id', 'ASC']],
      ...this.transactions.options(),
    });
    return row ? toProductDetails(row) : null;
  }

  async findById(id: number): Promise<Product | null> {
    const row = await this.models.Product.findByPk(id, this.transactions.options());
    if (!row) return null;
    return { ...toProductSummary(row), tagIds: await this.tagIdsOf(id) };
  }

  async create(fields: ProductFields, tagIds: readonly number[]): Promise<number> {
    const row = await this.models.Product.create(toProductColumns(fields), this.transactions.options());
    await this.link(row.id, tagIds);
    return row.id;
  }

  async update(id: number, fields: ProductFields): Promise<void> {
    await this.models.Product.update(toProductColumns(fields), { where: { id }, ...this.transactions.options() });
  }

  async replaceTags(id: number, tagIds: readonly number[]): Promise<void> {
    const current = await this.tagIdsOf(id);
    const removed = current.filter((tagId) => !tagIds.includes(tagId));
    if (removed.length > 0) {
      await this.models.ProductTag.destroy({
        where: { product_id: id, tag_id: { [Op.in]: removed } },
        ...this.transactions.options(),
      });
    }
    await this.link(id, tagIds.filter((tagId) => !current.includes(tagId)));
  }

  async delete(id: number): Promise<boolean> {
    return (await this.models.Product.destroy({ where: { id }, ...this.transactions.options() })) > 0;
  }

  private async tagIdsOf(productId: number): Promise<number[]> {
    const links = await this.models.ProductTag.findAll({
      attributes: ['tag_id'],
      where: { product_id: productId },
      order: [['tag_id', 'ASC']],
      ...this.transactions.options(),
    });
    return links.map((link) => link.tag_id);
  }

  private async link(productId: number, tagIds: readonly number[]): Promise<void> {
    if (tagIds.length === 0) return;
    await this.models.ProductTag.bulkCreate(
      tagIds.map((tagId) => ({ product_id: productId, tag_id: tagId })),
      this.transactions.options(),
    );
  }

  private detailsInclude() {
    return [
      { model: this.models.Category, as: 'category' },
      { model: this.models.Tag, as: 'tags', through: { attributes: [] } },
    ];
  }
}
