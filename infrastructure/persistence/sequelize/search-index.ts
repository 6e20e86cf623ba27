import { searchKeys } from '../../../domain/catalog/search-words.js';

export interface ProductWordColumns {
  word: string;
  product_id: number;
}

/** The product_word rows that make a product findable by the words of its name (their prefixes). */
export function productWordRows(productId: number, name: string): ProductWordColumns[] {
  return searchKeys(name).map((word) => ({ word, product_id: productId }));
}
