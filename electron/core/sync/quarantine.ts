import { createHash } from 'node:crypto';
import { checkEvent, withEvent, type AdmissionEvent, type Refusal, type SubjectFacts } from '../../../shared/sync/admission';
import type { SyncStreamName } from '../../../shared/sync/protocol';
import type { Database } from '../db/open';

export interface QuarantinedEvent {
  eventId: string;
  stream: SyncStreamName;
  subject: string | null;
  rule: string;
  reason: string;
  atMs: number;
  retiredAt: number | null;
}

/** A pulled event as the admission check sees it, with its body to keep if it is set aside. */
export interface Pulled<E> {
  event: E;
  admission: AdmissionEvent;
}

/**
 * The device's side of the admission rule (shared/sync/admission.ts): a page pulled from the hub is split
 * into the events this device can apply and those it cannot (an older hub's, a hand-edited database's),
 * which go to `sync_quarantine` with their reason, so the rest applies and sync goes on (docs/sync.md).
 * Events already in the log (ours coming back, a page replayed) are not checked again; events already in
 * quarantine (or retired) are skipped.
 */
export class Quarantine {
  private readonly inQuarantine;
  private readonly insert;
  private readonly listAll;
  private readonly retire;

  constructor(private readonly db: Database) {
    this.inQuarantine = db.prepare('SELECT 1 FROM sync_quarantine WHERE event_id = ?').pluck();
    this.insert = db.prepare(
      `INSERT INTO sync_quarantine (event_id, stream, subject, body, rule, reason, at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
    );
    this.listAll = db.prepare('SELECT event_id, stream, subject, rule, reason, at_ms, retired_at FROM sync_quarantine ORDER BY at_ms, event_id');
    this.retire = db.prepare('UPDATE sync_quarantine SET retired_at = ? WHERE event_id = ? AND retired_at IS NULL');
  }

  /**
   * Reads a pulled page with this version's parser: an event it cannot read (a newer device's type, a hub
   * row damaged by hand) is set aside with the parser's reason, naming its place and field, and the others
   * are returned in page order. Call it inside the transaction that applies the page and moves the cursor.
   */
  readPage<E>(stream: SyncStreamName, raw: readonly unknown[], parse: (value: unknown, path: string) => E, deps: { nowMs: number; subjectField: string }): E[] {
    const events: E[] = [];
    raw.forEach((value, index) => {
      const path = `events[${index}]`;
      try {
        events.push(parse(value, path));
      } catch (error) {
        const fields = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
        const body = JSON.stringify(value) ?? 'null';
        const id = shortString(fields.id) ?? `unreadable-${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
        const detail = error instanceof Error ? error.message : String(error);
        const reason = `the hub served event ${id} (${path} of its page) that this version cannot read: ${detail}`;
        this.insert.run(id, stream, shortString(fields[deps.subjectField]), body, 'schema', reason, deps.nowMs);
      }
    });
    return events;
  }

  /**
   * Events set aside as unreadable that this version reads now (the app was updated since): they leave the
   * quarantine and are returned for the caller to apply, in the transaction that called this.
   */
  releaseReadable(stream: SyncStreamName, parse: (value: unknown, path: string) => unknown): unknown[] {
    const rows = this.db
      .prepare("SELECT event_id, body FROM sync_quarantine WHERE stream = ? AND rule = 'schema' AND retired_at IS NULL ORDER BY at_ms, event_id")
      .all(stream) as { event_id: string; body: string }[];
    const readable: unknown[] = [];
    for (const row of rows) {
      const body = JSON.parse(row.body) as unknown;
      try {
        parse(body, 'event');
      } catch {
        continue;
      }
      this.db.prepare('DELETE FROM sync_quarantine WHERE event_id = ?').run(row.event_id);
      readable.push(body);
    }
    return readable;
  }

  /**
   * Splits a page: returns the events to apply, in page order; quarantines the others. `known(id)` says
   * whether the log has the event already; `facts(subject)` what the log holds of a ticket or article.
   */
  admit<E>(
    stream: SyncStreamName,
    page: readonly Pulled<E>[],
    deps: { known: (id: string) => boolean; facts: (subject: string) => SubjectFacts | null; nowMs: number; maxAheadMs: number; ownNode: string; ownLast: string; noun: string; subjectField: string },
  ): E[] {
    const keep = new Set<Pulled<E>>();
    const fresh: Pulled<E>[] = [];
    for (const pulled of page) {
      if (deps.known(pulled.admission.id)) keep.add(pulled);
      else if (this.inQuarantine.get(pulled.admission.id) === undefined) fresh.push(pulled);
    }
    const facts = new Map<string, SubjectFacts | null>();
    const factsOf = (subject: string) => {
      if (!facts.has(subject)) facts.set(subject, deps.facts(subject));
      return facts.get(subject) ?? null;
    };
    const seen = new Set<string>();
    // In page order (the hub's sequence), like the hub's check: every device judges an event alike.
    for (const pulled of fresh) {
      const event = pulled.admission;
      if (seen.has(event.id)) {
        keep.add(pulled);
        continue;
      }
      const refusal = this.ownNodeRefusal(event, deps) ?? checkEvent(event, factsOf(event.subject), { nowMs: deps.nowMs, maxAheadMs: deps.maxAheadMs, noun: deps.noun, subjectField: deps.subjectField });
      if (refusal) {
        this.insert.run(event.id, stream, event.subject, JSON.stringify(pulled.event), refusal.rule, refusal.message, deps.nowMs);
        continue;
      }
      seen.add(event.id);
      facts.set(event.subject, withEvent(factsOf(event.subject), event));
      keep.add(pulled);
    }
    return page.filter((pulled) => keep.has(pulled)).map((pulled) => pulled.event);
  }

  list(): QuarantinedEvent[] {
    return (this.listAll.all() as { event_id: string; stream: SyncStreamName; subject: string | null; rule: string; reason: string; at_ms: number; retired_at: number | null }[]).map((row) => ({
      eventId: row.event_id,
      stream: row.stream,
      subject: row.subject,
      rule: row.rule,
      reason: row.reason,
      atMs: row.at_ms,
      retiredAt: row.retired_at,
    }));
  }

  /** Events set aside and not retired: what the sync card counts. */
  count(): number {
    return this.db.prepare('SELECT count(*) FROM sync_quarantine WHERE retired_at IS NULL').pluck().get() as number;
  }

  /** The hub's admin retired these events: they stay recorded here, marked retired, no longer counted. */
  markRetired(ids: readonly string[], atMs: number): number {
    return this.db.transaction(() => ids.reduce((n, id) => n + this.retire.run(atMs, id).changes, 0))();
  }

  /** An event stamped with this device's node that this device never made: another device uses our node. */
  private ownNodeRefusal(event: AdmissionEvent, deps: { ownNode: string; ownLast: string }): Refusal | null {
    if (!event.hlc.endsWith(deps.ownNode) || event.hlc <= deps.ownLast) return null;
    return { rule: 'clock_node', code: 'conflict', field: 'hlc', message: `event ${event.id} is stamped with this device's node ${deps.ownNode} but was never made here (rule clock_node)` };
  }
}

/** A string short enough to be an id or a subject; anything else is not trusted as one. */
function shortString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : null;
}
