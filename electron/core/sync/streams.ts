import { parseKbEvent, type KbEvent } from '../../../shared/kb';
import { parseEvent } from '../../../shared/tickets';
import type { SyncStreamName } from '../../../shared/sync/protocol';
import type { Database } from '../db/open';
import type { KbStore } from '../kb/store';
import { BatchApplier } from '../tickets/apply-batch';
import type { DeviceClock } from '../tickets/device-clock';
import { rowToEvent, type EventRow, type EventStore } from '../tickets/event-store';
import type { ProjectionWriter } from '../tickets/projection';
import { Quarantine } from './quarantine';
import { restampAhead, restampLog, type RestampOptions } from './restamp';
import type { SyncStateStore } from './state';

/**
 * One log the sync carries (docs/sync.md): tickets' events, or the knowledge base's article events. Both
 * follow the same round (push in local order, marked synced once the hub answered; pull after the stream's
 * own cursor, each page applied and the cursor saved in one transaction); this is what differs.
 */
export interface SyncStream {
  readonly name: SyncStreamName;
  /** Local events the hub does not have yet (refused ones excepted). */
  waiting(): number;
  /** The next of them, oldest first. */
  unsynced(limit: number): { id: string }[];
  markSynced(ids: readonly string[], at: string): void;
  /** Sets aside an event the hub refused as malformed (kept, listed in the status, no longer pushed). */
  reject(eventId: string, code: string, message: string, at: number): void;
  /** The clock-skew rule on this log's unpushed events (restamp.ts). */
  restamp(options: RestampOptions): number;
  cursor(): number;
  /** Validates and applies a pulled page, marks own events coming back synced, and moves the cursor: one transaction. */
  applyPage(events: readonly unknown[], next: number, syncedAt: string): void;
  /** Applies the events quarantined as unreadable that this version reads now (after an update); returns how many. */
  retryUnreadable(syncedAt: string): number;
}

export function ticketStream(deps: { db: Database; store: EventStore; projection: ProjectionWriter; state: SyncStateStore }): SyncStream {
  const { db, store, projection, state } = deps;
  const applier = new BatchApplier(db, store, projection);
  const quarantine = new Quarantine(db);
  const unsynced = db.prepare(
    `SELECT id, ticket_id, hlc, actor, device, type, payload FROM events e
     WHERE e.origin = 'local' AND e.synced_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)
     ORDER BY seq LIMIT ?`,
  );
  const mark = db.prepare("UPDATE events SET synced_at = ? WHERE id = ? AND origin = 'local'");
  const waiting = db.prepare(
    `SELECT count(*) FROM events e WHERE e.origin = 'local' AND e.synced_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)`,
  ).pluck();
  return {
    name: 'tickets',
    waiting: () => waiting.get() as number,
    unsynced: (limit) => (unsynced.all(limit) as EventRow[]).map(rowToEvent),
    markSynced: (ids, at) => db.transaction(() => ids.forEach((id) => mark.run(at, id)))(),
    reject: (eventId, code, message, at) => state.reject(eventId, code, message, at),
    restamp: (options) => restampAhead(db, projection, options),
    cursor: () => state.get().cursor,
    applyPage: (events, next, syncedAt) =>
      db.transaction(() => {
        // Validated, folded once per ticket, and our own events coming back marked synced (the hub has
        // them even if its answer to the push was lost); the cursor moves in the same transaction.
        applier.apply(events, 'remote', syncedAt);
        state.setCursor(next);
      })(),
    retryUnreadable: (syncedAt) =>
      db.transaction(() => {
        const readable = quarantine.releaseReadable('tickets', parseEvent);
        if (readable.length > 0) applier.apply(readable, 'remote', syncedAt);
        return readable.length;
      })(),
  };
}

interface KbRow {
  id: string;
  article_id: string;
  hlc: string;
  actor: string;
  device: string;
  type: string;
  payload: string;
}

/**
 * Article events: the knowledge base works offline like tickets and merges the same way (the article is
 * the fold of its events: every version stays in its history, the current fields are last-writer-wins by
 * timestamp). Pages are small (articles are written by hand), so each touched article is folded again.
 */
export function kbStream(deps: { db: Database; kb: KbStore; clock: DeviceClock; state: SyncStateStore }): SyncStream {
  const { db, kb, clock, state } = deps;
  const unsynced = db.prepare(
    `SELECT id, article_id, hlc, actor, device, type, payload FROM kb_events k
     WHERE k.origin = 'local' AND k.synced_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM kb_sync_rejections r WHERE r.event_id = k.id)
     ORDER BY seq LIMIT ?`,
  );
  const mark = db.prepare("UPDATE kb_events SET synced_at = ? WHERE id = ? AND origin = 'local'");
  const markOwn = db.prepare("UPDATE kb_events SET synced_at = ? WHERE id = ? AND origin = 'local' AND synced_at IS NULL");
  const has = db.prepare('SELECT 1 FROM kb_events WHERE id = ?').pluck();
  const createdOf = db.prepare("SELECT id, hlc FROM kb_events WHERE article_id = ? AND type = 'created' ORDER BY hlc, id LIMIT 1");
  const earliestOf = db.prepare('SELECT id, hlc FROM kb_events WHERE article_id = ? ORDER BY hlc, id LIMIT 1');
  const quarantine = new Quarantine(db);
  // The same admission rule as tickets: what an article's log cannot take is set aside, the rest applies.
  const admissible = (events: KbEvent[]): KbEvent[] =>
    quarantine.admit(
      'kb',
      events.map((event) => ({ event, admission: { id: event.id, hlc: event.hlc, device: event.device, type: event.type, subject: event.articleId } })),
      {
        known: (id) => has.get(id) !== undefined,
        facts: (articleId) => {
          const earliest = earliestOf.get(articleId) as { id: string; hlc: string } | undefined;
          return earliest ? { created: (createdOf.get(articleId) as { id: string; hlc: string } | undefined) ?? null, earliest } : null;
        },
        nowMs: clock.hlc.wallMs(),
        maxAheadMs: clock.hlc.maxDriftMs,
        ownNode: clock.node,
        ownLast: clock.hlc.last,
        noun: 'article',
        subjectField: 'articleId',
      },
    );
  // Call inside a transaction: what this version cannot read or apply is set aside, the rest goes in.
  const applyPulled = (raw: readonly unknown[], syncedAt: string) => {
    const events = admissible(quarantine.readPage('kb', raw, parseKbEvent, { nowMs: clock.hlc.wallMs(), subjectField: 'articleId' }));
    if (events.length > 0) clock.receive(events.map((event) => event.hlc));
    kb.applyExternal(events, 'remote', syncedAt);
    // Our own article events coming back: the hub has them even if its answer to the push was lost.
    for (const event of events) markOwn.run(syncedAt, event.id);
  };
  const waiting = db.prepare(
    `SELECT count(*) FROM kb_events k WHERE k.origin = 'local' AND k.synced_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM kb_sync_rejections r WHERE r.event_id = k.id)`,
  ).pluck();
  return {
    name: 'kb',
    waiting: () => waiting.get() as number,
    unsynced: (limit) =>
      (unsynced.all(limit) as KbRow[]).map(
        (r) => ({ id: r.id, articleId: r.article_id, hlc: r.hlc, actor: r.actor, device: r.device, type: r.type, payload: JSON.parse(r.payload) }) as KbEvent,
      ),
    markSynced: (ids, at) => db.transaction(() => ids.forEach((id) => mark.run(at, id)))(),
    reject: (eventId, code, message, at) => state.rejectKb(eventId, code, message, at),
    restamp: (options) => restampLog(db, { table: 'kb_events', keyColumn: 'article_id', refold: (ids) => ids.forEach((id) => kb.refresh(id)) }, options),
    cursor: () => state.get().kbCursor,
    applyPage: (raw, next, syncedAt) =>
      db.transaction(() => {
        applyPulled(raw, syncedAt);
        state.setKbCursor(next);
      })(),
    retryUnreadable: (syncedAt) =>
      db.transaction(() => {
        const readable = quarantine.releaseReadable('kb', parseKbEvent);
        if (readable.length > 0) applyPulled(readable, syncedAt);
        return readable.length;
      })(),
  };
}
