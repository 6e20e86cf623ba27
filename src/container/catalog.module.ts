import { ContainerModule, type ResolutionContext } from 'inversify';
import { CATEGORY, TAG, type ProductGroupKind } from '../../domain/catalog/product-group.js';
import type { ProductGroupRepository } from '../../domain/catalog/product-group.repository.js';
import type { ProductRepository } from '../../domain/catalog/product.repository.js';
import { CreateProductGroup } from '../../domain/catalog/use-cases/create-product-group.use-case.js';
import { CreateProduct } from '../../domain/catalog/use-cases/create-product.use-case.js';
import { DeleteProductGroup } from '../../domain/catalog/use-cases/delete-product-group.use-case.js';
import { DeleteProduct } from '../../domain/catalog/use-cases/delete-product.use-case.js';
import { GetProductGroup } from '../../domain/catalog/use-cases/get-product-group.use-case.js';
import { GetProduct } from '../../domain/catalog/use-cases/get-product.use-case.js';
import { ListProductGroups } from '../../domain/catalog/use-cases/list-product-groups.use-case.js';
import { ListProducts } from '../../domain/catalog/use-cases/list-products.use-case.js';
import { RenameProductGroup } from '../../domain/catalog/use-cases/rename-product-group.use-case.js';
import { UpdateProduct } from '../../domain/catalog/use-cases/update-product.use-case.js';
import type { UnitOfWork } from '../../domain/shared/unit-of-work.js';
import type { ProductGroupUseCases } from '../../interfaces/http/catalog/product-group.controller.js';
import type { ProductUseCases } from '../../interfaces/http/catalog/product.controller.js';
import { TOKENS } from './tokens.js';

/** Use cases, built with `new` from the ports they need. */
export const catalogModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.CategoryUseCases)
    .toDynamicValue((ctx) => productGroupUseCases(ctx.get(TOKENS.CategoryRepository), CATEGORY, ctx.get(TOKENS.UnitOfWork)))
    .inSingletonScope();
  bind(TOKENS.TagUseCases)
    .toDynamicValue((ctx) => productGroupUseCases(ctx.get(TOKENS.TagRepository), TAG, ctx.get(TOKENS.UnitOfWork)))
    .inSingletonScope();
  bind(TOKENS.ProductUseCases).toDynamicValue(productUseCases).inSingletonScope();
});

function productGroupUseCases(groups: ProductGroupRepository, kind: ProductGroupKind, unitOfWork: UnitOfWork): ProductGroupUseCases {
  return {
    list: new ListProductGroups(groups),
    get: new GetProductGroup(groups, kind),
    create: new CreateProductGroup(groups, kind),
    rename: new RenameProductGroup(groups, kind, unitOfWork),
    delete: new DeleteProductGroup(groups, kind, unitOfWork),
  };
}

function productUseCases(ctx: ResolutionContext): ProductUseCases {
  const products = ctx.get<ProductRepository>(TOKENS.ProductRepository);
  const categories = ctx.get<ProductGroupRepository>(TOKENS.CategoryRepository);
  const tags = ctx.get<ProductGroupRepository>(TOKENS.TagRepository);
  const unitOfWork = ctx.get<UnitOfWork>(TOKENS.UnitOfWork);
  return {
    list: new ListProducts(products),
    get: new GetProduct(products),
    create: new CreateProduct(products, categories, tags, unitOfWork),
    update: new UpdateProduct(products, categories, tags, unitOfWork),
    delete: new DeleteProduct(products, unitOfWork),
  };
}
