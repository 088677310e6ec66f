import { clashFields, DEFAULT_SLA_TABLE, hlcWallMs, isOpen, slaState, slaTargetsFor, type SlaTable, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { MERGE_PAGES_PER_ENTRY } from './search-index';

/** Short reference a technician can say on the phone: T- and the last 6 hex digits of a UUID, else the id. */
export function ticketRef(id: string): string {
  return /^[0-9a-f-]{36}$/.test(id) ? `T-${id.slice(-6).toUpperCase()}` : id;
}

/**
 * What the full-text index holds for a ticket: one column each, comments one per line; an imported ticket's
 * number in its old helpdesk ("GLPI 4512") rides on the comments column so it can be searched.
 */
export function searchText(ticket: Pick<Ticket, 'title' | 'description' | 'comments' | 'source'>): { title: string; description: string; comments: string } {
  const lines = ticket.comments.map((c) => c.text);
  if (ticket.source) lines.push(`${ticket.source.system} ${ticket.source.number}`);
  return { title: ticket.title, description: ticket.description, comments: lines.join('\n') };
}

function sameSearchText(a: Ticket, b: Ticket): boolean {
  // Comments are only ever appended (fold.ts), so equal counts mean equal comments.
  return a.title === b.title && a.description === b.description && a.comments.length === b.comments.length;
}

/**
 * What a ticket's projection holds, computed from the ticket alone: the `tickets` row (its columns in the
 * order of ProjectionWriter's insert), the `ticket_states` texts and the full-text columns.
 */
export interface ProjectionRows {
  ticket: (string | number | null)[];
  slaInput: string;
  state: string;
  search: [title: string, description: string, comments: string];
}

export function projectionRows(ticket: Ticket, slaTable: SlaTable, now = Date.now()): ProjectionRows {
  // Due times do not depend on "now" while a clock runs (elapsed and now grow together).
  const sla = slaState(ticket, now, slaTargetsFor(ticket.priority, slaTable));
  // What the queue needs to compute SLA clocks, without parsing the whole ticket.
  const slaInput = {
    ownedAt: ticket.ownedAt,
    statusHistory: ticket.statusHistory.map(({ at, status }) => ({ at, status })),
    ...(ticket.vendorSpans?.length ? { vendorSpans: ticket.vendorSpans } : {}),
  };
  const text = searchText(ticket);
  return {
    // Bound by position (binding by name costs a lookup per column).
    ticket: [
      ticket.id,
      ticketRef(ticket.id),
      ticket.kind,
      ticket.title,
      ticket.requester,
      ticket.site,
      ticket.asset,
      ticket.category,
      ticket.impact,
      ticket.urgency,
      ticket.priority,
      ticket.level,
      ticket.assignee,
      ticket.team,
      ticket.status,
      isOpen(ticket.status) ? 1 : 0,
      ticket.conflicts.length,
      sla.own.dueAt,
      sla.resolve.dueAt,
      hlcWallMs(ticket.createdAt),
      hlcWallMs(ticket.updatedAt),
      ticket.vendor,
      clashColumn(ticket),
    ],
    slaInput: JSON.stringify(slaInput),
    state: JSON.stringify(ticket),
    search: [text.title, text.description, text.comments],
  };
}

/** The fields of a ticket's open clashes as the queue filters and shows them ("urgency,site"), null for none. */
export function clashColumn(ticket: Pick<Ticket, 'clashes'>): string | null {
  return clashFields(ticket.clashes).join(',') || null;
}

/** Keeps the `tickets` row and its full-text entry equal to the fold of the ticket's events. */
export class ProjectionWriter {
  private readonly upsert;
  private readonly upsertState;
  private readonly ftsDelete;
  private readonly ftsInsert;
  private readonly rowidOf;
  private readonly merge;
  /** Full-text entries rewritten since the last `mergeSearch`. */
  private rewritten = 0;

  constructor(
    db: Database,
    /** The SLA table in force (it can change at run time from Settings). */
    private readonly slaTable: () => SlaTable = () => DEFAULT_SLA_TABLE,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO tickets (id, ref, kind, title, requester, site, asset, category, impact, urgency, priority, level,
        assignee, team, status, is_open, conflicts, own_due_ms, resolve_due_ms, created_ms, updated_ms, vendor, clashes)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET ref = excluded.ref, kind = excluded.kind, title = excluded.title,
        requester = excluded.requester, site = excluded.site, asset = excluded.asset, category = excluded.category,
        impact = excluded.impact, urgency = excluded.urgency, priority = excluded.priority, level = excluded.level,
        assignee = excluded.assignee, team = excluded.team, status = excluded.status, is_open = excluded.is_open,
        conflicts = excluded.conflicts, own_due_ms = excluded.own_due_ms, resolve_due_ms = excluded.resolve_due_ms,
        created_ms = excluded.created_ms, updated_ms = excluded.updated_ms, vendor = excluded.vendor,
        clashes = excluded.clashes`);
    this.upsertState = db.prepare(
      `INSERT INTO ticket_states (id, sla_input, state) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET sla_input = excluded.sla_input, state = excluded.state`,
    );
    this.ftsDelete = db.prepare('DELETE FROM tickets_fts WHERE rowid = ?');
    this.ftsInsert = db.prepare('INSERT INTO tickets_fts (rowid, title, description, comments) VALUES (?, ?, ?, ?)');
    this.rowidOf = db.prepare('SELECT rowid FROM tickets WHERE id = ?').pluck();
    this.merge = db.prepare("INSERT INTO tickets_fts (tickets_fts, rank) VALUES ('merge', ?)");
  }

  /**
   * `fresh`: the ticket has no row yet. `previous`: its state before this change, when the caller has it; the
   * full-text entry is then rewritten only if the searchable text changed (most events change none).
   */
  write(ticket: Ticket, options: { fresh?: boolean; previous?: Ticket | null } = {}): void {
    const rows = projectionRows(ticket, this.slaTable());
    const written = this.upsert.run(rows.ticket);
    this.upsertState.run(ticket.id, rows.slaInput, rows.state);
    if (!options.fresh && options.previous && sameSearchText(options.previous, ticket)) return;
    // A fresh insert knows its rowid; after an upsert that updated, look it up.
    const rowid = options.fresh ? Number(written.lastInsertRowid) : (this.rowidOf.get(ticket.id) as number);
    if (!options.fresh) this.ftsDelete.run(rowid);
    this.ftsInsert.run(rowid, ...rows.search);
    this.rewritten++;
  }

  /** The SLA table in force now. */
  currentSlaTable(): SlaTable {
    return this.slaTable();
  }

  /** Writes the rows of a ticket that has none yet, computed beforehand (the rebuild's other thread). */
  insertRows(rows: ProjectionRows): void {
    const written = this.upsert.run(rows.ticket);
    this.upsertState.run(rows.ticket[0], rows.slaInput, rows.state);
    this.ftsInsert.run(Number(written.lastInsertRowid), ...rows.search);
    this.rewritten++;
  }

  /**
   * The full-text index's merge work for the entries rewritten since the last call, bounded (search-index.ts):
   * call it at the end of each writing transaction, so that no single write pays for a large merge.
   */
  mergeSearch(): void {
    if (this.rewritten === 0) return;
    const pages = this.rewritten * MERGE_PAGES_PER_ENTRY;
    this.rewritten = 0;
    this.merge.run(BigInt(pages));
  }

  /** Forgets the pending merge work (a bulk load that merges the whole index itself). */
  skipMerge(): void {
    this.rewritten = 0;
  }
}
