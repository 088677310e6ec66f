import type { TicketEvent } from '../../shared/tickets';
import type { PushStatus } from '../../shared/sync/protocol';
import type { HubDatabase, Sql } from '../db/sql';

/** Any constant: with the team id, the advisory lock held while a push takes sequence numbers. */
const LOG_LOCK = 7_310_002;

export interface Page {
  /** Canonical JSON of each event, in sequence order. */
  bodies: string[];
  next: number;
  head: number;
}

/**
 * The team's event log in PostgreSQL: idempotent on event id, one sequence per event as the pull cursor.
 * Appends take the team's advisory lock for the length of the transaction so sequence order is commit
 * order: a pull that has seen sequence n has seen every committed event of the team below n.
 */
export class EventLog {
  constructor(private readonly db: HubDatabase) {}

  /** Stores the events not yet known; returns the ids that were new. */
  async append(teamId: number, events: readonly TicketEvent[], pushedBy: number | null): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    return await this.db.transaction(async (tx) => this.appendIn(tx, teamId, events, pushedBy));
  }

  async appendIn(tx: Sql, teamId: number, events: readonly TicketEvent[], pushedBy: number | null): Promise<Set<string>> {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [LOG_LOCK, teamId]);
    const cols: string[][] = [[], [], [], [], [], [], []];
    for (const e of events) {
      const row = [e.id, e.ticketId, e.hlc, e.actor, e.device, e.type, JSON.stringify(e)];
      row.forEach((value, i) => cols[i]?.push(value));
    }
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO events (seq, id, team_id, ticket_id, hlc, actor, device, type, body, pushed_by)
       SELECT nextval('events_seq'), u.id, $1, u.ticket_id, u.hlc, u.actor, u.device, u.type, u.body, $2
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS u (id, ticket_id, hlc, actor, device, type, body)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [teamId, pushedBy, ...cols],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Which of these ids the hub already has (any team: ids are UUIDv7, unique by construction). */
  async known(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((row) => row.id));
  }

  async pull(teamId: number, after: number, limit: number): Promise<Page> {
    const rows = await this.db.query<{ seq: string | number; body: string }>(
      'SELECT seq, body FROM events WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [teamId, after, limit],
    );
    const headRows = await this.db.query<{ head: string | number | null }>('SELECT max(seq) AS head FROM events WHERE team_id = $1', [teamId]);
    const last = rows.at(-1);
    const next = last ? Number(last.seq) : after;
    return { bodies: rows.map((row) => row.body), next, head: Math.max(next, Number(headRows[0]?.head ?? 0)) };
  }

  /** Every event of a ticket in the team (the dispatch API folds them to check a command). */
  async ticketEvents(teamId: number, ticketId: string, tx: Sql = this.db): Promise<TicketEvent[]> {
    const rows = await tx.query<{ body: string }>('SELECT body FROM events WHERE team_id = $1 AND ticket_id = $2 ORDER BY hlc, id', [teamId, ticketId]);
    return rows.map((row) => JSON.parse(row.body) as TicketEvent);
  }

  async count(teamId?: number): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(
      teamId === undefined ? 'SELECT count(*) AS n FROM events' : 'SELECT count(*) AS n FROM events WHERE team_id = $1',
      teamId === undefined ? [] : [teamId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

export type { PushStatus };
