import { hubMigrations, type HubMigration } from './migrations';
import type { HubDatabase } from './sql';

/** Any constant: the advisory lock that lets several hubs start at once on one database. */
const MIGRATION_LOCK = 7_310_001;

/**
 * Applies the pending migrations in one transaction under an advisory lock (hub instances starting together
 * wait for each other). A database migrated by a newer hub is refused, untouched.
 */
export async function migrateHub(db: HubDatabase, migrations: readonly HubMigration[] = hubMigrations): Promise<number[]> {
  return await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS hub_migrations (
      version    int PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set((await tx.query<{ version: number }>('SELECT version FROM hub_migrations')).map((r) => Number(r.version)));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new Error(`the hub database is at schema version ${newest}, newer than this hub knows (${known}): update the hub`);
    }
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO hub_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      done.push(migration.version);
    }
    return done;
  });
}
