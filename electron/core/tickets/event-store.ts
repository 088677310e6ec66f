import { v7 as uuidv7 } from 'uuid';
import {
  applyEvent,
  compareEvents,
  foldTicket,
  parseEvent,
  validateCommand,
  type Ticket,
  type TicketEvent,
} from '../../../shared/tickets';
import { AtelierError } from '../../../shared/contract';
import type { Database } from '../db/open';
import type { DeviceClock } from './device-clock';
import type { ProjectionWriter } from './projection';

export type EventOrigin = 'local' | 'remote' | 'demo';

export interface StoredEvent {
  event: TicketEvent;
  origin: EventOrigin;
  syncedAt: string | null;
}

/** A row of the `events` table (origin and synced_at only where selected). */
export interface EventRow {
  id: string;
  ticket_id: string;
  hlc: string;
  actor: string;
  device: string;
  type: string;
  payload: string;
  origin?: EventOrigin;
  synced_at?: string | null;
}

export function rowToEvent(row: EventRow): TicketEvent {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    hlc: row.hlc,
    actor: row.actor,
    device: row.device,
    type: row.type,
    payload: JSON.parse(row.payload),
  } as TicketEvent;
}

/**
 * The append-only event log and the projection kept equal to its fold. Every write is one transaction:
 * the event and the projection change together or not at all.
 */
export class EventStore {
  private readonly insert;
  private readonly byTicket;
  private readonly loadState;

  constructor(
    private readonly db: Database,
    /** The device's one clock: every log of this store (tickets, knowledge base) stamps with it. */
    readonly clock: DeviceClock,
    private readonly projection: ProjectionWriter,
  ) {
    this.insert = db.prepare(
      `INSERT INTO events (id, ticket_id, hlc, actor, device, type, payload, origin, synced_at)
       VALUES (@id, @ticketId, @hlc, @actor, @device, @type, @payload, @origin, @syncedAt)
       ON CONFLICT (id) DO NOTHING`,
    );
    this.byTicket = db.prepare('SELECT * FROM events WHERE ticket_id = ? ORDER BY hlc, id');
    this.loadState = db.prepare('SELECT state FROM ticket_states WHERE id = ?').pluck();
  }

  get device(): string {
    return this.clock.node;
  }

  /** The ticket's current fold, or null. */
  ticket(id: string): Ticket | null {
    const raw = this.loadState.get(id) as string | undefined;
    return raw === undefined ? null : (JSON.parse(raw) as Ticket);
  }

  /**
   * Records something the technician did here: stamps it (id, HLC, device), checks it against the ticket's
   * current state (a broken rule throws and nothing is written), appends it and updates the projection.
   */
  appendLocal(command: { ticketId: string; type: TicketEvent['type']; payload: unknown; actor: string }): Ticket {
    return this.db.transaction(() => {
      const state = this.ticket(command.ticketId);
      const event = validateCommand(state, {
        id: uuidv7(),
        ticketId: command.ticketId,
        hlc: this.clock.now(),
        actor: command.actor,
        device: this.clock.node,
        type: command.type,
        payload: command.payload,
      });
      this.insertEvent(event, 'local', null);
      const next = applyEvent(state, event);
      this.projection.write(next, { fresh: state === null });
      return next;
    })();
  }

  /**
   * Takes in events made elsewhere (the hub, an import, the demo workspace): idempotent on event id, all in one
   * transaction; a ticket whose new events sort after its last one is updated step by step, any other is
   * re-folded from its whole log. Returns how many were new.
   */
  applyExternal(raw: readonly unknown[], origin: Exclude<EventOrigin, 'local'>, syncedAt: string | null = null): { inserted: number; known: number } {
    const events = raw.map((value, index) => parseEvent(value, `events[${index}]`));
    return this.db.transaction(() => {
      const fresh = new Map<string, TicketEvent[]>();
      if (origin === 'remote') this.clock.receive(events.map((event) => event.hlc));
      for (const event of events) {
        if (this.insertEvent(event, origin, syncedAt)) {
          const list = fresh.get(event.ticketId) ?? [];
          list.push(event);
          fresh.set(event.ticketId, list);
        }
      }
      let inserted = 0;
      for (const [ticketId, list] of fresh) {
        inserted += list.length;
        this.refresh(ticketId, list);
      }
      return { inserted, known: events.length - inserted };
    })();
  }

  /** Every event of a ticket in fold order, with where it came from and whether the hub has it. */
  history(ticketId: string): StoredEvent[] {
    return (this.byTicket.all(ticketId) as EventRow[]).map((row) => ({
      event: rowToEvent(row),
      origin: row.origin as EventOrigin,
      syncedAt: row.synced_at ?? null,
    }));
  }

  /**
   * Drops every projection and folds them again from the log, ticket by ticket, in one transaction.
   * The result must equal the incrementally maintained projections (tested on randomized histories).
   */
  rebuild(onProgress?: (done: number) => void): { tickets: number; events: number } {
    const result = this.db.transaction(() => {
      this.db.exec('DELETE FROM tickets; DELETE FROM ticket_states; DELETE FROM tickets_fts;');
      // Filling the queue table without its secondary indexes, then building them once, is much faster
      // than updating every index on every row. Their definitions come from the schema itself.
      const indexes = this.db
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL")
        .all() as { name: string; sql: string }[];
      for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
      let tickets = 0;
      let events = 0;
      // The log is read a thousand tickets at a time in index order (never all at once, and not one query
      // per ticket), and folded ticket by ticket.
      const nextTickets = this.db.prepare('SELECT DISTINCT ticket_id FROM events WHERE ticket_id > ? ORDER BY ticket_id LIMIT 1000').pluck();
      const eventsBetween = this.db.prepare('SELECT * FROM events WHERE ticket_id > ? AND ticket_id <= ? ORDER BY ticket_id, hlc, id');
      for (let after = ''; ; ) {
        const ids = nextTickets.all(after) as string[];
        const last = ids.at(-1);
        if (last === undefined) break;
        let history: TicketEvent[] = [];
        const flush = () => {
          events += history.length;
          if (history.some((event) => event.type === 'created')) {
            this.projection.write(foldTicket(history), { fresh: true });
            tickets++;
          }
          history = [];
        };
        for (const row of eventsBetween.all(after, last) as EventRow[]) {
          if (history.length > 0 && history[0]?.ticketId !== row.ticket_id) flush();
          history.push(rowToEvent(row));
        }
        flush();
        onProgress?.(tickets);
        after = last;
      }
      for (const index of indexes) this.db.exec(index.sql);
      return { tickets, events };
    })();
    this.db.exec('ANALYZE tickets');
    return result;
  }

  private insertEvent(event: TicketEvent, origin: EventOrigin, syncedAt: string | null): boolean {
    const result = this.insert.run({
      id: event.id,
      ticketId: event.ticketId,
      hlc: event.hlc,
      actor: event.actor,
      device: event.device,
      type: event.type,
      payload: JSON.stringify(event.payload),
      origin,
      syncedAt,
    });
    return result.changes === 1;
  }

  private refresh(ticketId: string, added: TicketEvent[]): void {
    const state = this.ticket(ticketId);
    const sorted = [...added].sort(compareEvents);
    const first = sorted[0];
    const inOrder = state !== null && first !== undefined && compareEvents(first, { hlc: state.updatedAt, id: state.lastEventId }) > 0;
    let next: Ticket;
    if (inOrder) {
      next = sorted.reduce((acc, event) => applyEvent(acc, event), state);
    } else {
      const all = this.history(ticketId).map((stored) => stored.event);
      if (!all.some((event) => event.type === 'created')) {
        // Events of a ticket whose creation has not arrived yet: kept in the log, shown once it comes.
        return;
      }
      next = foldTicket(all);
    }
    this.projection.write(next, { fresh: state === null });
  }
}

export function newTicketId(): string {
  return uuidv7();
}

export function assertTicket(ticket: Ticket | null, id: string): Ticket {
  if (!ticket) throw new AtelierError('not_found', `ticket ${id} does not exist`, 'id');
  return ticket;
}
