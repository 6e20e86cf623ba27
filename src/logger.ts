import { pino, type Logger } from 'pino';

/** JSON lines on stdout: what log collectors expect. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
