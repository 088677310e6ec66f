import type { Migration } from '../migration';

/** Inventory snapshots, one row each, per machine (local machine id or host name). */
export const migration0004: Migration = {
  version: 4,
  name: 'inventory',
  up(db) {
    db.exec(`
      CREATE TABLE inventory_snapshots (
        id          TEXT PRIMARY KEY,
        machine_key TEXT NOT NULL,
        host        TEXT,
        taken_at    TEXT NOT NULL,
        taken_by    TEXT NOT NULL,
        collector   TEXT NOT NULL,
        data        TEXT NOT NULL CHECK (json_valid(data))
      ) STRICT;
      CREATE INDEX inventory_snapshots_machine ON inventory_snapshots (machine_key, taken_at);
    `);
  },
};
