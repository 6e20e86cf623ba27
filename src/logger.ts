import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * JSON lines on stdout: what log collectors expect. Credentials never reach a line: the headers
 * that carry them are redacted wherever a request is logged.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: undefined, redact: ['req.headers.authorization', 'req.headers.cookie'] };
  return destination ? pino(options, destination) : pino(options);
}
