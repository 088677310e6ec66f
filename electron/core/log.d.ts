import { type Logger } from 'pino';
export type { Logger } from 'pino';
export declare const REDACTED = "[redacted]";
/** Deep copy of `value` with the value of every secret-looking key replaced, whatever its depth. */
export declare function redactSecrets(value: unknown, depth?: number): unknown;
export interface LogOptions {
    dataDir?: string;
    level?: string;
    /** Where to write when there is no data folder (tests); defaults to stderr. */
    destination?: NodeJS.WritableStream;
}
/** The core's one logger: JSON lines in `<dataDir>/logs/atelier.log`, secrets redacted by key name. */
export declare function createLogger(options?: LogOptions): Logger;
