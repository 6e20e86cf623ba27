import { NotFoundError } from '../../shared/domain-error.js';
import type { ProductRepository } from '../product.repository.js';

/** Removes the product and its tag links. */
export class DeleteProduct {
  constructor(private readonly products: ProductRepository) {}

  async execute(id: number): Promise<void> {
    if (!(await this.products.delete(id))) throw new NotFoundError('product', id);
  }
}
