import { ContainerModule } from 'inversify';
import { catalogUseCases } from '../../domain/catalog/use-cases/catalog-use-cases.js';
import { TOKENS } from './tokens.js';

/** The catalog's use cases, from the ports the persistence module binds. */
export const catalogModule = new ContainerModule(({ bind }) => {
  bind(TOKENS.CatalogUseCases)
    .toDynamicValue((ctx) =>
      catalogUseCases({
        products: ctx.get(TOKENS.ProductRepository),
        categories: ctx.get(TOKENS.CategoryRepository),
        tags: ctx.get(TOKENS.TagRepository),
        unitOfWork: ctx.get(TOKENS.UnitOfWork),
      }),
    )
    .inSingletonScope();
});
