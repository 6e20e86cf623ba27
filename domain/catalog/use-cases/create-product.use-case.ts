import type { Money } from '../../shared/money.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { DEFAULT_STOCK, distinctTagIds, validProductFields, type ProductDetails } from '../product.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductRepository } from '../product.repository.js';
import { assertReferencesExist } from './product-references.js';

export interface CreateProductInput {
  readonly name: string;
  readonly price: Money;
  readonly stock?: number;
  readonly categoryId?: number | null;
  readonly tagIds?: readonly number[];
}

/** Creates a product and its tag links in one transaction. */
export class CreateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly categories: ProductGroupRepository,
    private readonly tags: ProductGroupRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute(input: CreateProductInput): Promise<ProductDetails> {
    const fields = validProductFields({
      name: input.name,
      price: input.price,
      stock: input.stock ?? DEFAULT_STOCK,
      categoryId: input.categoryId ?? null,
    });
    const tagIds = distinctTagIds(input.tagIds ?? []);
    return this.unitOfWork.run(async () => {
      await assertReferencesExist(this.categories, this.tags, { categoryId: fields.categoryId, tagIds });
      const id = await this.products.create(fields, tagIds);
      return (await this.products.findDetails(id))!;
    });
  }
}
