import type { Database } from 'better-sqlite3';
/** One numbered schema step. Each lives in its own file under migrations/ and has its own test. */
export interface Migration {
    readonly version: number;
    readonly name: string;
    up(db: Database): void;
}
