import { z } from 'zod';
import { needs, PUBLIC } from '../auth/route-access.js';
import { ifMatchHeaders } from '../conditional/conditional.schemas.js';
import type { RouteSpec } from '../route-spec.js';
import type { ProductGroupController } from './product-group.controller.js';
import type { ProductController } from './product.controller.js';
import { listGroupsParams, listProductsParams } from './catalog-list.schemas.js';
import {
  categoryBody,
  categoryResponse,
  categoryWithProducts,
  createProductBody,
  idParams,
  productResponse,
  tagBody,
  tagResponse,
  tagWithProducts,
  updateProductBody,
} from './catalog.schemas.js';

const PAGE_HEADERS = {
  Link: 'rel="next" (while there are more) and rel="first"; filters and sort carry over',
  'X-Total-Count': 'Every match, when asked for with count=true',
};

interface GroupRouteOptions {
  readonly path: string;
  readonly tag: string;
  readonly singular: string;
  readonly body: z.ZodType;
  readonly item: z.ZodType;
  readonly details: z.ZodType;
}

function productGroupRoutes(controller: ProductGroupController, o: GroupRouteOptions): RouteSpec[] {
  const byId = `${o.path}/:id`;
  return [
    { method: 'get', path: o.path, handler: controller.list, access: PUBLIC, tag: o.tag, query: listGroupsParams,
      summary: `List ${o.tag.toLowerCase()} by id, a page at a time, each with its first products`,
      success: { status: 200, description: `One page of ${o.tag.toLowerCase()}`, schema: z.array(o.details), headers: PAGE_HEADERS }, errors: [400, 503] },
    { method: 'get', path: byId, handler: controller.get, access: PUBLIC, tag: o.tag, summary: `Get one ${o.singular} with its products`, params: idParams,
      success: { status: 200, description: `The ${o.singular}`, schema: o.details }, errors: [400, 404, 503] },
    { method: 'post', path: o.path, handler: controller.create, access: needs('catalog:write'), tag: o.tag, summary: `Create a ${o.singular}`, body: o.body,
      success: { status: 201, description: `The created ${o.singular}; Location names it`, schema: o.item }, errors: [400, 409, 413, 415, 503] },
    { method: 'put', path: byId, handler: controller.update, access: needs('catalog:write'), tag: o.tag, summary: `Rename a ${o.singular}`, params: idParams, headers: ifMatchHeaders, body: o.body,
      success: { status: 200, description: `The updated ${o.singular}`, schema: o.item }, errors: [400, 404, 409, 412, 413, 415, 503] },
    { method: 'delete', path: byId, handler: controller.delete, access: needs('catalog:write'), tag: o.tag, summary: `Delete a ${o.singular}`, params: idParams, headers: ifMatchHeaders,
      success: { status: 204, description: 'Deleted' }, errors: [400, 404, 412, 503] },
  ];
}

export function catalogRoutes(controllers: {
  categories: ProductGroupController;
  tags: ProductGroupController;
  products: ProductController;
}): RouteSpec[] {
  const products = controllers.products;
  const tag = 'Products';
  return [
    ...productGroupRoutes(controllers.categories, {
      path: '/api/categories', tag: 'Categories', singular: 'category',
      body: categoryBody, item: categoryResponse, details: categoryWithProducts,
    }),
    { method: 'get', path: '/api/products', handler: products.list, access: PUBLIC, tag, query: listProductsParams,
      summary: 'List products with their category and tags: filtered, searched, sorted, a page at a time',
      success: { status: 200, description: 'One page of products', schema: z.array(productResponse), headers: PAGE_HEADERS }, errors: [400, 503] },
    { method: 'get', path: '/api/products/:id', handler: products.get, access: PUBLIC, tag, summary: 'Get one product with its category and tags', params: idParams,
      success: { status: 200, description: 'The product', schema: productResponse }, errors: [400, 404, 503] },
    { method: 'post', path: '/api/products', handler: products.create, access: needs('catalog:write'), tag, summary: 'Create a product, with its tags', body: createProductBody,
      success: { status: 201, description: 'The created product; Location names it', schema: productResponse }, errors: [400, 413, 415, 503] },
    { method: 'put', path: '/api/products/:id', handler: products.update, access: needs('catalog:write'), tag, params: idParams, headers: ifMatchHeaders, body: updateProductBody,
      summary: 'Update a product; tagIds, when given, replaces its tags',
      success: { status: 200, description: 'The updated product', schema: productResponse }, errors: [400, 404, 412, 413, 415, 503] },
    { method: 'delete', path: '/api/products/:id', handler: products.delete, access: needs('catalog:write'), tag, summary: 'Delete a product and its tag links', params: idParams, headers: ifMatchHeaders,
      success: { status: 204, description: 'Deleted' }, errors: [400, 404, 412, 503] },
    ...productGroupRoutes(controllers.tags, {
      path: '/api/tags', tag: 'Tags', singular: 'tag', body: tagBody, item: tagResponse, details: tagWithProducts,
    }),
  ];
}
