import { quotingSentName } from '../catalog-errors.js';
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
    const field = this.kind.nameField;
    const name = catalogName(input.name, field);
    return quotingSentName(field, name, () => this.groups.create(name));
  }
}
