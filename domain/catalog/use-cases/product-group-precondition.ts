import { assertPrecondition, type Precondition } from '../../shared/precondition.js';
import type { ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductGroupDetails } from '../product.js';

/**
 * Inside a unit of work: locks the group, reads it as a GET shows it and lets the precondition
 * decide (throwing PreconditionFailedError). False when there is no such group.
 */
export async function lockAndCheck(
  groups: ProductGroupRepository,
  kind: ProductGroupKind,
  id: number,
  precondition: Precondition<ProductGroupDetails>,
): Promise<boolean> {
  if (!(await groups.lockForUpdate(id))) return false;
  assertPrecondition(precondition, (await groups.findWithProducts(id))!, kind.resource, id);
  return true;
}
