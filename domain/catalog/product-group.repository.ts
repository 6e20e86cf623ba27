import type { ProductGroup } from './product-group.js';
import type { GroupPageRequest } from './product-listing.js';
import type { ProductGroupDetails } from './product.js';

/** Storage of categories or of tags. Names are unique ignoring case: a clash throws DuplicateNameError. */
export interface ProductGroupRepository {
  /** Up to `limit` groups by id, after `afterId`, each with its first products and its product count. */
  listPage(page: GroupPageRequest): Promise<ProductGroupDetails[]>;
  count(): Promise<number>;
  findWithProducts(id: number): Promise<ProductGroupDetails | null>;
  /** The ids among `ids` that do not exist, in the order given. */
  findMissingIds(ids: readonly number[]): Promise<number[]>;
  /** Locks the group's row until the open unit of work ends, so a check and a write see the same group; false when there is none. */
  lockForUpdate(id: number): Promise<boolean>;
  create(name: string): Promise<ProductGroup>;
  /** null when there is no such group. */
  rename(id: number, name: string): Promise<ProductGroup | null>;
  /** false when there was no such group. Products leave the group; they are not deleted. */
  delete(id: number): Promise<boolean>;
}
