/** Service identifiers of the container; only src/ knows them. */
export const TOKENS = {
  Sequelize: Symbol('Sequelize'),
  CatalogModels: Symbol('CatalogModels'),
  TransactionContext: Symbol('TransactionContext'),
  UnitOfWork: Symbol('UnitOfWork'),
  CategoryRepository: Symbol('CategoryRepository'),
  TagRepository: Symbol('TagRepository'),
  ProductRepository: Symbol('ProductRepository'),
  CategoryUseCases: Symbol('CategoryUseCases'),
  TagUseCases: Symbol('TagUseCases'),
  ProductUseCases: Symbol('ProductUseCases'),
  Logger: Symbol('Logger'),
  App: Symbol('App'),
} as const;
