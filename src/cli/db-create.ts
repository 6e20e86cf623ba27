import 'reflect-metadata';
import { createDatabaseIfMissing } from '../../infrastructure/persistence/sequelize/database-admin.js';
import { describeConnectionFailure } from '../../infrastructure/persistence/sequelize/connection-check.js';
import { describeDatabase, exitWith, loadConfigOrExit } from '../startup.js';
import { refuseUnknownArgs } from './cli-args.js';

// npm run db:create: CREATE DATABASE IF NOT EXISTS for the MySQL database named in .env, or the
// SQLite file (and its folder) when no MySQL database is configured.
refuseUnknownArgs('db:create', process.argv.slice(2), []);
const config = loadConfigOrExit();
try {
  const created = await createDatabaseIfMissing(config.database);
  if (config.database.dialect === 'sqlite') {
    console.log(created ? `created ${describeDatabase(config)}` : `${describeDatabase(config)} already exists`);
  } else {
    const { database, host, port } = config.database;
    console.log(created ? `created database "${database}" on ${host}:${port}` : `database "${database}" already exists on ${host}:${port}`);
  }
} catch (error) {
  exitWith(describeConnectionFailure(error, config.database));
}
