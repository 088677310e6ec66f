import type { HubMigration } from './migration';

/**
 * Blob collection (docs/sync.md, *Blob sync*): a file no ticket's attachment names any more is marked
 * `orphaned_at` by the collector and deleted once the grace period has passed since. The indexes find the
 * attachments of a file and the removal of an attachment without reading the log.
 */
export const hubMigration0010: HubMigration = {
  version: 10,
  name: 'blob-collection',
  sql: `
    ALTER TABLE blobs ADD COLUMN orphaned_at timestamptz;
    CREATE INDEX events_attachment_hash ON events (team_id, type, ((body::jsonb) #>> '{payload,hash}'))
      WHERE type IN ('attachment_added', 'attachment_removed');
    CREATE INDEX events_attachment_removal ON events (team_id, ((body::jsonb) #>> '{payload,attachmentId}'))
      WHERE type = 'attachment_removed';
  `,
};
