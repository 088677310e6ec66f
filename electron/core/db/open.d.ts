import { type Database } from 'better-sqlite3';
import type { Migration } from './migration';
export type { Database } from 'better-sqlite3';
export interface OpenOptions {
    migrations?: readonly Migration[];
    /** Stop at this version (tests of a single migration). */
    targetVersion?: number;
}
/**
 * Opens (or creates) the store, applies pending migrations in one transaction and returns it.
 * A file that is not a database, is damaged or comes from a newer Atelier is refused with a message
 * naming the file, and is never written to.
 */
export declare function openDatabase(file: string, options?: OpenOptions): Database;
export declare function schemaVersion(db: Database): number;
