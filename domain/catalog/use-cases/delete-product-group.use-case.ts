import { NotFoundError } from '../../shared/domain-error.js';
import type { Precondition } from '../../shared/precondition.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductGroupDetails } from '../product.js';
import { lockAndCheck } from './product-group-precondition.js';

/** Deleting a category leaves its products uncategorized; deleting a tag removes its links. */
export class DeleteProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** With a precondition, the group is locked and judged as a GET shows it before it goes. */
  async execute(id: number, precondition?: Precondition<ProductGroupDetails>): Promise<void> {
    const deleted = await this.unitOfWork.run(async () => {
      if (precondition && !(await lockAndCheck(this.groups, this.kind, id, precondition))) return false;
      return this.groups.delete(id);
    });
    if (!deleted) throw new NotFoundError(this.kind.resource, id);
  }
}
