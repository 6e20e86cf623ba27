import { NotFoundError } from '../../shared/domain-error.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import type { ProductRepository } from '../product.repository.js';

/** Removes the product, its tag links and its search words; its category's and tags' counts drop. */
export class DeleteProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(id: number): Promise<void> {
    const deleted = await this.unitOfWork.run(() => this.products.delete(id));
    if (!deleted) throw new NotFoundError('product', id);
  }
}
