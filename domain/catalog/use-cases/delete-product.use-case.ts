import { NotFoundError } from '../../shared/domain-error.js';
import { assertPrecondition, type Precondition } from '../../shared/precondition.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { ProductDetails } from '../product.js';
import type { ProductRepository } from '../product.repository.js';

/** Removes the product, its tag links and its search words; its category's and tags' counts drop. */
export class DeleteProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** With a precondition, the product is locked and judged as a GET shows it before it goes. */
  async execute(id: number, precondition?: Precondition<ProductDetails>): Promise<void> {
    const deleted = await this.unitOfWork.run(async () => {
      if (precondition) {
        if (!(await this.products.lockForUpdate(id))) return false;
        assertPrecondition(precondition, (await this.products.findDetails(id))!, 'product', id);
      }
      return this.products.delete(id);
    });
    if (!deleted) throw new NotFoundError('product', id);
  }
}
