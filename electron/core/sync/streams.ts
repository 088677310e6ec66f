import { parseDraftEvent, type DraftEvent } from '../../../shared/checklists/authoring';
import { parseKbEvent, type KbEvent } from '../../../shared/kb';
import { parseEvent } from '../../../shared/tickets';
import type { DraftStore } from '../checklists/drafts';
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
 * One log the sync carries (docs/sync.md): tickets' events, the knowledge base's article events, or checklist
 * drafts' events. All follow the same round (push in local order, marked synced once the hub answered; pull
 * after the stream's own cursor, each page applied and the cursor saved in one transaction); this is what
 * differs.
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

interface LogRow {
  id: string;
  subject: string;
  hlc: string;
  actor: string;
  device: string;
  type: string;
  payload: string;
}

/** What differs between the logs whose subjects are folded from their events (articles, checklist drafts). */
interface SubjectLog<E extends { id: string; hlc: string; device: string; type: string }> {
  readonly name: SyncStreamName;
  readonly table: 'kb_events' | 'checklist_draft_events';
  readonly keyColumn: 'article_id' | 'draft_id';
  readonly rejections: 'kb_sync_rejections' | 'checklist_sync_rejections';
  /** The event field holding the subject, and its noun for messages. */
  readonly subjectField: 'articleId' | 'draftId';
  readonly noun: string;
  parse(value: unknown, where: string): E;
  subject(event: E): string;
  /** Takes in checked events (one transaction is open) and folds what they touch. */
  apply(events: readonly E[], syncedAt: string): void;
  refresh(subject: string): void;
  reject(eventId: string, code: string, message: string, at: number): void;
  cursor(): number;
  setCursor(next: number): void;
}

/**
 * A log of subjects folded from their events (knowledge-base articles, checklist drafts): works offline
 * like tickets and merges the same way (every version stays in the log, the current fields are
 * last-writer-wins by timestamp). Pages are small (written by hand), so each touched subject is folded again.
 */
function subjectLogStream<E extends { id: string; hlc: string; device: string; type: string }>(db: Database, clock: DeviceClock, log: SubjectLog<E>): SyncStream {
  const { table, keyColumn, rejections } = log;
  const columns = `id, ${keyColumn} AS subject, hlc, actor, device, type, payload`;
  const unsynced = db.prepare(
    `SELECT ${columns} FROM ${table} k
     WHERE k.origin = 'local' AND k.synced_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM ${rejections} r WHERE r.event_id = k.id)
     ORDER BY seq LIMIT ?`,
  );
  const mark = db.prepare(`UPDATE ${table} SET synced_at = ? WHERE id = ? AND origin = 'local'`);
  const markOwn = db.prepare(`UPDATE ${table} SET synced_at = ? WHERE id = ? AND origin = 'local' AND synced_at IS NULL`);
  const has = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).pluck();
  const createdOf = db.prepare(`SELECT id, hlc FROM ${table} WHERE ${keyColumn} = ? AND type = 'created' ORDER BY hlc, id LIMIT 1`);
  const earliestOf = db.prepare(`SELECT id, hlc FROM ${table} WHERE ${keyColumn} = ? ORDER BY hlc, id LIMIT 1`);
  const quarantine = new Quarantine(db);
  // The same admission rule as tickets: what a subject's log cannot take is set aside, the rest applies.
  const admissible = (events: E[]): E[] =>
    quarantine.admit(
      log.name,
      events.map((event) => ({ event, admission: { id: event.id, hlc: event.hlc, device: event.device, type: event.type, subject: log.subject(event) } })),
      {
        known: (id) => has.get(id) !== undefined,
        facts: (subject) => {
          const earliest = earliestOf.get(subject) as { id: string; hlc: string } | undefined;
          return earliest ? { created: (createdOf.get(subject) as { id: string; hlc: string } | undefined) ?? null, earliest } : null;
        },
        nowMs: clock.hlc.wallMs(),
        maxAheadMs: clock.hlc.maxDriftMs,
        ownNode: clock.node,
        ownLast: clock.hlc.last,
        noun: log.noun,
        subjectField: log.subjectField,
      },
    );
  // Call inside a transaction: what this version cannot read or apply is set aside, the rest goes in.
  const applyPulled = (raw: readonly unknown[], syncedAt: string) => {
    const events = admissible(quarantine.readPage(log.name, raw, log.parse, { nowMs: clock.hlc.wallMs(), subjectField: log.subjectField }));
    if (events.length > 0) clock.receive(events.map((event) => event.hlc));
    log.apply(events, syncedAt);
    // Our own events coming back: the hub has them even if its answer to the push was lost.
    for (const event of events) markOwn.run(syncedAt, event.id);
  };
  const waiting = db.prepare(
    `SELECT count(*) FROM ${table} k WHERE k.origin = 'local' AND k.synced_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM ${rejections} r WHERE r.event_id = k.id)`,
  ).pluck();
  return {
    name: log.name,
    waiting: () => waiting.get() as number,
    unsynced: (limit) =>
      (unsynced.all(limit) as LogRow[]).map((r) => ({ id: r.id, [log.subjectField]: r.subject, hlc: r.hlc, actor: r.actor, device: r.device, type: r.type, payload: JSON.parse(r.payload) }) as unknown as E),
    markSynced: (ids, at) => db.transaction(() => ids.forEach((id) => mark.run(at, id)))(),
    reject: (eventId, code, message, at) => log.reject(eventId, code, message, at),
    restamp: (options) => restampLog(db, { table, keyColumn, refold: (ids) => ids.forEach((id) => log.refresh(id)) }, options),
    cursor: () => log.cursor(),
    applyPage: (raw, next, syncedAt) =>
      db.transaction(() => {
        applyPulled(raw, syncedAt);
        log.setCursor(next);
      })(),
    retryUnreadable: (syncedAt) =>
      db.transaction(() => {
        const readable = quarantine.releaseReadable(log.name, log.parse);
        if (readable.length > 0) applyPulled(readable, syncedAt);
        return readable.length;
      })(),
  };
}

/** Article events: the knowledge base's own stream. */
export function kbStream(deps: { db: Database; kb: KbStore; clock: DeviceClock; state: SyncStateStore }): SyncStream {
  const { db, kb, clock, state } = deps;
  return subjectLogStream<KbEvent>(db, clock, {
    name: 'kb',
    table: 'kb_events',
    keyColumn: 'article_id',
    rejections: 'kb_sync_rejections',
    subjectField: 'articleId',
    noun: 'article',
    parse: parseKbEvent,
    subject: (event) => event.articleId,
    apply: (events, syncedAt) => void kb.applyExternal(events, 'remote', syncedAt),
    refresh: (id) => kb.refresh(id),
    reject: (eventId, code, message, at) => state.rejectKb(eventId, code, message, at),
    cursor: () => state.get().kbCursor,
    setCursor: (next) => state.setKbCursor(next),
  });
}

/** Checklist draft events: drafts and publications travel like articles; a publication fills the library. */
export function checklistStream(deps: { db: Database; drafts: DraftStore; clock: DeviceClock; state: SyncStateStore }): SyncStream {
  const { db, drafts, clock, state } = deps;
  return subjectLogStream<DraftEvent>(db, clock, {
    name: 'checklists',
    table: 'checklist_draft_events',
    keyColumn: 'draft_id',
    rejections: 'checklist_sync_rejections',
    subjectField: 'draftId',
    noun: 'checklist draft',
    parse: parseDraftEvent,
    subject: (event) => event.draftId,
    apply: (events, syncedAt) => void drafts.applyExternal(events, syncedAt),
    refresh: (id) => drafts.refresh(id),
    reject: (eventId, code, message, at) => state.rejectChecklist(eventId, code, message, at),
    cursor: () => state.get().checklistCursor,
    setCursor: (next) => state.setChecklistCursor(next),
  });
}
