// The body of each write route as a model: its fields, which are required, and whether it takes a body at all.
import { z } from 'zod';
import type { RouteSpec } from '../../../interfaces/http/route-spec.js';
import { bad, type FieldModel } from './field-model.js';
import { emailField, nameField, priceField, referenceField, stockField, tagIdsField } from './fields.js';
import { itemsField } from './order-items.js';
import { wrongType, type JsonType } from './values.js';
import type { World } from './world.js';

export interface BodyModel {
  readonly fields: Readonly<Record<string, FieldModel>>;
  readonly required: readonly string[];
  /** PUT /api/products/:id: any subset of the fields, but not none. */
  readonly atLeastOne?: boolean;
  /** The route takes no body at all, or `{}` (README: order actions; and DELETE, like every route, refuses fields). */
  readonly noBody?: boolean;
}

/** What the generators know about the bodies of the routes in the route table that take one, by routeKey. */
export function knownModels(world: World): Record<string, () => BodyModel> {
  const product = () => ({
    product_name: nameField(),
    price: priceField,
    stock: stockField,
    category_id: referenceField('a category id', world.categories, true),
    tagIds: tagIdsField(world.tags),
  });
  return {
    'post /api/categories': () => ({ fields: { category_name: nameField(world.categoryNames) }, required: ['category_name'] }),
    'put /api/categories/:id': () => ({ fields: { category_name: nameField() }, required: ['category_name'] }),
    'post /api/tags': () => ({ fields: { tag_name: nameField(world.tagNames) }, required: ['tag_name'] }),
    'put /api/tags/:id': () => ({ fields: { tag_name: nameField() }, required: ['tag_name'] }),
    'post /api/products': () => ({ fields: product(), required: ['product_name', 'price'] }),
    'put /api/products/:id': () => ({ fields: product(), required: [], atLeastOne: true }),
    'post /api/orders': () => ({ fields: { email: emailField, items: itemsField(world.products, world.stock) }, required: ['email', 'items'] }),
  };
}

export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;

/** The body schema's properties, required fields and JSON types, as the OpenAPI document has them. */
export function schemaOf(body: z.ZodType): { properties: Record<string, { type?: string; anyOf?: Array<{ type?: string }> }>; required: string[] } {
  const document = z.toJSONSchema(body, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const ref = typeof document.$ref === 'string' ? document.$ref.split('/').pop()! : undefined;
  const schema = (ref ? (document.$defs as Record<string, Record<string, unknown>>)[ref] : document) as Record<string, unknown>;
  return { properties: (schema.properties ?? {}) as never, required: (schema.required ?? []) as string[] };
}

/** The route's known model; for a route without one, only values of a type its schema does not allow. */
export function modelFor(route: RouteSpec, world: World): BodyModel {
  if (!route.body) return { fields: {}, required: [], noBody: true };
  const known = knownModels(world)[routeKey(route)];
  if (known) return known();
  const { properties, required } = schemaOf(route.body);
  const fields: Record<string, FieldModel> = {};
  for (const [name, property] of Object.entries(properties)) {
    const types = [property.type, ...(property.anyOf ?? []).map((option) => option.type)].filter((type): type is JsonType => typeof type === 'string');
    // A field of any type has no wrong one: it is only left out of the unknown fields.
    fields[name] = { invalid: types.length > 0 ? bad(`${name} of the wrong type`, wrongType(...types)) : undefined };
  }
  return { fields, required };
}
