import type { Database } from '../db/open';

export interface SyncError {
  code: string;
  message: string;
}

interface Row {
  hub_url: string | null;
  hub_user: string | null;
  cursor: number;
  kb_cursor: number;
  checklist_cursor: number;
  last_sync_ms: number | null;
  last_error: string | null;
  clock_offset_ms: number;
}

export interface SyncState {
  hubUrl: string | null;
  hubUser: string | null;
  cursor: number;
  /** The knowledge base's stream has its own cursor (hub migration 4, store migration 8). */
  kbCursor: number;
  /** Checklist drafts' stream (hub migration 6, store migration 16). */
  checklistCursor: number;
  lastSyncAt: number | null;
  lastError: SyncError | null;
  clockOffsetMs: number;
}

/** The one row of `sync_state` (migration 0007) and the counts the status shows. */
export class SyncStateStore {
  constructor(private readonly db: Database) {}

  get(): SyncState {
    const row = this.db.prepare('SELECT * FROM sync_state WHERE id = 1').get() as Row;
    return {
      hubUrl: row.hub_url,
      hubUser: row.hub_user,
      cursor: row.cursor,
      kbCursor: row.kb_cursor,
      checklistCursor: row.checklist_cursor,
      lastSyncAt: row.last_sync_ms,
      lastError: row.last_error ? (JSON.parse(row.last_error) as SyncError) : null,
      clockOffsetMs: row.clock_offset_ms,
    };
  }

  /** A new hub starts from its first event; the same hub keeps the cursor. */
  setHub(url: string | null): void {
    const current = this.get().hubUrl;
    if (current === url) return;
    this.db.prepare('UPDATE sync_state SET hub_url = ?, hub_user = NULL, cursor = 0, kb_cursor = 0, checklist_cursor = 0, last_error = NULL WHERE id = 1').run(url);
  }

  setHubUser(user: string | null): void {
    this.db.prepare('UPDATE sync_state SET hub_user = ? WHERE id = 1').run(user);
  }

  /** Call inside the transaction that applies the events up to `cursor`. */
  setCursor(cursor: number): void {
    this.db.prepare('UPDATE sync_state SET cursor = max(cursor, ?) WHERE id = 1').run(cursor);
  }

  /** Call inside the transaction that applies the knowledge-base events up to `cursor`. */
  setKbCursor(cursor: number): void {
    this.db.prepare('UPDATE sync_state SET kb_cursor = max(kb_cursor, ?) WHERE id = 1').run(cursor);
  }

  /** Call inside the transaction that applies the checklist draft events up to `cursor`. */
  setChecklistCursor(cursor: number): void {
    this.db.prepare('UPDATE sync_state SET checklist_cursor = max(checklist_cursor, ?) WHERE id = 1').run(cursor);
  }

  recordSuccess(at: number): void {
    this.db.prepare('UPDATE sync_state SET last_sync_ms = ?, last_error = NULL WHERE id = 1').run(at);
  }

  recordError(error: SyncError | null): void {
    this.db.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1').run(error ? JSON.stringify(error) : null);
  }

  setClockOffset(ms: number): void {
    this.db.prepare('UPDATE sync_state SET clock_offset_ms = ? WHERE id = 1').run(Math.round(ms));
  }

  /** Local events the hub does not have yet (refused ones excepted), tickets', articles' and checklist drafts'. */
  waiting(): number {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM events e WHERE e.origin = 'local' AND e.synced_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id))
              + (SELECT count(*) FROM kb_events k WHERE k.origin = 'local' AND k.synced_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM kb_sync_rejections r WHERE r.event_id = k.id))
              + (SELECT count(*) FROM checklist_draft_events c WHERE c.origin = 'local' AND c.synced_at IS NULL
                 AND NOT EXISTS (SELECT 1 FROM checklist_sync_rejections r WHERE r.event_id = c.id))`,
      )
      .pluck()
      .get() as number;
  }

  rejected(): number {
    return this.db.prepare('SELECT (SELECT count(*) FROM sync_rejections) + (SELECT count(*) FROM kb_sync_rejections) + (SELECT count(*) FROM checklist_sync_rejections)').pluck().get() as number;
  }

  reject(eventId: string, code: string, message: string, at: number): void {
    this.db
      .prepare('INSERT INTO sync_rejections (event_id, code, message, at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING')
      .run(eventId, code, message, at);
  }

  /** An article event the hub refused as malformed (kept here, no longer pushed until retried). */
  rejectKb(eventId: string, code: string, message: string, at: number): void {
    this.db
      .prepare('INSERT INTO kb_sync_rejections (event_id, code, message, at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING')
      .run(eventId, code, message, at);
  }

  /** A checklist draft event the hub refused as malformed (kept here, no longer pushed until retried). */
  rejectChecklist(eventId: string, code: string, message: string, at: number): void {
    this.db
      .prepare('INSERT INTO checklist_sync_rejections (event_id, code, message, at_ms) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING')
      .run(eventId, code, message, at);
  }

  clearRejections(): number {
    return (
      this.db.prepare('DELETE FROM sync_rejections').run().changes +
      this.db.prepare('DELETE FROM kb_sync_rejections').run().changes +
      this.db.prepare('DELETE FROM checklist_sync_rejections').run().changes
    );
  }
}
