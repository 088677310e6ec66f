import { DEFAULT_SLA_TABLE, hlcWallMs, isOpen, slaState, slaTargetsFor, type SlaTable, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';

/** Short reference a technician can say on the phone: T- and the last 6 hex digits of a UUID, else the id. */
export function ticketRef(id: string): string {
  return /^[0-9a-f-]{36}$/.test(id) ? `T-${id.slice(-6).toUpperCase()}` : id;
}

/** What the full-text index holds for a ticket: one column each, comments one per line. */
export function searchText(ticket: Pick<Ticket, 'title' | 'description' | 'comments'>): { title: string; description: string; comments: string } {
  return { title: ticket.title, description: ticket.description, comments: ticket.comments.map((c) => c.text).join('\n') };
}

function sameSearchText(a: Ticket, b: Ticket): boolean {
  // Comments are only ever appended (fold.ts), so equal counts mean equal comments.
  return a.title === b.title && a.description === b.description && a.comments.length === b.comments.length;
}

/** Keeps the `tickets` row and its full-text entry equal to the fold of the ticket's events. */
export class ProjectionWriter {
  private readonly upsert;
  private readonly upsertState;
  private readonly ftsDelete;
  private readonly ftsInsert;
  private readonly rowidOf;

  constructor(
    db: Database,
    /** The SLA table in force (it can change at run time from Settings). */
    private readonly slaTable: () => SlaTable = () => DEFAULT_SLA_TABLE,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO tickets (id, ref, kind, title, requester, site, asset, category, impact, urgency, priority, level,
        assignee, team, status, is_open, conflicts, own_due_ms, resolve_due_ms, created_ms, updated_ms)
      VALUES (@id, @ref, @kind, @title, @requester, @site, @asset, @category, @impact, @urgency, @priority, @level,
        @assignee, @team, @status, @is_open, @conflicts, @own_due_ms, @resolve_due_ms, @created_ms, @updated_ms)
      ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, kind = excluded.kind, title = excluded.title,
        requester = excluded.requester, site = excluded.site, asset = excluded.asset, category = excluded.category,
        impact = excluded.impact, urgency = excluded.urgency, priority = excluded.priority, level = excluded.level,
        assignee = excluded.assignee, team = excluded.team, status = excluded.status, is_open = excluded.is_open,
        conflicts = excluded.conflicts, own_due_ms = excluded.own_due_ms, resolve_due_ms = excluded.resolve_due_ms,
        created_ms = excluded.created_ms, updated_ms = excluded.updated_ms`);
    this.upsertState = db.prepare(
      `INSERT INTO ticket_states (id, sla_input, state) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET sla_input = excluded.sla_input, state = excluded.state`,
    );
    this.ftsDelete = db.prepare('DELETE FROM tickets_fts WHERE rowid = ?');
    this.ftsInsert = db.prepare('INSERT INTO tickets_fts (rowid, title, description, comments) VALUES (?, ?, ?, ?)');
    this.rowidOf = db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck();
  }

  /**
   * `fresh`: the ticket has no row yet. `previous`: its state before this change, when the caller has it; the
   * full-text entry is then rewritten only if the searchable text changed (most events change none).
   */
  write(ticket: Ticket, options: { fresh?: boolean; previous?: Ticket | null } = {}): void {
    // Due times do not depend on "now" while a clock runs (elapsed and now grow together).
    const now = Date.now();
    const sla = slaState(ticket, now, slaTargetsFor(ticket.priority, this.slaTable()));
    const written = this.upsert.run({
      id: ticket.id,
      ref: ticketRef(ticket.id),
      kind: ticket.kind,
      title: ticket.title,
      requester: ticket.requester,
      site: ticket.site,
      asset: ticket.asset,
      category: ticket.category,
      impact: ticket.impact,
      urgency: ticket.urgency,
      priority: ticket.priority,
      level: ticket.level,
      assignee: ticket.assignee,
      team: ticket.team,
      status: ticket.status,
      is_open: isOpen(ticket.status) ? 1 : 0,
      conflicts: ticket.conflicts.length,
      own_due_ms: sla.own.dueAt,
      resolve_due_ms: sla.resolve.dueAt,
      created_ms: hlcWallMs(ticket.createdAt),
      updated_ms: hlcWallMs(ticket.updatedAt),
    });
    // What the queue needs to compute SLA clocks, without parsing the whole ticket.
    const slaInput = { ownedAt: ticket.ownedAt, statusHistory: ticket.statusHistory.map(({ at, status }) => ({ at, status })) };
    this.upsertState.run(ticket.id, JSON.stringify(slaInput), JSON.stringify(ticket));
    if (!options.fresh && options.previous && sameSearchText(options.previous, ticket)) return;
    // A fresh insert knows its rowid; after an upsert that updated, look it up.
    const rowid = options.fresh ? Number(written.lastInsertRowid) : (this.rowidOf.get(ticket.id) as number);
    if (!options.fresh) this.ftsDelete.run(rowid);
    const text = searchText(ticket);
    this.ftsInsert.run(rowid, text.title, text.description, text.comments);
  }
}
