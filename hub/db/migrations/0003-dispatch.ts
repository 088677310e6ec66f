import type { HubMigration } from './migration';

/**
 * The clock of the hub's dispatch identity (tickets created and assigned through the dispatch API). One row
 * read FOR UPDATE by every dispatch write, so several hub instances on one database share one monotonic clock.
 */
export const hubMigration0003: HubMigration = {
  version: 3,
  name: 'dispatch',
  sql: `
    CREATE TABLE dispatch_clock (
      id       int PRIMARY KEY CHECK (id = 1),
      node_id  text NOT NULL CHECK (node_id ~ '^[0-9a-f]{16}$'),
      last_hlc text
    );
    INSERT INTO dispatch_clock (id, node_id) VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 16));
  `,
};
