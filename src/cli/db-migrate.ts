import 'reflect-metadata';
import { exitWith, loadConfigOrExit, openDatabase } from '../startup.js';
import { refuseUnknownArgs } from './cli-args.js';

// npm run db:migrate: applies pending migrations (the server also does this before listening).
// On SQLite it also creates the file, as the server does.
refuseUnknownArgs('db:migrate', process.argv.slice(2), []);
const config = loadConfigOrExit();
const { sequelize, applied } = await openDatabase(config).catch(exitWith);
await sequelize.close();
console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
