import { v7 as uuidv7 } from 'uuid';
import { applyEvent, validateCommand, type Ticket, type TicketEvent } from '../../../shared/tickets';
import { AtelierError } from '../../../shared/contract';
import type { Database } from '../db/open';
import type { DeviceClock } from './device-clock';
import { BatchApplier } from './apply-batch';
import type { ProjectionWriter } from './projection';
import { rebuildProjections } from './rebuild';

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
  private batch: BatchApplier | undefined;

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
      this.projection.write(next, { fresh: state === null, previous: state });
      this.projection.mergeSearch();
      return next;
    })();
  }

  /**
   * Takes in events made elsewhere (the hub, an import, the demo workspace): idempotent on event id, all in one
   * transaction, each touched ticket folded once (apply-batch.ts). Returns how many were new.
   */
  applyExternal(raw: readonly unknown[], origin: Exclude<EventOrigin, 'local'>, syncedAt: string | null = null): { inserted: number; known: number } {
    this.batch ??= new BatchApplier(this.db, this, this.projection);
    const { inserted, known } = this.batch.apply(raw, origin, syncedAt);
    return { inserted, known };
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
   * Drops every projection and folds them again from the log, in one transaction (rebuild.ts); a large log is
   * folded on a second thread (`thread` forces the choice, and the result says which ran).
   * The result must equal the incrementally maintained projections (tested on randomized histories).
   */
  rebuild(onProgress?: (done: number) => void, options: { thread?: boolean } = {}): { tickets: number; events: number; thread: boolean } {
    return rebuildProjections(this.db, this.projection, onProgress, options);
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
}

export function newTicketId(): string {
  return uuidv7();
}

export function assertTicket(ticket: Ticket | null, id: string): Ticket {
  if (!ticket) throw new AtelierError('not_found', `ticket ${id} does not exist`, 'id');
  return ticket;
}
