import { createDatabaseIfMissing } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { describeConnectionFailure } from '../../infrastructure/persistence/sequelize/connection-check.js';
import { exitWith, loadConfigOrExit } from '../startup.js';

// npm run db:create: CREATE DATABASE IF NOT EXISTS for the database named in .env.
const config = loadConfigOrExit();
const { database, host, port } = config.database;
try {
  const created = await createDatabaseIfMissing(config.database);
  console.log(created ? `created database "${database}" on ${host}:${port}` : `database "${database}" already exists on ${host}:${port}`);
} catch (error) {
  exitWith(describeConnectionFailure(error, config.database));
}
