import { MissingReferenceError } from '../../../domain/catalog/catalog-errors.js';
import type { Product, ProductDetails, ProductFields } from '../../../domain/catalog/product.js';
import type { ProductFilter, ProductPageRequest } from '../../../domain/catalog/product-listing.js';
import type { ProductRepository } from '../../../domain/catalog/product.repository.js';
import { compareForSort, isAfterCursor, matchesFilter } from './in-memory-product-listing.js';
import { toSummary, type InMemoryDatabase, type ProductRow } from './in-memory-database.js';

export class InMemoryProductRepository implements ProductRepository {
  constructor(private readonly store: InMemoryDatabase) {}

  async listPage({ filter, sort, limit, after }: ProductPageRequest): Promise<ProductDetails[]> {
    return [...this.store.state.products.values()]
      .filter((row) => matchesFilter(row, filter) && (!after || isAfterCursor(row, sort, after)))
      .sort((a, b) => compareForSort(sort, a, b))
      .slice(0, limit)
      .map((row) => this.details(row));
  }

  async count(filter: ProductFilter): Promise<number> {
    return [...this.store.state.products.values()].filter((row) => matchesFilter(row, filter)).length;
  }

  async findDetails(id: number): Promise<ProductDetails | null> {
    const row = this.store.state.products.get(id);
    return row ? this.details(row) : null;
  }

  async findById(id: number): Promise<Product | null> {
    const row = this.store.state.products.get(id);
    return row ? { ...toSummary(row), tagIds: [...row.tagIds] } : null;
  }

  /** Unit tests have no concurrent writer to hold off: this only reads the row. */
  lockForUpdate(id: number): Promise<Product | null> {
    return this.findById(id);
  }

  async create(fields: ProductFields, tagIds: readonly number[]): Promise<number> {
    this.assertReferences(fields.categoryId, tagIds);
    const id = this.store.state.nextProductId++;
    this.store.state.products.set(id, { id, ...toRowFields(fields), tagIds: [...tagIds].sort((a, b) => a - b) });
    return id;
  }

  async update(locked: Product, fields: ProductFields, tagIds: readonly number[]): Promise<void> {
    const row = this.store.state.products.get(locked.id);
    if (!row) return;
    this.assertReferences(fields.categoryId, tagIds);
    Object.assign(row, toRowFields(fields), { tagIds: [...tagIds].sort((a, b) => a - b) });
  }

  async delete(id: number): Promise<boolean> {
    return this.store.state.products.delete(id);
  }

  /** The foreign keys a database would enforce. */
  private assertReferences(categoryId: number | null, tagIds: readonly number[]): void {
    if (categoryId !== null && !this.store.state.category.rows.has(categoryId)) {
      throw new MissingReferenceError('category_id', [categoryId]);
    }
    const missing = tagIds.filter((id) => !this.store.state.tag.rows.has(id));
    if (missing.length > 0) throw new MissingReferenceError('tagIds', missing);
  }

  private details(row: ProductRow): ProductDetails {
    const { category, tag } = this.store.state;
    return {
      ...toSummary(row),
      category: row.categoryId === null ? null : (category.rows.get(row.categoryId) ?? null),
      tags: row.tagIds.map((id) => tag.rows.get(id)).filter((t) => t !== undefined),
    };
  }
}

function toRowFields(fields: ProductFields): Omit<ProductRow, 'id' | 'tagIds'> {
  return { name: fields.name, priceCents: fields.price.cents, stock: fields.stock, categoryId: fields.categoryId };
}
