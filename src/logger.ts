import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { LogFormat } from './config.js';

/**
 * JSON lines on stdout: what log collectors expect (LOG_FORMAT=pretty: coloured lines for a person
 * at a terminal). Credentials never reach a line: the headers that carry them are redacted
 * wherever a request is logged.
 */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  const options: LoggerOptions = {
    level,
    base: undefined,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
  };
  const target = format === 'pretty' ? pretty(destination) : destination;
  return target ? pino(options, target) : pino(options);
}

/**
 * pino-pretty as a synchronous stream in this process, not a worker transport: a line logged just
 * before process.exit (a startup failure, the shutdown summary) is written before the exit, where
 * a worker thread could lose it. Colours only on stdout, when the terminal supports them.
 */
function pretty(destination: DestinationStream | undefined): DestinationStream {
  return prettyStream({
    sync: true,
    destination: destination ?? 1,
    ...(destination ? { colorize: false } : {}),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'hostname',
  });
}
