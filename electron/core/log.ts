import { openSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { dataDirError, LOG_DIR, LOG_FILE, makePrivate, prepareDataDir, PRIVATE_FILE_MODE } from './paths';

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
  const config = loggerConfig(options.level);
  if (options.destination) return pino(config, options.destination);
  if (!options.dataDir) return pino(config, pino.destination(2));
  return pino(config, pino.destination({ dest: openLogFile(options.dataDir), sync: false }));
}

function loggerConfig(level = process.env.ATELIER_LOG_LEVEL ?? 'info') {
  return {
    level,
    base: { pid: process.pid },
    formatters: { log: (object: Record<string, unknown>) => redactSecrets(object) as Record<string, unknown> },
  };
}

/**
 * Writes to `<dataDir>/logs/atelier.log` at once and closes it: for what a process says just before it
 * ends (a command's failure), which an asynchronous write could lose.
 */
export function logNow(dataDir: string, write: (log: Logger) => void): void {
  const stream = pino.destination({ dest: openLogFile(dataDir), sync: true });
  try {
    write(pino(loggerConfig(), stream));
  } finally {
    stream.end();
  }
}

/**
 * Opens `logs/atelier.log` owner-only, now rather than in the background: pino flushes with flushSync when the
 * process exits, and a destination still opening then throws "sonic boom is not ready yet" over the message
 * of a command that failed early.
 */
function openLogFile(dataDir: string): number {
  prepareDataDir(dataDir);
  const file = join(dataDir, LOG_DIR, LOG_FILE);
  try {
    const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
    makePrivate(file, PRIVATE_FILE_MODE);
    return fd;
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
}
