import { catalogName } from '../catalog-name.js';
import type { ProductGroup, ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

/** Creates a category (or tag); the repository rejects a name already taken. */
export class CreateProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
  ) {}

  async execute(input: { name: string }): Promise<ProductGroup> {
    return this.groups.create(catalogName(input.name, this.kind.nameField));
  }
}
