import type { DraftEvent } from '../../shared/checklists/authoring';
import type { KbEvent } from '../../shared/kb';
import type { AttachedFile, TicketEvent } from '../../shared/tickets';
import type { SubjectFacts } from '../../shared/sync/admission';
import { MAX_PULL_BYTES, type PushStatus } from '../../shared/sync/protocol';
import type { HubDatabase, Sql } from '../db/sql';

/** What every log entry carries besides its body (a ticket event, a knowledge-base event). */
export interface LoggedEvent {
  id: string;
  hlc: string;
  actor: string;
  device: string;
  type: string;
}

/**
 * One stream of the team's log: its table and sequence, its advisory lock (any constant: with the team id,
 * the lock held while a push takes sequence numbers), and the column its entries are grouped by.
 */
export interface LogStream<E extends LoggedEvent> {
  readonly table: string;
  readonly sequence: string;
  readonly lock: number;
  readonly keyColumn: string;
  key(event: E): string;
  /** For the admission rule's messages: "ticket" / "article", and the event field holding the key. */
  readonly noun: string;
  readonly keyField: string;
}

/** What the log already holds that a push is checked against (read under the stream's team lock). */
export interface Held {
  /** Stored events with the pushed ids, in any team: their team and body. */
  byId: Map<string, { teamId: number; body: string }>;
  /** The team's created and earliest event of every ticket (article) the push names. */
  subjects: Map<string, SubjectFacts>;
  /** The team's attachments the push's removals name, by their event id (ticket log only). */
  attachments: Map<string, AttachedFile>;
}

export const TICKET_STREAM: LogStream<TicketEvent> = { table: 'events', sequence: 'events_seq', lock: 7_310_002, keyColumn: 'ticket_id', key: (e) => e.ticketId, noun: 'ticket', keyField: 'ticketId' };
/** Knowledge-base articles' events (hub migration 4): their own sequence, so their own pull cursor. */
export const KB_STREAM: LogStream<KbEvent> = { table: 'kb_events', sequence: 'kb_events_seq', lock: 7_310_003, keyColumn: 'article_id', key: (e) => e.articleId, noun: 'article', keyField: 'articleId' };
/** Checklist drafts' events (hub migration 6): their own sequence, so their own pull cursor. */
export const CHECKLIST_STREAM: LogStream<DraftEvent> = {
  table: 'checklist_draft_events',
  sequence: 'checklist_draft_events_seq',
  lock: 7_310_004,
  keyColumn: 'draft_id',
  key: (e) => e.draftId,
  noun: 'checklist draft',
  keyField: 'draftId',
};

/** Planner settings of a pull's transaction (see EventLog.pull). */
export const PULL_PLAN = 'SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off';
/** A pull page: $1 team, $2 after, $3 limit; ordered like the `(team_id, seq)` index. */
export const pageQuery = (table: string) => `SELECT seq, body FROM ${table} WHERE team_id = $1 AND seq > $2 ORDER BY team_id, seq LIMIT $3`;
/**
 * The page cut at $4 bytes of bodies (always at least one event): counted in PostgreSQL over the rows of
 * `pageQuery`, so a page of large events never travels whole to the hub, nor to a device.
 */
export const cappedPageQuery = (table: string) =>
  `SELECT seq, body FROM (SELECT seq, body, octet_length(body) AS size, sum(octet_length(body)) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS upto
     FROM (${pageQuery(table)}) AS page_rows) AS page WHERE upto <= $4 OR upto = size ORDER BY seq`;

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
 * The ticket log by default; the knowledge base's is another stream of the same shape (KB_STREAM).
 */
export class EventLog<E extends LoggedEvent = TicketEvent> {
  constructor(
    private readonly db: HubDatabase,
    readonly stream: LogStream<E> = TICKET_STREAM as unknown as LogStream<E>,
  ) {}

  /** Stores the events not yet known; returns the ids that were new. */
  async append(teamId: number, events: readonly E[], pushedBy: number | null): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    return await this.db.transaction(async (tx) => this.appendIn(tx, teamId, events, pushedBy));
  }

  /**
   * A push: under the team's lock, `decide` sees what the log holds of the pushed ids and subjects and
   * returns the events to store (or throws: nothing is stored). An id taken meanwhile by another team's
   * push (their lock is not ours) refuses the push too.
   */
  async appendChecked(teamId: number, events: readonly E[], pushedBy: number | null, decide: (held: Held) => E[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    return await this.db.transaction(async (tx) => {
      await this.lock(tx, teamId);
      const storable = decide(await this.held(tx, teamId, events));
      const inserted = await this.insertIn(tx, teamId, storable, pushedBy);
      const raced = storable.find((event) => !inserted.has(event.id));
      if (raced) throw Object.assign(new Error(`event id ${raced.id} was just stored by another push`), { code: 'id_taken', id: raced.id });
      return inserted;
    });
  }

  private async lock(tx: Sql, teamId: number): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [this.stream.lock, teamId]);
  }

  private async held(tx: Sql, teamId: number, events: readonly E[]): Promise<Held> {
    const { table, keyColumn, key } = this.stream;
    const ids = [...new Set(events.map((event) => event.id))];
    const keys = [...new Set(events.map(key))];
    const byId = new Map<string, { teamId: number; body: string }>();
    for (const row of await tx.query<{ id: string; team_id: string | number; body: string }>(`SELECT id, team_id, body FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])) {
      byId.set(row.id, { teamId: Number(row.team_id), body: row.body });
    }
    const subjects = new Map<string, SubjectFacts>();
    const created = await tx.query<{ key: string; id: string; hlc: string }>(
      `SELECT ${keyColumn} AS key, id, hlc FROM ${table} WHERE team_id = $1 AND ${keyColumn} = ANY($2::text[]) AND type = 'created' ORDER BY hlc, id`,
      [teamId, keys],
    );
    const earliest = await tx.query<{ key: string; id: string; hlc: string }>(
      `SELECT DISTINCT ON (${keyColumn}) ${keyColumn} AS key, id, hlc FROM ${table} WHERE team_id = $1 AND ${keyColumn} = ANY($2::text[]) ORDER BY ${keyColumn}, hlc, id`,
      [teamId, keys],
    );
    for (const row of earliest) subjects.set(row.key, { created: null, earliest: { id: row.id, hlc: row.hlc } });
    for (const row of created) {
      const facts = subjects.get(row.key);
      if (facts && facts.created === null) facts.created = { id: row.id, hlc: row.hlc };
    }
    return { byId, subjects, attachments: await this.attachments(tx, teamId, events) };
  }

  /** The `attachment_added` events the batch's removals name (only tickets have attachments). */
  private async attachments(tx: Sql, teamId: number, events: readonly E[]): Promise<Map<string, AttachedFile>> {
    const named = events.flatMap((event) => (event.type === 'attachment_removed' ? [(event as unknown as { payload: { attachmentId: string } }).payload.attachmentId] : []));
    const found = new Map<string, AttachedFile>();
    if (named.length === 0 || this.stream.table !== TICKET_STREAM.table) return found;
    const rows = await tx.query<{ id: string; ticket_id: string; hlc: string; actor: string; body: string }>(
      `SELECT id, ticket_id, hlc, actor, body FROM events WHERE team_id = $1 AND id = ANY($2::uuid[]) AND type = 'attachment_added'`,
      [teamId, named],
    );
    for (const row of rows) {
      const { payload } = JSON.parse(row.body) as { payload: { hash: string; name: string } };
      found.set(row.id, { eventId: row.id, ticketId: row.ticket_id, at: row.hlc, actor: row.actor, hash: payload.hash, name: payload.name });
    }
    return found;
  }

  async appendIn(tx: Sql, teamId: number, events: readonly E[], pushedBy: number | null): Promise<Set<string>> {
    await this.lock(tx, teamId);
    return await this.insertIn(tx, teamId, events, pushedBy);
  }

  private async insertIn(tx: Sql, teamId: number, events: readonly E[], pushedBy: number | null): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const { table, sequence, keyColumn, key } = this.stream;
    const cols: string[][] = [[], [], [], [], [], [], []];
    for (const e of events) {
      const row = [e.id, key(e), e.hlc, e.actor, e.device, e.type, JSON.stringify(e)];
      row.forEach((value, i) => cols[i]?.push(value));
    }
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO ${table} (seq, id, team_id, ${keyColumn}, hlc, actor, device, type, body, pushed_by)
       SELECT nextval('${sequence}'), u.id, $1, u.key, u.hlc, u.actor, u.device, u.type, u.body, $2
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
         AS u (id, key, hlc, actor, device, type, body)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [teamId, pushedBy, ...cols],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Which of these ids the hub already has (any team: ids are UUIDv7, unique by construction). */
  async known(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM ${this.stream.table} WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * A page: one range scan of the `(team_id, seq)` index, whatever the planner's statistics say. Without
   * them (a log just filled by a first big push or an import, before autovacuum's ANALYZE) PostgreSQL
   * estimated a few hundred rows and chose a bitmap scan of every remaining row of the team plus an on-disk
   * sort, per page: 100k events took 1.9 s of queries instead of 40 ms. Sorting and bitmap scans are
   * turned off for this one transaction, so the index order is the only plan left.
   */
  async pull(teamId: number, after: number, limit: number, maxBytes = MAX_PULL_BYTES): Promise<Page> {
    const { table } = this.stream;
    const [rows, headRows] = await this.db.transaction(async (tx) => {
      await tx.exec(PULL_PLAN);
      return [
        await tx.query<{ seq: string | number; body: string }>(cappedPageQuery(table), [teamId, after, limit, maxBytes]),
        await tx.query<{ head: string | number | null }>(`SELECT max(seq) AS head FROM ${table} WHERE team_id = $1`, [teamId]),
      ] as const;
    });
    const last = rows.at(-1);
    const next = last ? Number(last.seq) : after;
    return { bodies: rows.map((row) => row.body), next, head: Math.max(next, Number(headRows[0]?.head ?? 0)) };
  }

  /** Every event of a ticket in the team (the dispatch API folds them to check a command; ticket log only). */
  async ticketEvents(teamId: number, ticketId: string, tx: Sql = this.db): Promise<TicketEvent[]> {
    const rows = await tx.query<{ body: string }>('SELECT body FROM events WHERE team_id = $1 AND ticket_id = $2 ORDER BY hlc, id', [teamId, ticketId]);
    return rows.map((row) => JSON.parse(row.body) as TicketEvent);
  }

  async count(teamId?: number): Promise<number> {
    const rows = await this.db.query<{ n: string | number }>(
      teamId === undefined ? `SELECT count(*) AS n FROM ${this.stream.table}` : `SELECT count(*) AS n FROM ${this.stream.table} WHERE team_id = $1`,
      teamId === undefined ? [] : [teamId],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

export type { PushStatus };
