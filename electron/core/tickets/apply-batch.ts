import { applyEvent, compareEvents, DEFAULT_MAX_DRIFT_MS, foldTicket, parseEvent, type Ticket, type TicketEvent } from '../../../shared/tickets';
import type { SubjectFacts } from '../../../shared/sync/admission';
import type { Database } from '../db/open';
import { Quarantine } from '../sync/quarantine';
import type { EventOrigin, EventStore } from './event-store';
import type { ProjectionWriter } from './projection';

export interface BatchResult {
  inserted: number;
  known: number;
  /** Events of this device that came back (already in the log): marked synced when `syncedAt` is given. */
  ownReturned: number;
  /** Events from the hub set aside in quarantine (they break the admission rule). */
  quarantined: number;
}

/**
 * Takes in a page of events made elsewhere (a pull from the hub) as one batch, with the same result as
 * `EventStore.applyExternal` on the same events, in less time:
 * - a pulled event this version cannot read goes to quarantine like one it cannot apply; any other batch
 *   (the demo workspace) is validated whole before anything is written, an error naming `events[i]...`;
 * - the clock takes in the page's latest timestamp once (and the latest of this device's own, for the
 *   duplicate-node check) instead of every timestamp;
 * - each touched ticket is folded once per page: stepped on from its stored state when the new events sort
 *   after it, folded from the page's events alone when the page brings its whole log (its `created`
 *   included: the usual case of an initial pull), otherwise re-folded from its log; its projection is
 *   written once;
 * - this device's own events coming back (the push answer may have been lost) are marked synced; only
 *   events already in the log can be those, so only they are looked at (not every event of the page).
 * Call inside the transaction that also saves the cursor; it opens a nested one (a savepoint) itself.
 */
export class BatchApplier {
  private readonly insert;
  private readonly countOf;
  private readonly markOwn;
  private readonly has;
  private readonly createdOf;
  private readonly earliestOf;
  private readonly quarantine: Quarantine;

  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly projection: ProjectionWriter,
  ) {
    // The same row as EventStore's own insert.
    this.insert = db.prepare(
      `INSERT INTO events (id, ticket_id, hlc, actor, device, type, payload, origin, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.countOf = db.prepare('SELECT count(*) FROM events WHERE ticket_id = ?').pluck();
    this.markOwn = db.prepare("UPDATE events SET synced_at = ? WHERE id = ? AND origin = 'local' AND synced_at IS NULL");
    this.has = db.prepare('SELECT 1 FROM events WHERE id = ?').pluck();
    this.createdOf = db.prepare("SELECT id, hlc FROM events WHERE ticket_id = ? AND type = 'created' ORDER BY hlc, id LIMIT 1");
    this.earliestOf = db.prepare('SELECT id, hlc FROM events WHERE ticket_id = ? ORDER BY hlc, id LIMIT 1');
    this.quarantine = new Quarantine(db);
  }

  /** What the log holds of a ticket, for the admission rule. */
  private facts(ticketId: string): SubjectFacts | null {
    const earliest = this.earliestOf.get(ticketId) as { id: string; hlc: string } | undefined;
    if (!earliest) return null;
    return { created: (this.createdOf.get(ticketId) as { id: string; hlc: string } | undefined) ?? null, earliest };
  }

  /** Pulled events this device can apply; the others go to quarantine (electron/core/sync/quarantine.ts). */
  private admissible(events: readonly TicketEvent[]): TicketEvent[] {
    const clock = this.store.clock.hlc;
    return this.quarantine.admit(
      'tickets',
      events.map((event) => ({ event, admission: { id: event.id, hlc: event.hlc, device: event.device, type: event.type, subject: event.ticketId } })),
      {
        known: (id) => this.has.get(id) !== undefined,
        facts: (ticketId) => this.facts(ticketId),
        nowMs: clock.wallMs(),
        maxAheadMs: clock.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS,
        ownNode: clock.node,
        ownLast: clock.last,
        noun: 'ticket',
        subjectField: 'ticketId',
      },
    );
  }

  apply(raw: readonly unknown[], origin: Exclude<EventOrigin, 'local'>, syncedAt: string | null = null): BatchResult {
    // Made elsewhere but not pulled (the demo workspace): the whole batch is validated before anything is written.
    const checked = origin === 'remote' ? null : raw.map((value, index) => parseEvent(value, `events[${index}]`));
    const own = this.store.device;
    return this.db.transaction(() => {
      // From the hub: what this version cannot read or apply is set aside, so the rest applies and sync goes on.
      const events =
        checked ?? this.admissible(this.quarantine.readPage('tickets', raw, parseEvent, { nowMs: this.store.clock.hlc.wallMs(), subjectField: 'ticketId' }));
      if (origin === 'remote' && events.length > 0) this.store.clock.receive(latestTimestamps(events, own));
      const fresh = new Map<string, TicketEvent[]>();
      let ownReturned = 0;
      for (const event of events) {
        const { changes } = this.insert.run(event.id, event.ticketId, event.hlc, event.actor, event.device, event.type, JSON.stringify(event.payload), origin, syncedAt);
        if (changes === 1) {
          const list = fresh.get(event.ticketId);
          if (list) list.push(event);
          else fresh.set(event.ticketId, [event]);
        } else if (syncedAt !== null) {
          ownReturned += this.markOwn.run(syncedAt, event.id).changes;
        }
      }
      let inserted = 0;
      for (const [ticketId, list] of fresh) {
        inserted += list.length;
        this.refresh(ticketId, list);
      }
      this.projection.mergeSearch();
      return { inserted, known: events.length - inserted, ownReturned, quarantined: raw.length - events.length };
    })();
  }

  private refresh(ticketId: string, added: TicketEvent[]): void {
    const state = this.store.ticket(ticketId);
    let next: Ticket | null;
    if (state !== null) {
      const sorted = added.length > 1 ? [...added].sort(compareEvents) : added;
      const first = sorted[0];
      const inOrder = first !== undefined && compareEvents(first, { hlc: state.updatedAt, id: state.lastEventId }) > 0;
      if (inOrder) {
        // Stepped on from the stored state: the projection may skip the full-text entry if its text is unchanged.
        this.projection.write(sorted.reduce<Ticket>((acc, event) => applyEvent(acc, event), state), { previous: state });
        return;
      }
      next = this.refold(ticketId);
    } else if (added.some((event) => event.type === 'created') && (this.countOf.get(ticketId) as number) === added.length) {
      // The page holds the ticket's whole log: no need to read it back.
      next = foldTicket(added);
    } else {
      next = this.refold(ticketId);
    }
    // Events of a ticket whose creation has not arrived yet: kept in the log, shown once it comes.
    if (next !== null) this.projection.write(next, { fresh: state === null });
  }

  private refold(ticketId: string): Ticket | null {
    const all = this.store.history(ticketId).map((stored) => stored.event);
    return all.some((event) => event.type === 'created') ? foldTicket(all) : null;
  }
}

/**
 * What the clock must see of a page: its latest timestamp (the drift check and the receive) and, before it,
 * the latest stamped with this device's node (a later one than we ever issued means a cloned node id).
 * Timestamps compare as strings (fixed width) and end with their node id.
 */
function latestTimestamps(events: readonly TicketEvent[], ownNode: string): string[] {
  let latest = '';
  let latestOwn = '';
  for (const event of events) {
    if (event.hlc > latest) latest = event.hlc;
    if (event.hlc.endsWith(ownNode) && event.hlc > latestOwn) latestOwn = event.hlc;
  }
  return [latestOwn, latest].filter((hlc) => hlc !== '');
}
