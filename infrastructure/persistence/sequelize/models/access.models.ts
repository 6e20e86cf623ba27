import { DataTypes, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

export interface ApiKeyRowModel extends Model<InferAttributes<ApiKeyRowModel>, InferCreationAttributes<ApiKeyRowModel>> {
  id: CreationOptional<number>;
  name: string;
  prefix: string;
  key_digest: string;
  /** Comma-separated, e.g. `catalog:write,orders:read`. */
  scopes: string;
  created_at: Date;
  last_used_at: CreationOptional<Date | null>;
  revoked_at: CreationOptional<Date | null>;
}

export interface AccessModels {
  ApiKey: ModelStatic<ApiKeyRowModel>;
}

export function defineAccessModels(sequelize: Sequelize): AccessModels {
  const ApiKey = sequelize.define<ApiKeyRowModel>(
    'ApiKey',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(64), allowNull: false },
      prefix: { type: DataTypes.STRING(16), allowNull: false },
      key_digest: { type: DataTypes.CHAR(64), allowNull: false },
      scopes: { type: DataTypes.STRING(255), allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      last_used_at: { type: DataTypes.DATE(3), allowNull: true },
      revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    },
    { tableName: 'api_key', timestamps: false, underscored: true },
  );
  return { ApiKey };
}
