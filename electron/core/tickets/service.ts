import type { TicketAction, TicketDetail, TimelineEntry } from '../../../shared/contract/tickets';
import type { PayloadOf, Ticket } from '../../../shared/tickets';
import { AtelierError } from '../../../shared/contract';
import { DEFAULT_SLA_TABLE, hlcWallMs, slaState, slaTargetsFor, type SlaClock, type SlaTable } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { DeviceClock } from './device-clock';
import { assertTicket, EventStore, newTicketId } from './event-store';
import { ProjectionWriter, ticketRef } from './projection';
import { QueueReader } from './queue';

const reading = (clock: SlaClock) => ({ state: clock.state, leftMs: clock.leftMs, paused: clock.paused, stopped: clock.stoppedAt !== null });

/** Tickets as the contract sees them: commands in, details and queue pages out. */
export class TicketService {
  readonly store: EventStore;
  readonly queue: QueueReader;

  constructor(
    private readonly db: Database,
    private readonly actor: () => string,
    private readonly slaTable: SlaTable = DEFAULT_SLA_TABLE,
    wall?: () => number,
  ) {
    this.store = new EventStore(db, new DeviceClock(db, wall), new ProjectionWriter(db, slaTable));
    this.queue = new QueueReader(db, slaTable);
  }

  create(payload: PayloadOf<'created'>): TicketDetail {
    const ticket = this.store.appendLocal({ ticketId: newTicketId(), type: 'created', payload, actor: this.actor() });
    return this.detail(ticket.id);
  }

  act(action: TicketAction): TicketDetail {
    assertTicket(this.store.ticket(action.ticketId), action.ticketId);
    this.store.appendLocal({ ...action, actor: this.actor() });
    return this.detail(action.ticketId);
  }

  detail(id: string, now = Date.now()): TicketDetail {
    const ticket = assertTicket(this.store.ticket(id), id);
    const clocks = slaState(ticket, now, slaTargetsFor(ticket.priority, this.slaTable));
    const timeline: TimelineEntry[] = this.store.history(id).map(({ event, origin, syncedAt }) => ({
      id: event.id,
      hlc: event.hlc,
      atMs: hlcWallMs(event.hlc),
      actor: event.actor,
      device: event.device,
      type: event.type,
      payload: event.payload,
      origin,
      unsynced: origin === 'local' && syncedAt === null,
    }));
    return { ticket, ref: ticketRef(ticket.id), sla: { own: reading(clocks.own), resolve: reading(clocks.resolve) }, timeline };
  }

  /** Every ticket (optionally of one status), oldest first: exports and reports. */
  allTickets(status?: Ticket['status']): Ticket[] {
    const rows = (status
      ? this.db.prepare('SELECT s.state FROM tickets t JOIN ticket_states s ON s.id = t.id WHERE t.status = ? ORDER BY t.created_ms, t.id').pluck().all(status)
      : this.db.prepare('SELECT s.state FROM tickets t JOIN ticket_states s ON s.id = t.id ORDER BY t.created_ms, t.id').pluck().all()) as string[];
    return rows.map((raw) => JSON.parse(raw) as Ticket);
  }

  /** A ticket by id, or by its short reference (T-1A2B3C) as people say it. */
  resolveId(idOrRef: string): string {
    const id = this.db.prepare('SELECT id FROM tickets WHERE id = ? OR ref = ? COLLATE NOCASE LIMIT 2').pluck().all(idOrRef, idOrRef) as string[];
    if (id.length === 1 && id[0]) return id[0];
    if (id.length > 1) throw new AtelierError('conflict', `${idOrRef} matches several tickets: use the full id`, 'id');
    throw new AtelierError('not_found', `ticket ${idOrRef} does not exist`, 'id');
  }

  categories(): { path: string; fr: string; en: string }[] {
    return this.db.prepare('SELECT path, label_fr AS fr, label_en AS en FROM categories ORDER BY path').all() as {
      path: string;
      fr: string;
      en: string;
    }[];
  }

  stats(): { tickets: number; events: number; unsynced: number } {
    const count = (sql: string) => this.db.prepare(sql).pluck().get() as number;
    return {
      tickets: count('SELECT count(*) FROM tickets'),
      events: count('SELECT count(*) FROM events'),
      unsynced: count("SELECT count(*) FROM events WHERE synced_at IS NULL AND origin = 'local'"),
    };
  }
}
