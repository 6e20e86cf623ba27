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

/**
 * A category or tag with its first products, how many it has in all, and where to page through
 * them: `products` holds at most EMBEDDED_PRODUCTS_LIMIT, by id.
 */
export function withPresentedProducts<T>(present: (group: ProductGroup) => T, productFilter: string) {
  return (group: ProductGroupDetails) => ({
    ...present(group),
    product_count: group.productCount,
    products_url: `/api/products?${productFilter}=${group.id}`,
    products: group.products.map(presentProductSummary),
  });
}
