import { NotFoundError } from '../../shared/domain-error.js';
import type { ProductGroupKind } from '../product-group.js';
import type { ProductGroupDetails } from '../product.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

export class GetProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
  ) {}

  async execute(id: number): Promise<ProductGroupDetails> {
    const group = await this.groups.findWithProducts(id);
    if (!group) throw new NotFoundError(this.kind.resource, id);
    return group;
  }
}
