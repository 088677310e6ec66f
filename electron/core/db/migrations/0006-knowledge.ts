import type { Migration } from '../migration';

/**
 * Knowledge base: an append-only log of article events (source of truth, syncs like ticket events), the
 * projection each article's fold is kept in, and full-text search. The FTS tokenizer is porter over
 * unicode61 with diacritics removed: "écran" finds "ecran", "printers" finds "printer".
 */
export const migration0006: Migration = {
  version: 6,
  name: 'knowledge',
  up(db) {
    db.exec(`
      CREATE TABLE kb_events (
        seq        INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        article_id TEXT NOT NULL,
        hlc        TEXT NOT NULL,
        actor      TEXT NOT NULL,
        device     TEXT NOT NULL,
        type       TEXT NOT NULL,
        payload    TEXT NOT NULL CHECK (json_valid(payload)),
        origin     TEXT NOT NULL CHECK (origin IN ('local', 'remote', 'demo')),
        synced_at  TEXT
      ) STRICT;
      CREATE INDEX kb_events_by_article ON kb_events (article_id, hlc, id);
      CREATE INDEX kb_events_unsynced ON kb_events (seq) WHERE synced_at IS NULL AND origin = 'local';

      CREATE TABLE kb_articles (
        id         TEXT PRIMARY KEY,
        title      TEXT NOT NULL,
        kind       TEXT NOT NULL,
        category   TEXT,
        status     TEXT NOT NULL,
        author     TEXT NOT NULL,
        version    INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        state      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kb_articles_category ON kb_articles (category, status);
      CREATE INDEX kb_articles_updated ON kb_articles (updated_ms);

      CREATE VIRTUAL TABLE kb_fts USING fts5 (
        article_id UNINDEXED,
        title,
        body,
        tags,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `);
  },
};
