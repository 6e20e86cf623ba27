import 'reflect-metadata';
import cluster from 'node:cluster';
import { createLogger } from './logger.js';
import { serve } from './serve.js';
import { exitWith, loadConfigOrExit } from './startup.js';
import { superviseWorkers, workerHooks } from './workers.js';

// One process serves the API (WEB_CONCURRENCY=1, the default), or a primary starts that many
// workers, each serving it on the one port.
const config = loadConfigOrExit();
const base = createLogger(config.logLevel, undefined, config.logFormat);
// With workers, every line says which process wrote it.
const logger = config.workers === 1 ? base : base.child({ pid: process.pid });
if (config.workers === 1) await serve(config, logger);
else if (cluster.isPrimary) await superviseWorkers(config, logger).catch(exitWith);
else await serve(config, logger, workerHooks());
