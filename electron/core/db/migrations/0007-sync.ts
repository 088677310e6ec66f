import type { Migration } from '../migration';

/**
 * Sync with the team hub (docs/sync.md). `sync_state` (one row): the hub address, the pull cursor (the
 * hub's sequence of the last event applied, saved in the same transaction as those events), the last
 * success and error, and this clock's offset to the hub's. The token is not here: it is a vault secret.
 * `sync_rejections`: local events the hub refused as malformed, kept and no longer pushed until retried.
 */
export const migration0007: Migration = {
  version: 7,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        hub_url         TEXT,
        hub_user        TEXT,
        cursor          INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
        last_sync_ms    INTEGER,
        last_error      TEXT CHECK (last_error IS NULL OR json_valid(last_error)),
        clock_offset_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE sync_rejections (
        event_id TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
        code     TEXT NOT NULL,
        message  TEXT NOT NULL,
        at_ms    INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
