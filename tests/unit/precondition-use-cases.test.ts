import { beforeEach, describe, expect, it } from 'vitest';
import type { ProductDetails, ProductGroupDetails } from '../../domain/catalog/product.js';
import { NotFoundError } from '../../domain/shared/domain-error.js';
import { PreconditionFailedError } from '../../domain/shared/precondition.js';
import { inMemoryCatalog } from '../support/in-memory-catalog.js';

// The controller's If-Match check arrives as a precondition on the item as GET shows it.
describe('writes with a precondition', () => {
  let catalog: ReturnType<typeof inMemoryCatalog>;
  beforeEach(async () => {
    catalog = inMemoryCatalog();
    await catalog.seed();
  });

  it('judge the product as a GET shows it, and write nothing when it says no', async () => {
    const seen: ProductDetails[] = [];
    const refuse = (current: ProductDetails) => (seen.push(current), false);
    await expect(catalog.updateProduct.execute({ id: 1, stock: 99 }, refuse)).rejects.toThrow(PreconditionFailedError);
    expect(seen).toEqual([await catalog.getProduct.execute(1)]);
    await expect(catalog.deleteProduct.execute(1, refuse)).rejects.toMatchObject({ kind: 'precondition_failed', code: 'PRECONDITION_FAILED' });
    expect((await catalog.getProduct.execute(1)).stock).toBe(14);
  });

  it('go ahead when it says yes', async () => {
    expect((await catalog.updateProduct.execute({ id: 1, stock: 99 }, () => true)).stock).toBe(99);
    await catalog.deleteProduct.execute(1, () => true);
    await expect(catalog.getProduct.execute(1)).rejects.toThrow(NotFoundError);
  });

  it('judge a category or tag with its products, as GET shows it', async () => {
    const seen: ProductGroupDetails[] = [];
    const refuse = (current: ProductGroupDetails) => (seen.push(current), false);
    await expect(catalog.renameCategory.execute({ id: 1, name: 'Tops' }, refuse)).rejects.toThrow('category 1 has changed since you read it');
    await expect(catalog.deleteTag.execute(1, refuse)).rejects.toThrow(PreconditionFailedError);
    expect(seen).toEqual([await catalog.getCategory.execute(1), await catalog.getTag.execute(1)]);
    expect((await catalog.getCategory.execute(1)).name).toBe('Shirts');
    expect((await catalog.renameTag.execute({ id: 1, name: 'vinyl' }, () => true)).name).toBe('vinyl');
  });

  it('a missing item is not found, whatever the precondition', async () => {
    await expect(catalog.updateProduct.execute({ id: 99, stock: 1 }, () => true)).rejects.toThrow(NotFoundError);
    await expect(catalog.deleteCategory.execute(99, () => true)).rejects.toThrow(NotFoundError);
  });
});
