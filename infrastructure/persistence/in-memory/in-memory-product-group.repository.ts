import { DuplicateNameError } from '../../../domain/catalog/catalog-errors.js';
import type { ProductGroup, ProductGroupKind } from '../../../domain/catalog/product-group.js';
import { EMBEDDED_PRODUCTS_LIMIT, type GroupPageRequest } from '../../../domain/catalog/product-listing.js';
import type { ProductGroupDetails } from '../../../domain/catalog/product.js';
import type { ProductGroupRepository } from '../../../domain/catalog/product-group.repository.js';
import type { GroupTableName, InMemoryDatabase } from './in-memory-database.js';

export class InMemoryProductGroupRepository implements ProductGroupRepository {
  constructor(
    private readonly store: InMemoryDatabase,
    private readonly table: GroupTableName,
    private readonly kind: ProductGroupKind,
  ) {}

  private get rows(): Map<number, ProductGroup> {
    return this.store.state[this.table].rows;
  }

  async listPage({ limit, afterId = 0 }: GroupPageRequest): Promise<ProductGroupDetails[]> {
    return [...this.rows.values()]
      .filter((group) => group.id > afterId)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
      .map((group) => this.withProducts(group));
  }

  async count(): Promise<number> {
    return this.rows.size;
  }

  async findWithProducts(id: number): Promise<ProductGroupDetails | null> {
    const group = this.rows.get(id);
    return group ? this.withProducts(group) : null;
  }

  async findMissingIds(ids: readonly number[]): Promise<number[]> {
    return ids.filter((id) => !this.rows.has(id));
  }

  /** Unit tests have no concurrent writer to hold off: this only says whether the row exists. */
  async lockForUpdate(id: number): Promise<boolean> {
    return this.rows.has(id);
  }

  async create(name: string): Promise<ProductGroup> {
    this.assertNameFree(name);
    const table = this.store.state[this.table];
    const group = { id: table.nextId++, name };
    table.rows.set(group.id, group);
    return group;
  }

  async rename(id: number, name: string): Promise<ProductGroup | null> {
    if (!this.rows.has(id)) return null;
    this.assertNameFree(name, id);
    const group = { id, name };
    this.rows.set(id, group);
    return group;
  }

  async delete(id: number): Promise<boolean> {
    if (!this.rows.delete(id)) return false;
    for (const product of this.store.state.products.values()) {
      if (this.table === 'category' && product.categoryId === id) product.categoryId = null;
      if (this.table === 'tag') product.tagIds = product.tagIds.filter((tagId) => tagId !== id);
    }
    return true;
  }

  private withProducts(group: ProductGroup): ProductGroupDetails {
    const products = this.store.productsIn(this.table, group.id);
    return { ...group, products: products.slice(0, EMBEDDED_PRODUCTS_LIMIT), productCount: products.length };
  }

  private assertNameFree(name: string, exceptId?: number): void {
    const taken = [...this.rows.values()].some(
      (group) => group.id !== exceptId && group.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) throw new DuplicateNameError(this.kind.nameField, name);
  }
}
