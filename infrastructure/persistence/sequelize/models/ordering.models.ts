import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelStatic,
  type NonAttribute,
  type Sequelize,
} from 'sequelize';

export interface OrderRow extends Model<InferAttributes<OrderRow>, InferCreationAttributes<OrderRow>> {
  seq: CreationOptional<number>;
  id: string;
  email: string;
  status: string;
  total: string | number;
  /** SHA-256 of the customer's order token; null for orders placed before tokens existed. */
  access_digest: CreationOptional<string | null>;
  created_at: Date;
  updated_at: Date;
  lines?: NonAttribute<OrderLineRow[]>;
}

export interface OrderLineRow extends Model<InferAttributes<OrderLineRow>, InferCreationAttributes<OrderLineRow>> {
  id: CreationOptional<number>;
  order_seq: number;
  product_id: number | null;
  product_name: string;
  unit_price: string | number;
  quantity: number;
  line_total: string | number;
}

export interface IdempotencyKeyRow extends Model<InferAttributes<IdempotencyKeyRow>, InferCreationAttributes<IdempotencyKeyRow>> {
  idempotency_key: string;
  request: string;
  state: 'in_progress' | 'completed';
  outcome: string | null;
  claimed_at: Date;
}

export interface OrderingModels {
  Order: ModelStatic<OrderRow>;
  OrderLine: ModelStatic<OrderLineRow>;
  IdempotencyKey: ModelStatic<IdempotencyKeyRow>;
}

const options = (tableName: string) => ({ tableName, timestamps: false, underscored: true });

export function defineOrderingModels(sequelize: Sequelize): OrderingModels {
  const Order = sequelize.define<OrderRow>(
    'Order',
    {
      seq: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      id: { type: DataTypes.CHAR(36), allowNull: false, unique: true },
      email: { type: DataTypes.STRING(254), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      total: { type: DataTypes.DECIMAL(15, 2), allowNull: false },
      access_digest: { type: DataTypes.CHAR(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    },
    options('orders'),
  );
  const OrderLine = sequelize.define<OrderLineRow>(
    'OrderLine',
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      order_seq: { type: DataTypes.BIGINT, allowNull: false },
      product_id: { type: DataTypes.INTEGER, allowNull: true },
      product_name: { type: DataTypes.STRING(255), allowNull: false },
      unit_price: { type: DataTypes.DECIMAL(10, 2), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      line_total: { type: DataTypes.DECIMAL(15, 2), allowNull: false },
    },
    options('order_line'),
  );
  const IdempotencyKey = sequelize.define<IdempotencyKeyRow>(
    'IdempotencyKey',
    {
      idempotency_key: { type: DataTypes.STRING(255), primaryKey: true },
      request: { type: DataTypes.TEXT, allowNull: false },
      state: { type: DataTypes.STRING(16), allowNull: false },
      outcome: { type: DataTypes.TEXT('long'), allowNull: true },
      claimed_at: { type: DataTypes.DATE(3), allowNull: false },
    },
    options('idempotency_key'),
  );
  Order.hasMany(OrderLine, { as: 'lines', foreignKey: 'order_seq', sourceKey: 'seq' });
  return { Order, OrderLine, IdempotencyKey };
}
