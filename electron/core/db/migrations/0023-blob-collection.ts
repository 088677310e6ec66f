import type { Migration } from '../migration';

/**
 * Blob collection (docs/sync.md, *Blob sync*): a stored file no ticket's attachment names any more is marked
 * `orphaned_at` and deleted once the grace period has passed since. The indexes find the marked files
 * without reading the table (its rows hold the bytes), a file's attachments and an attachment's removal
 * without reading the whole log.
 */
export const migration0023: Migration = {
  version: 23,
  name: 'blob-collection',
  up(db) {
    db.exec(`
      ALTER TABLE blobs ADD COLUMN orphaned_at TEXT;
      CREATE INDEX blobs_orphaned ON blobs (orphaned_at) WHERE orphaned_at IS NOT NULL;
      CREATE INDEX events_attachment_hash ON events (json_extract(payload, '$.hash'))
        WHERE type IN ('attachment_added', 'attachment_removed');
      CREATE INDEX events_attachment_removal ON events (json_extract(payload, '$.attachmentId'))
        WHERE type = 'attachment_removed';
    `);
  },
};
