import { hubMigrations, type HubMigration } from './db/migrations';
import type { Sql } from './db/sql';

export type Readiness =
  | { ready: true; schema: number }
  | { ready: false; schema: number | null; reason: string; cause?: unknown };

/**
 * Whether this instance can serve: its database answers and holds exactly the schema this hub was built
 * for. A load balancer sends traffic only to a ready instance; an instance whose database is behind (a hub
 * started with `--no-migrate` before `migrate` ran) or ahead (a newer hub migrated it) is kept out.
 */
export async function readiness(db: Sql, migrations: readonly HubMigration[] = hubMigrations): Promise<Readiness> {
  const expected = Math.max(0, ...migrations.map((m) => m.version));
  let schema: number | null;
  try {
    const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('hub_migrations')::text AS name");
    schema = table?.name ? Number((await db.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM hub_migrations'))[0]?.version ?? 0) : null;
  } catch (error) {
    // The cause goes to the hub's log only: the probe is unauthenticated and a driver message names hosts.
    return { ready: false, schema: null, reason: 'the database is unreachable', cause: error };
  }
  if (schema === null) return { ready: false, schema, reason: `the database has no hub schema yet: run "atelier-hub migrate" (expected version ${expected})` };
  if (schema < expected) return { ready: false, schema, reason: `the database schema is at version ${schema}, this hub needs ${expected}: run "atelier-hub migrate"` };
  if (schema > expected) return { ready: false, schema, reason: `the database schema is at version ${schema}, newer than this hub knows (${expected}): update the hub` };
  return { ready: true, schema };
}
