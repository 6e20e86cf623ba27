import type { ProductDetails } from '../product.js';
import type { ProductRepository } from '../product.repository.js';

/** Every product with its category and tags. */
export class ListProducts {
  constructor(private readonly products: ProductRepository) {}

  execute(): Promise<ProductDetails[]> {
    return this.products.listWithDetails();
  }
}
