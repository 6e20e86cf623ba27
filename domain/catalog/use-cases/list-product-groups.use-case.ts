import type { ProductGroupDetails } from '../product.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

/** Every category (or tag) with its products. */
export class ListProductGroups {
  constructor(private readonly groups: ProductGroupRepository) {}

  execute(): Promise<ProductGroupDetails[]> {
    return this.groups.listWithProducts();
  }
}
