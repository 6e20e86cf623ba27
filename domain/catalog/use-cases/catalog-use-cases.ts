import { CATEGORY, TAG, type ProductGroupKind } from '../product-group.js';
import type { ProductGroupRepository } from '../product-group.repository.js';
import type { ProductRepository } from '../product.repository.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { CreateProductGroup } from './create-product-group.use-case.js';
import { CreateProduct } from './create-product.use-case.js';
import { DeleteProductGroup } from './delete-product-group.use-case.js';
import { DeleteProduct } from './delete-product.use-case.js';
import { GetProductGroup } from './get-product-group.use-case.js';
import { GetProduct } from './get-product.use-case.js';
import { ListProductGroups } from './list-product-groups.use-case.js';
import { ListProducts } from './list-products.use-case.js';
import { RenameProductGroup } from './rename-product-group.use-case.js';
import { UpdateProduct } from './update-product.use-case.js';

export interface CatalogPorts {
  readonly products: ProductRepository;
  readonly categories: ProductGroupRepository;
  readonly tags: ProductGroupRepository;
  readonly unitOfWork: UnitOfWork;
}

/** Categories and tags: the same five use cases over a different kind of group. */
export interface ProductGroupUseCases {
  readonly list: ListProductGroups;
  readonly get: GetProductGroup;
  readonly create: CreateProductGroup;
  readonly rename: RenameProductGroup;
  readonly delete: DeleteProductGroup;
}

export interface ProductUseCases {
  readonly list: ListProducts;
  readonly get: GetProduct;
  readonly create: CreateProduct;
  readonly update: UpdateProduct;
  readonly delete: DeleteProduct;
}

export interface CatalogUseCases {
  readonly categories: ProductGroupUseCases;
  readonly tags: ProductGroupUseCases;
  readonly products: ProductUseCases;
}

/** The catalog module's use cases, built once from its ports (the container and the tests both call this). */
export function catalogUseCases(ports: CatalogPorts): CatalogUseCases {
  return {
    categories: productGroupUseCases(ports.categories, CATEGORY, ports.unitOfWork),
    tags: productGroupUseCases(ports.tags, TAG, ports.unitOfWork),
    products: {
      list: new ListProducts(ports.products),
      get: new GetProduct(ports.products),
      create: new CreateProduct(ports.products, ports.categories, ports.tags, ports.unitOfWork),
      update: new UpdateProduct(ports.products, ports.categories, ports.tags, ports.unitOfWork),
      delete: new DeleteProduct(ports.products, ports.unitOfWork),
    },
  };
}

function productGroupUseCases(groups: ProductGroupRepository, kind: ProductGroupKind, unitOfWork: UnitOfWork): ProductGroupUseCases {
  return {
    list: new ListProductGroups(groups),
    get: new GetProductGroup(groups, kind),
    create: new CreateProductGroup(groups, kind),
    rename: new RenameProductGroup(groups, kind, unitOfWork),
    delete: new DeleteProductGroup(groups, kind, unitOfWork),
  };
}
