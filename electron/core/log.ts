import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|cookie|private_?key|credential/i;
export const REDACTED = '[redacted]';

/** Deep copy of `value` with the value of every secret-looking key replaced, whatever its depth. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(item, depth + 1);
  }
  return out;
}

export interface LogOptions {
  dataDir?: string;
  level?: string;
  /** Where to write when there is no data folder (tests); defaults to stderr. */
  destination?: NodeJS.WritableStream;
}

/** The core's one logger: JSON lines in `<dataDir>/logs/atelier.log`, secrets redacted by key name. */
export function createLogger(options: LogOptions = {}): Logger {
  const level = options.level ?? process.env.ATELIER_LOG_LEVEL ?? 'info';
  const config = {
    level,
    base: { pid: process.pid },
    formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown> },
  };
  if (options.destination) return pino(config, options.destination);
  if (!options.dataDir) return pino(config, pino.destination(2));
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return pino(config, pino.destination({ dest: join(dir, 'atelier.log'), mkdir: true, sync: false }));
}
