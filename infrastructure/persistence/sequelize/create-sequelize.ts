import { Sequelize } from 'sequelize';

export interface DatabaseSettings {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** A MySQL/MariaDB connection through mysql2. Nothing connects until the first query. */
export function createSequelize(settings: DatabaseSettings, logSql?: (sql: string) => void): Sequelize {
  return new Sequelize(settings.database, settings.user, settings.password, {
    host: settings.host,
    port: settings.port,
    dialect: 'mysql',
    logging: logSql ?? false,
    timezone: '+00:00',
    pool: { max: 10, min: 0, acquire: 10_000, idle: 10_000 },
    dialectOptions: { connectTimeout: 5_000, charset: 'utf8mb4' },
    define: { timestamps: false, underscored: true },
  });
}
