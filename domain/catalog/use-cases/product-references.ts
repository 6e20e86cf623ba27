import { MissingReferenceError } from '../catalog-errors.js';
import type { ProductGroupRepository } from '../product-group.repository.js';

/** Rejects a category id or tag ids that name nothing, before anything is written. */
export async function assertReferencesExist(
  categories: ProductGroupRepository,
  tags: ProductGroupRepository,
  refs: { categoryId?: number | null; tagIds?: readonly number[] },
): Promise<void> {
  if (refs.categoryId != null) {
    const missing = await categories.findMissingIds([refs.categoryId]);
    if (missing.length > 0) throw new MissingReferenceError('category_id', missing);
  }
  if (refs.tagIds && refs.tagIds.length > 0) {
    const missing = await tags.findMissingIds(refs.tagIds);
    if (missing.length > 0) throw new MissingReferenceError('tagIds', missing);
  }
}
