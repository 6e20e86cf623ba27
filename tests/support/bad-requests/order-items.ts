// The model of an order's items: products in stock and quantities, and every way a list of them is wrong.
import fc from 'fast-check';
import { bad, insertAt, type Bad, type FieldModel } from './field-model.js';
import { referenceField } from './fields.js';
import { beyondInt, fractional, MAX_INT, smallJson, wrongType } from './values.js';

/** Items of POST /api/orders, given the existing `products` and the `stock` of each. */
export function itemsField(products: readonly number[], stock: ReadonlyMap<number, number>): FieldModel {
  const inStock = products.filter((id) => (stock.get(id) ?? 0) > 0);
  const validItems = fc
    .shuffledSubarray(inStock, { minLength: 1, maxLength: 3 })
    .chain((ids) => fc.tuple(...ids.map((id) => fc.integer({ min: 1, max: stock.get(id)! }).map((quantity) => ({ product_id: id, quantity })))));
  const quantity = fc.oneof(
    bad('a quantity that is not a positive integer', fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: 0 }), fractional)),
    bad('a quantity beyond INT', beyondInt),
    bad('a quantity of the wrong type', wrongType('integer')),
  );
  const productId = referenceField('a product id', products).invalid!;
  const badItem: fc.Arbitrary<Bad> = fc.oneof(
    bad('an item that is not an object', wrongType('object')),
    fc.tuple(fc.constantFrom(...inStock), productId).map(([, wrong]) => ({ value: { product_id: wrong.value, quantity: 1 }, reason: wrong.reason })),
    fc.tuple(fc.constantFrom(...inStock), quantity).map(([id, wrong]) => ({ value: { product_id: id, quantity: wrong.value }, reason: wrong.reason })),
    bad('an item without a quantity', fc.constantFrom(...inStock).map((id) => ({ product_id: id }))),
    bad('an item without a product_id', fc.integer({ min: 1, max: 5 }).map((n) => ({ quantity: n }))),
    bad('an item with an unknown field', fc.tuple(fc.constantFrom(...inStock), smallJson).map(([id, price]) => ({ product_id: id, quantity: 1, price }))),
  );
  // One item of a valid order asks for more than there is: only the stock can tell.
  const overStock = validItems.chain((items) =>
    fc.nat(items.length - 1).chain((at) => {
      const id = items[at]!.product_id;
      const quantity = fc.integer({ min: stock.get(id)! + 1, max: MAX_INT });
      return bad('more than is in stock', quantity.map((n) => items.map((item, i) => (i === at ? { product_id: id, quantity: n } : item))), true);
    }),
  );
  return {
    valid: validItems,
    invalid: fc.oneof(
      bad('items of the wrong type', wrongType('array')),
      bad('no items', fc.constant([])),
      bad('more than 100 items', fc.integer({ min: 101, max: 130 }).map((n) => Array.from({ length: n }, (_, i) => ({ product_id: i + 1, quantity: 1 })))),
      fc.tuple(validItems, badItem, fc.nat()).map(([items, wrong, at]) => ({ value: insertAt(items, wrong.value, at), reason: wrong.reason })),
      bad('a product twice', validItems.map((items) => [...items, { product_id: items[0]!.product_id, quantity: 1 }])),
      overStock,
    ),
  };
}
