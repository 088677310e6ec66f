import type { Migration } from '../migration';
/** Every migration in order. A new one is a new file plus one line here. */
export declare const migrations: readonly Migration[];
