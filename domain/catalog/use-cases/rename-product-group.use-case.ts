import { NotFoundError } from '../../shared/domain-error.js';
import { quotingSentName } from '../catalog-errors.js';
import type { Precondition } from '../../shared/precondition.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { catalogName } from '../catalog-name.js';
import type { ProductGroup, ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductGroupDetails } from '../product.js';
import { lockAndCheck } from './product-group-precondition.js';

/** A category's (or tag's) only editable field is its name. */
export class RenameProductGroup {
  constructor(
    private readonly groups: ProductGroupRepository,
    private readonly kind: ProductGroupKind,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** With a precondition, the group is locked and judged as a GET shows it (with its first products) before it is renamed. */
  async execute(input: { id: number; name: string }, precondition?: Precondition<ProductGroupDetails>): Promise<ProductGroup> {
    const field = this.kind.nameField;
    const name = catalogName(input.name, field);
    const renamed = await quotingSentName(field, name, () =>
      this.unitOfWork.run(async () => {
        if (precondition && !(await lockAndCheck(this.groups, this.kind, input.id, precondition))) return null;
        return this.groups.rename(input.id, name);
      }),
    );
    if (!renamed) throw new NotFoundError(this.kind.resource, input.id);
    return renamed;
  }
}
