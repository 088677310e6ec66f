import type { Migration } from '../migration';

/**
 * Checklists written in the app (shared/checklists/authoring.ts): an append-only log of draft events that
 * syncs like the knowledge base's, and the projection each draft's fold is kept in. The library table
 * (`checklists`) keeps holding published versions only, so what N1 sees needs no filter; it gains the
 * origin `editor` for versions published from a draft. Imported and built-in versions stay as they were:
 * published. The drafts' log is a third sync stream (hub migration 6): its own cursor, its own rejections,
 * and the quarantine names it.
 */
export const migration0016: Migration = {
  version: 16,
  name: 'checklist-drafts',
  up(db) {
    db.exec(`
      CREATE TABLE checklist_draft_events (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        draft_id  TEXT NOT NULL,
        hlc       TEXT NOT NULL,
        actor     TEXT NOT NULL,
        device    TEXT NOT NULL,
        type      TEXT NOT NULL,
        payload   TEXT NOT NULL CHECK (json_valid(payload)),
        origin    TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
        synced_at TEXT
      ) STRICT;
      CREATE INDEX checklist_draft_events_by_draft ON checklist_draft_events (draft_id, hlc, id);
      CREATE INDEX checklist_draft_events_unsynced ON checklist_draft_events (seq) WHERE synced_at IS NULL AND origin = 'local';

      CREATE TABLE checklist_drafts (
        id           TEXT PRIMARY KEY,
        checklist_id TEXT NOT NULL,
        version      INTEGER NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'discarded')),
        author       TEXT NOT NULL,
        updated_ms   INTEGER NOT NULL,
        state        TEXT NOT NULL CHECK (json_valid(state)),
        -- Why a publication that arrived from another device did not reach the library (same version, other text).
        refused      TEXT
      ) STRICT;
      CREATE INDEX checklist_drafts_by_checklist ON checklist_drafts (checklist_id, status);

      CREATE TABLE checklists_with_editor (
        id          TEXT NOT NULL,
        version     INTEGER NOT NULL CHECK (version > 0),
        title_fr    TEXT NOT NULL,
        title_en    TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('builtin', 'file', 'hub', 'editor')),
        source      TEXT,
        sha256      TEXT NOT NULL,
        document    TEXT NOT NULL CHECK (json_valid(document)),
        yaml        TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      ) STRICT;
      INSERT INTO checklists_with_editor SELECT id, version, title_fr, title_en, origin, source, sha256, document, yaml, imported_at FROM checklists;
      DROP TABLE checklists;
      ALTER TABLE checklists_with_editor RENAME TO checklists;

      ALTER TABLE sync_state ADD COLUMN checklist_cursor INTEGER NOT NULL DEFAULT 0 CHECK (checklist_cursor >= 0);
      CREATE TABLE checklist_sync_rejections (
        event_id TEXT PRIMARY KEY REFERENCES checklist_draft_events (id) ON DELETE CASCADE,
        code     TEXT NOT NULL,
        message  TEXT NOT NULL,
        at_ms    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sync_quarantine_3 (
        event_id   TEXT PRIMARY KEY,
        stream     TEXT NOT NULL CHECK (stream IN ('tickets', 'kb', 'checklists')),
        subject    TEXT,
        body       TEXT NOT NULL,
        rule       TEXT NOT NULL,
        reason     TEXT NOT NULL,
        at_ms      INTEGER NOT NULL,
        retired_at INTEGER
      ) STRICT;
      INSERT INTO sync_quarantine_3 SELECT event_id, stream, subject, body, rule, reason, at_ms, retired_at FROM sync_quarantine;
      DROP TABLE sync_quarantine;
      ALTER TABLE sync_quarantine_3 RENAME TO sync_quarantine;
    `);
  },
};
