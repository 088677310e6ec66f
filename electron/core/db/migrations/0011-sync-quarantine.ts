import type { Migration } from '../migration';

/**
 * Events from the hub this device cannot apply (docs/sync.md, *Quarantine*): an older hub or a database
 * edited by hand may serve one that breaks the admission rule. It is kept here with its reason, outside the
 * log, so the rest of the page applies and sync goes on; `retired_at` is set when the hub's admin retired it
 * (the row stays: nothing disappears silently).
 */
export const migration0011: Migration = {
  version: 11,
  name: 'sync-quarantine',
  up(db) {
    db.exec(`
      CREATE TABLE sync_quarantine (
        event_id   TEXT PRIMARY KEY,
        stream     TEXT NOT NULL CHECK (stream IN ('tickets', 'kb')),
        subject    TEXT,
        body       TEXT NOT NULL,
        rule       TEXT NOT NULL,
        reason     TEXT NOT NULL,
        at_ms      INTEGER NOT NULL,
        retired_at INTEGER
      ) STRICT;
    `);
  },
};
