import { BLOB_GRACE_MS } from '../../shared/sync/blobs';
import type { HubDatabase } from '../db/sql';
// The blob store's per-team lock: a collection never races a declaration.
import { BLOB_LOCK_CLASS } from './blobs';

export { BLOB_GRACE_MS as DEFAULT_BLOB_GRACE_MS } from '../../shared/sync/blobs';

/** A live attachment of file $2 in team $1: added, and not removed. */
const LIVE = `EXISTS (SELECT 1 FROM events a
  WHERE a.team_id = $1 AND a.type = 'attachment_added' AND ((a.body::jsonb) #>> '{payload,hash}') = $2
    AND NOT EXISTS (SELECT 1 FROM events r WHERE r.team_id = $1 AND r.type = 'attachment_removed' AND ((r.body::jsonb) #>> '{payload,attachmentId}') = a.id::text))`;

export interface Collected {
  /** Files found with no attachment left, kept until the grace period has passed. */
  orphaned: number;
  deleted: number;
}

/**
 * Deletes the files no ticket names any more (every attachment of them removed) once `graceMs` has passed
 * since the collector first saw them so; a file attached again meanwhile is kept. Snapshots are never
 * collected (nothing removes them), nor a file still being sent within the grace period. Only files named by
 * a removal are looked at, so a pass costs the removals, not the log.
 */
export async function collectBlobs(db: HubDatabase, options: { graceMs?: number; now?: Date } = {}): Promise<Collected> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? BLOB_GRACE_MS));
  const candidates = await db.query<{ team_id: string | number; hash: string }>(
    `SELECT b.team_id, b.hash FROM blobs b
     WHERE b.snapshot_id IS NULL AND (b.orphaned_at IS NOT NULL OR EXISTS (SELECT 1 FROM events r
       WHERE r.team_id = b.team_id AND r.type = 'attachment_removed' AND ((r.body::jsonb) #>> '{payload,hash}') = b.hash))`,
  );
  const result: Collected = { orphaned: 0, deleted: 0 };
  for (const candidate of candidates) {
    const teamId = Number(candidate.team_id);
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [BLOB_LOCK_CLASS, teamId]);
      await tx.query(`UPDATE blobs SET orphaned_at = NULL WHERE team_id = $1 AND hash = $2 AND orphaned_at IS NOT NULL AND ${LIVE}`, [teamId, candidate.hash]);
      const marked = await tx.query(`UPDATE blobs SET orphaned_at = $3 WHERE team_id = $1 AND hash = $2 AND orphaned_at IS NULL AND NOT ${LIVE} RETURNING hash`, [teamId, candidate.hash, now.toISOString()]);
      const deleted = await tx.query(
        `DELETE FROM blobs WHERE team_id = $1 AND hash = $2 AND orphaned_at <= $3 AND (complete OR declared_at <= $3) AND NOT ${LIVE} RETURNING hash`,
        [teamId, candidate.hash, cutoff.toISOString()],
      );
      result.orphaned += marked.length;
      result.deleted += deleted.length;
    });
  }
  return result;
}
