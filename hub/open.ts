import { homedir } from 'node:os';
import { join } from 'node:path';
import { migrateHub } from './db/migrate';
import { openPglite, openPostgres, type HubDatabase } from './db/sql';

export interface StoreChoice {
  /** postgres://... : a PostgreSQL server (production). Absent: PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir?: string;
  /** false: open as is (the schema is brought up to date by `migrate`, run separately). Default true. */
  migrate?: boolean;
}

export function defaultDataDir(): string {
  return process.env.ATELIER_HUB_DATA ?? join(homedir(), '.atelier-hub');
}

/** Opens the hub's database and brings its schema up to date (unless told not to). */
export async function openHubDatabase(choice: StoreChoice): Promise<HubDatabase> {
  const db = choice.databaseUrl ? openPostgres(choice.databaseUrl) : await openPglite(choice.dataDir ?? defaultDataDir());
  try {
    if (choice.migrate !== false) await migrateHub(db);
    return db;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}
