import type { Migration } from '../migration';

/**
 * Files kept as parts (docs/sync.md, *Blob sync*; docs/performance.md, *Session 9: blobs*): a file's bytes in
 * `blob_parts`, one row per MiB with the part's own sha256, written as a download arrives and read part by
 * part for an upload, so no buffer of the file's size is needed. `blobs.parts` is how many; NULL for the rows
 * stored before this migration, whose bytes stay in `blobs.data` and are read as before. Parts of a hash with
 * no `blobs` row are a download not finished: not a stored file. A deleted file takes its parts with it.
 */
export const migration0024: Migration = {
  version: 24,
  name: 'blob-parts',
  up(db) {
    db.exec(`
      ALTER TABLE blobs ADD COLUMN parts INTEGER;
      CREATE TABLE blob_parts (
        hash TEXT NOT NULL,
        idx  INTEGER NOT NULL,
        sha  BLOB NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (hash, idx)
      ) STRICT;
      CREATE TRIGGER blobs_delete_parts AFTER DELETE ON blobs BEGIN
        DELETE FROM blob_parts WHERE hash = old.hash;
      END;
    `);
  },
};
