import { NotFoundError } from '../../shared/domain-error.js';
import type { ProductDetails } from '../product.js';
import type { ProductRepository } from '../product.repository.js';

export class GetProduct {
  constructor(private readonly products: ProductRepository) {}

  async execute(id: number): Promise<ProductDetails> {
    const product = await this.products.findDetails(id);
    if (!product) throw new NotFoundError('product', id);
    return product;
  }
}
