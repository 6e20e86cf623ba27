import type { ProductGroup } from '../../../domain/catalog/product-group.js';
import type { ProductDetails, ProductSummary, ProductGroupDetails } from '../../../domain/catalog/product.js';

/** Whitelists the response fields in the assignment's names; price leaves as a JSON number. */
export function presentProductSummary(product: ProductSummary) {
  return {
    id: product.id,
    product_name: product.name,
    price: Number(product.price.toDecimal()),
    stock: product.stock,
    category_id: product.categoryId,
  };
}

export function presentProduct(product: ProductDetails) {
  return {
    ...presentProductSummary(product),
    category: product.category && presentCategory(product.category),
    tags: product.tags.map(presentTag),
  };
}

export function presentCategory(group: ProductGroup) {
  return { id: group.id, category_name: group.name };
}

export function presentTag(group: ProductGroup) {
  return { id: group.id, tag_name: group.name };
}

export function withPresentedProducts<T>(present: (group: ProductGroup) => T) {
  return (group: ProductGroupDetails) => ({ ...present(group), products: group.products.map(presentProductSummary) });
}
