import type { Migration } from '../migration';

/**
 * Blob sync (docs/sync.md, *Blob sync*): which contents this device's events name have reached the hub
 * whole (`sent_at`), or were refused for good (`refused`: too large for the hub's limits). `ref` is a file's
 * sha256 or `snapshot:<id>`. A ref with no row is still to send; an interrupted send resumes from the
 * chunks the hub says it lacks, so nothing per chunk is kept here.
 */
export const migration0014: Migration = {
  version: 14,
  name: 'blob-sync',
  up(db) {
    db.exec(`
      CREATE TABLE blob_sync (
        ref     TEXT PRIMARY KEY,
        sent_at TEXT,
        refused TEXT
      ) STRICT;
    `);
  },
};
