import type { RelatedTicket, TicketAction, TicketDetail, TimelineEntry } from '../../../shared/contract/tickets';
import type { PayloadOf, Ticket } from '../../../shared/tickets';
import { AtelierError, parseOrThrow } from '../../../shared/contract';
import { DEFAULT_SLA_TABLE, fieldStory, hlcWallMs, SlaTable, slaState, slaTargetsFor, type SlaClock, type SlaInput } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { writeStored } from '../db/stored-values';
import { loadSlaTable, SLA_KEY } from './sla-table';
import { DeviceClock } from './device-clock';
import { assertTicket, EventStore, newTicketId } from './event-store';
import { ProjectionWriter, ticketRef } from './projection';
import { QueueReader } from './queue';
import { readDeviceNames } from '../device-names';


const reading = (clock: SlaClock) => ({ state: clock.state, leftMs: clock.leftMs, paused: clock.paused, stopped: clock.stoppedAt !== null });

/** Tickets as the contract sees them: commands in, details and queue pages out. */
export class TicketService {
  readonly store: EventStore;
  readonly queue: QueueReader;

  private slaTable: SlaTable;

  constructor(
    private readonly db: Database,
    private readonly actor: () => string,
    slaTable?: SlaTable,
    wall?: () => number,
  ) {
    this.slaTable = slaTable ?? loadSlaTable(db);
    const table = () => this.slaTable;
    this.store = new EventStore(db, new DeviceClock(db, wall), new ProjectionWriter(db, table));
    this.queue = new QueueReader(db, table);
  }

  sla(): SlaTable {
    return this.slaTable;
  }

  /** Saves new SLA targets and moves the due times of open tickets to match, in one transaction. */
  setSla(table: SlaTable, now = Date.now()): SlaTable {
    const parsed = parseOrThrow(SlaTable, table);
    this.db.transaction(() => {
      writeStored(this.db, SLA_KEY, parsed);
      const update = this.db.prepare('UPDATE tickets SET own_due_ms = ?, resolve_due_ms = ? WHERE id = ?');
      const open = this.db
        .prepare('SELECT t.id, t.priority, s.sla_input FROM tickets t JOIN ticket_states s ON s.id = t.id WHERE t.is_open = 1')
        .all() as { id: string; priority: Ticket['priority']; sla_input: string }[];
      for (const row of open) {
        const clocks = slaState(JSON.parse(row.sla_input) as SlaInput, now, slaTargetsFor(row.priority, parsed));
        update.run(clocks.own.dueAt, clocks.resolve.dueAt, row.id);
      }
    })();
    this.slaTable = parsed;
    return parsed;
  }

  create(payload: PayloadOf<'created'>): TicketDetail {
    const ticket = this.store.appendLocal({ ticketId: newTicketId(), type: 'created', payload, actor: this.actor() });
    return this.detail(ticket.id);
  }

  act(action: TicketAction): TicketDetail {
    const ticket = assertTicket(this.store.ticket(action.ticketId), action.ticketId);
    if (action.type === 'field_changed') {
      // What this device had for those fields: lets every device tell a knowing change from a clash.
      const seen = Object.fromEntries(Object.keys(action.payload.changes).map((field) => [field, ticket[field as keyof Ticket] ?? null]));
      action = { ...action, payload: { changes: action.payload.changes, seen } };
    }
    this.store.appendLocal({ ...action, actor: this.actor() });
    return this.detail(action.ticketId);
  }

  detail(id: string, now = Date.now()): TicketDetail {
    const ticket = assertTicket(this.store.ticket(id), id);
    const clocks = slaState(ticket, now, slaTargetsFor(ticket.priority, this.slaTable));
    const history = this.store.history(id);
    const story = fieldStory(history.map(({ event }) => event));
    const timeline: TimelineEntry[] = history.map(({ event, origin, syncedAt }) => ({
      id: event.id,
      hlc: event.hlc,
      atMs: hlcWallMs(event.hlc),
      actor: event.actor,
      device: event.device,
      type: event.type,
      payload: event.payload,
      origin,
      unsynced: origin === 'local' && syncedAt === null,
      ...(story.changes.has(event.id) ? { changes: story.changes.get(event.id) } : {}),
    }));
    const clashes = ticket.clashes?.open ?? [];
    const names = readDeviceNames(this.db);
    const devices = Object.fromEntries(
      [...new Set([...history.map(({ event }) => event.device), ...ticket.conflicts.map((c) => c.device)])].flatMap((node) => (names[node] ? [[node, names[node]]] : [])),
    );
    const related = this.related([
      ...(ticket.problemId ? [ticket.problemId] : []),
      ...ticket.incidentIds,
      ...history.flatMap(({ event }) => (event.type === 'linked' || event.type === 'unlinked' ? [event.payload.ticketId] : [])),
    ]);
    return { ticket, ref: ticketRef(ticket.id), related, clashes, devices, sla: { own: reading(clocks.own), resolve: reading(clocks.resolve) }, timeline };
  }

  /** How the given tickets read as links: reference, title, status, requester and site (from the queue's rows). */
  private related(ids: readonly string[]): Record<string, RelatedTicket> {
    const read = this.db.prepare('SELECT ref, title, kind, status, requester, site FROM tickets WHERE id = ?');
    const out: Record<string, RelatedTicket> = {};
    for (const id of new Set(ids)) {
      const row = read.get(id) as RelatedTicket | undefined;
      if (row) out[id] = { ...row };
    }
    return out;
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

  /** Adds a category or renames one; a sub-category needs its parent. */
  saveCategory(category: { path: string; fr: string; en: string }): { path: string; fr: string; en: string }[] {
    const parent = category.path.includes('/') ? category.path.slice(0, category.path.lastIndexOf('/')) : null;
    if (parent && !this.db.prepare('SELECT 1 FROM categories WHERE path = ?').get(parent)) {
      throw new AtelierError('invalid_input', `add the parent category "${parent}" first`, 'path');
    }
    this.db
      .prepare('INSERT INTO categories (path, label_fr, label_en) VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET label_fr = excluded.label_fr, label_en = excluded.label_en')
      .run(category.path, category.fr, category.en);
    return this.categories();
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
