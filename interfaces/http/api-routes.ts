import { catalogRoutes } from './catalog/catalog.routes.js';
import type { ProductGroupController } from './catalog/product-group.controller.js';
import type { ProductController } from './catalog/product.controller.js';
import type { OrderController } from './ordering/order.controller.js';
import { orderRoutes } from './ordering/order.routes.js';
import type { RouteSpec } from './route-spec.js';

export interface ApiControllers {
  readonly categories: ProductGroupController;
  readonly tags: ProductGroupController;
  readonly products: ProductController;
  readonly orders: OrderController;
}

/** The route table: what Express serves, what the OpenAPI document describes, and who may call each. */
export function apiRoutes(controllers: ApiControllers): RouteSpec[] {
  return [...catalogRoutes(controllers), ...orderRoutes(controllers.orders)];
}
