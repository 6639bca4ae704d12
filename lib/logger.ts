import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One logger factory for every runtime. Tests pass `level: 'silent'`; the demo pretty-prints
 * when attached to a terminal so a new user can read what happens.
 */
export function createLogger(opts: { name: string; level?: string; pretty?: boolean }): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  if (opts.pretty) {
    return pino({ name: opts.name, level, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return pino({ name: opts.name, level });
}

export const silentLogger: Logger = pino({ level: 'silent' });
