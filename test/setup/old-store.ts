import type { Database } from '../../electron/core/db/open';

/**
 * Migration tests fill a store at an old version with today's ticket service, whose projection writes the
 * `tickets` columns later migrations added. This adds those columns (and only those) to the old store, so the
 * data written is what that version held plus empty later columns. One line here per such migration.
 */
export function addLaterTicketColumns(db: Database): void {
  db.exec('ALTER TABLE tickets ADD COLUMN vendor TEXT'); // migration 0015
  db.exec('ALTER TABLE tickets ADD COLUMN clashes TEXT'); // migration 0021
}
