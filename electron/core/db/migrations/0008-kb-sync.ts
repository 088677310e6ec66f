import type { Migration } from '../migration';

/**
 * The knowledge base syncs with the team hub as a second stream (docs/sync.md): `sync_state.kb_cursor` is
 * the hub's sequence of the last article event applied (saved in the same transaction as those events),
 * `kb_sync_rejections` the local article events the hub refused as malformed (kept, no longer pushed
 * until retried), like `sync_rejections` for ticket events.
 */
export const migration0008: Migration = {
  version: 8,
  name: 'kb-sync',
  up(db) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN kb_cursor INTEGER NOT NULL DEFAULT 0 CHECK (kb_cursor >= 0);

      CREATE TABLE kb_sync_rejections (
        event_id TEXT PRIMARY KEY REFERENCES kb_events (id) ON DELETE CASCADE,
        code     TEXT NOT NULL,
        message  TEXT NOT NULL,
        at_ms    INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
