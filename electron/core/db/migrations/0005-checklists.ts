import type { Migration } from '../migration';

/** Checklist documents by (id, version): a version is immutable, so recorded runs always replay the same document. */
export const migration0005: Migration = {
  version: 5,
  name: 'checklists',
  up(db) {
    db.exec(`
      CREATE TABLE checklists (
        id          TEXT NOT NULL,
        version     INTEGER NOT NULL CHECK (version > 0),
        title_fr    TEXT NOT NULL,
        title_en    TEXT NOT NULL,
        origin      TEXT NOT NULL CHECK (origin IN ('builtin', 'file', 'hub')),
        source      TEXT,
        sha256      TEXT NOT NULL,
        document    TEXT NOT NULL CHECK (json_valid(document)),
        yaml        TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (id, version)
      ) STRICT;
    `);
  },
};
