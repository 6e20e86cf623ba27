import { NotFoundError } from '../../shared/domain-error.js';
import type { ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

/** Deleting a category leaves its products uncategorized; deleting a tag removes its links. */
export class DeleteProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
  ) {}

  async execute(id: number): Promise<void> {
    if (!(await this.groups.delete(id))) throw new NotFoundError(this.kind.resource, id);
  }
}
