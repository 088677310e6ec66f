import { BLOB_GRACE_MS } from '../../../shared/sync/blobs';
import type { Database } from '../db/open';
import { readStored, writeStored } from '../db/stored-values';

/** The log's `seq` up to which removals were looked at: a pass reads only the events after it. */
const REMOVALS_SEEN = 'blob_collection.removals_seen';

/**
 * A live attachment of file `:hash`: added, and not taken off by a removal the rule admits (its author's,
 * later, same ticket and file: shared/tickets/attachments.ts), so a file the ticket still shows is never
 * deleted, whatever the log holds. (`type IN (…)` repeats the partial index's condition word for word:
 * SQLite uses a partial index only for a query that states it.)
 */
const LIVE = `EXISTS (SELECT 1 FROM events a
  WHERE a.type IN ('attachment_added', 'attachment_removed') AND json_extract(a.payload, '$.hash') = :hash AND a.type = 'attachment_added'
    AND NOT EXISTS (SELECT 1 FROM events r
      WHERE r.type = 'attachment_removed' AND json_extract(r.payload, '$.attachmentId') = a.id
        AND r.ticket_id = a.ticket_id AND r.actor = a.actor AND json_extract(r.payload, '$.hash') = :hash AND (r.hlc > a.hlc OR (r.hlc = a.hlc AND r.id > a.id))))`;

export interface LocalCollection {
  orphaned: number;
  deleted: number;
}

/**
 * Deletes this device's stored files that no ticket names any more, once `graceMs` has passed since they were
 * first found so (a file attached again meanwhile is kept; one just stored for an attachment about to be
 * written is never older than the grace). Only files already marked and those named by removals new since the
 * last pass are looked at, by index: a pass never reads the stored bytes of other files. A file found orphaned
 * also loses its "sent" mark: attached again later, it is declared to the hub again, which may have deleted it.
 */
export function collectLocalBlobs(db: Database, options: { graceMs?: number; now?: Date } = {}): LocalCollection {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? BLOB_GRACE_MS)).toISOString();
  const after = Number(readStored(db, REMOVALS_SEEN) ?? 0);
  const head = Number(db.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck().get());
  // The files already marked, and those named by removals that came in since the last pass.
  const candidates = db
    .prepare(
      `SELECT hash FROM blobs WHERE orphaned_at IS NOT NULL
       UNION SELECT json_extract(payload, '$.hash') FROM events
         WHERE seq > ? AND seq <= ? AND type = 'attachment_removed' AND json_extract(payload, '$.hash') IN (SELECT hash FROM blobs)`,
    )
    .pluck()
    .all(after, head) as string[];
  const kept = db.prepare(`UPDATE blobs SET orphaned_at = NULL WHERE hash = :hash AND orphaned_at IS NOT NULL AND ${LIVE}`);
  const mark = db.prepare(`UPDATE blobs SET orphaned_at = :now WHERE hash = :hash AND orphaned_at IS NULL AND NOT ${LIVE}`);
  const unsent = db.prepare('DELETE FROM blob_sync WHERE ref = :hash');
  const remove = db.prepare(`DELETE FROM blobs WHERE hash = :hash AND orphaned_at <= :cutoff AND NOT ${LIVE}`);
  const result: LocalCollection = { orphaned: 0, deleted: 0 };
  db.transaction(() => {
    for (const hash of candidates) {
      kept.run({ hash });
      if (mark.run({ hash, now: now.toISOString() }).changes > 0) {
        result.orphaned++;
        unsent.run({ hash });
      }
      result.deleted += remove.run({ hash, cutoff }).changes;
    }
    if (head !== after) writeStored(db, REMOVALS_SEEN, head);
    // Parts of a cut download (kept for it to resume) whose file no ticket names any more.
    const staged = db.prepare('SELECT DISTINCT hash FROM blob_parts WHERE hash NOT IN (SELECT hash FROM blobs)').pluck().all() as string[];
    const unstage = db.prepare(`DELETE FROM blob_parts WHERE hash = :hash AND NOT EXISTS (SELECT 1 FROM blobs WHERE hash = :hash) AND NOT ${LIVE}`);
    for (const hash of staged) unstage.run({ hash });
  })();
  return result;
}
