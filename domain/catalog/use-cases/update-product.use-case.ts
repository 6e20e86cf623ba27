import { NotFoundError } from '../../shared/domain-error.js';
import type { Money } from '../../shared/money.js';
import { assertPrecondition, type Precondition } from '../../shared/precondition.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { distinctTagIds, validProductFields, type ProductDetails } from '../product.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductRepository } from '../product.repository.js';
import { assertReferencesExist } from './product-references.js';

/** Absent fields stay as they are; `tagIds`, when present, becomes the product's whole tag set. */
export interface UpdateProductInput {
  readonly id: number;
  readonly name?: string;
  readonly price?: Money;
  readonly stock?: number;
  readonly categoryId?: number | null;
  readonly tagIds?: readonly number[];
}

export class UpdateProduct {
  constructor(
    private readonly products: ProductRepository,
    private readonly categories: ProductGroupRepository,
    private readonly tags: ProductGroupRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * One locked read, one write of the fields and tags, one read of the answer. With a
   * precondition, the locked product is judged as a GET shows it before anything is written.
   */
  async execute(input: UpdateProductInput, precondition?: Precondition<ProductDetails>): Promise<ProductDetails> {
    const tagIds = input.tagIds && distinctTagIds(input.tagIds);
    return this.unitOfWork.run(async () => {
      const current = await this.products.lockForUpdate(input.id);
      if (!current) throw new NotFoundError('product', input.id);
      if (precondition) assertPrecondition(precondition, (await this.products.findDetails(input.id))!, 'product', input.id);
      const fields = validProductFields({
        name: input.name ?? current.name,
        price: input.price ?? current.price,
        stock: input.stock ?? current.stock,
        categoryId: input.categoryId === undefined ? current.categoryId : input.categoryId,
      });
      await assertReferencesExist(this.categories, this.tags, { categoryId: input.categoryId, tagIds });
      await this.products.update(current, fields, tagIds ?? current.tagIds);
      return (await this.products.findDetails(input.id))!;
    });
  }
}
