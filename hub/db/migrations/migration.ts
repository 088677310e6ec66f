/** One numbered step of the hub's schema: plain SQL, the same on PostgreSQL and PGlite. */
export interface HubMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
