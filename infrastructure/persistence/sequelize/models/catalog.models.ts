import {
  DataTypes,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelStatic,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';

export interface CategoryRow extends Model<InferAttributes<CategoryRow>, InferCreationAttributes<CategoryRow>> {
  id: CreationOptional<number>;
  category_name: string;
  product_count: CreationOptional<number>;
  products?: NonAttribute<ProductRow[]>;
}

export interface TagRow extends Model<InferAttributes<TagRow>, InferCreationAttributes<TagRow>> {
  id: CreationOptional<number>;
  tag_name: string;
  product_count: CreationOptional<number>;
  products?: NonAttribute<ProductRow[]>;
}

export interface ProductRow extends Model<InferAttributes<ProductRow>, InferCreationAttributes<ProductRow>> {
  id: CreationOptional<number>;
  product_name: string;
  /** mysql2 returns DECIMAL as a string ("14.99"); the mapper turns it into Money. */
  price: string | number;
  stock: number;
  category_id: ForeignKey<number> | null;
  category?: NonAttribute<CategoryRow | null>;
  tags?: NonAttribute<TagRow[]>;
}

export interface ProductTagRow extends Model<InferAttributes<ProductTagRow>, InferCreationAttributes<ProductTagRow>> {
  id: CreationOptional<number>;
  product_id: number;
  tag_id: number;
}

export interface ProductWordRow extends Model<InferAttributes<ProductWordRow>, InferCreationAttributes<ProductWordRow>> {
  word: string;
  product_id: number;
}

export interface CatalogModels {
  Category: ModelStatic<CategoryRow>;
  Tag: ModelStatic<TagRow>;
  Product: ModelStatic<ProductRow>;
  ProductTag: ModelStatic<ProductTagRow>;
  ProductWord: ModelStatic<ProductWordRow>;
}

const productCount = { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 };
const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
// Tables keep the assignment's names; the schema itself is owned by the migrations.
const table = (tableName: string) => ({ tableName, timestamps: false, underscored: true });

/** Defines the catalog models on one Sequelize instance (tests run several side by side). */
export function defineCatalogModels(sequelize: Sequelize): CatalogModels {
  const Category = sequelize.define<CategoryRow>(
    'Category',
    { id, category_name: { type: DataTypes.STRING(255), allowNull: false, unique: true }, product_count: productCount },
    table('category'),
  );
  const Tag = sequelize.define<TagRow>(
    'Tag',
    { id, tag_name: { type: DataTypes.STRING(255), allowNull: false, unique: true }, product_count: productCount },
    table('tag'),
  );
  const Product = sequelize.define<ProductRow>(
    'Product',
    {
      id,
      product_name: { type: DataTypes.STRING(255), allowNull: false },
      price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      stock: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
      category_id: { type: DataTypes.INTEGER, allowNull: true },
    },
    table('product'),
  );
  const ProductTag = sequelize.define<ProductTagRow>(
    'ProductTag',
    {
      id,
      product_id: { type: DataTypes.INTEGER, allowNull: false },
      tag_id: { type: DataTypes.INTEGER, allowNull: false },
    },
    table('product_tag'),
  );

  const ProductWord = sequelize.define<ProductWordRow>(
    'ProductWord',
    {
      word: { type: DataTypes.STRING(20), allowNull: false, primaryKey: true },
      product_id: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true },
    },
    table('product_word'),
  );

  Product.belongsTo(Category, { as: 'category', foreignKey: 'category_id' });
  Category.hasMany(Product, { as: 'products', foreignKey: 'category_id' });
  Product.belongsToMany(Tag, { as: 'tags', through: ProductTag, foreignKey: 'product_id', otherKey: 'tag_id' });
  Tag.belongsToMany(Product, { as: 'products', through: ProductTag, foreignKey: 'tag_id', otherKey: 'product_id' });

  return { Category, Tag, Product, ProductTag, ProductWord };
}
