import { migrateToLatest } from '../../infrastructure/persistence/sequelize/migrator.js';
import { createSequelize } from '../../infrastructure/persistence/sequelize/create-sequelize.js';
import { checkConnection } from '../../infrastructure/persistence/sequelize/connection-check.js';
import { exitWith, loadConfigOrExit } from '../startup.js';

// npm run db:migrate: applies pending migrations (the server also does this before listening).
const config = loadConfigOrExit();
const sequelize = createSequelize(config.database);
try {
  await checkConnection(sequelize, config.database);
  const applied = await migrateToLatest(sequelize);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
} catch (error) {
  exitWith(error);
} finally {
  await sequelize.close();
}
