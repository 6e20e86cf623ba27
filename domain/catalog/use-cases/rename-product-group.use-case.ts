import { NotFoundError } from '../../shared/domain-error.js';
import { quotingSentName } from '../catalog-errors.js';
import { catalogName } from '../catalog-name.js';
import type { ProductGroup, ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

/** A category's (or tag's) only editable field is its name. */
export class RenameProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
  ) {}

  async execute(input: { id: number; name: string }): Promise<ProductGroup> {
    const field = this.kind.nameField;
    const name = catalogName(input.name, field);
    const renamed = await quotingSentName(field, name, () => this.groups.rename(input.id, name));
    if (!renamed) throw new NotFoundError(this.kind.resource, input.id);
    return renamed;
  }
}
