import type { QueueFilter, QueuePage, QueueQuery, QueueRow, SlaReading, SortField } from '../../../shared/contract/tickets';
import { QueueQuery as QueueQuerySchema } from '../../../shared/contract/tickets';
import { DEFAULT_SLA_TABLE, slaState, slaTargetsFor, type SlaClock, type SlaInput, type SlaTable, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { fold, searchedWords, searchQuery, wordSpans } from '../search/fts-query';
import { searchText } from './projection';

/** Marks around matches in snippets; the renderer turns them into <mark> without parsing HTML. */
export const MATCH_START = '\u0002';
export const MATCH_END = '\u0003';

const SNIPPET_WORDS = 14;

/** About SNIPPET_WORDS words around the first word that starts with a searched word, matches marked. */
export function passage(texts: readonly string[], words: readonly string[]): string | null {
  for (const raw of texts) {
    const text = raw.normalize('NFC');
    const tokens = wordSpans(text);
    const hits = (index: number) => words.some((word) => fold(tokens[index]?.word ?? '').startsWith(word));
    const first = tokens.findIndex((_, i) => hits(i));
    if (first < 0) continue;
    const from = Math.max(0, first - Math.floor(SNIPPET_WORDS / 3));
    const to = Math.min(tokens.length, from + SNIPPET_WORDS);
    let out = from > 0 ? '…' : '';
    let cursor = tokens[from]?.index ?? 0;
    for (let i = from; i < to; i++) {
      const token = tokens[i];
      if (!token) continue;
      out += text.slice(cursor, token.index);
      out += hits(i) ? `${MATCH_START}${token.word}${MATCH_END}` : token.word;
      cursor = token.index + token.word.length;
    }
    return to < tokens.length ? `${out}…` : out + text.slice(cursor);
  }
  return null;
}

const SORT_COLUMNS: Record<SortField, string> = {
  priority: 't.priority',
  // Running clocks first by due time; paused or stopped ones after them.
  sla: 't.resolve_due_ms IS NULL, t.resolve_due_ms',
  title: 't.title COLLATE NOCASE',
  requester: 't.requester COLLATE NOCASE',
  site: 't.site COLLATE NOCASE',
  category: 't.category',
  level: 't.level',
  status: 't.status',
  assignee: 't.assignee COLLATE NOCASE',
  updated: 't.updated_ms',
  created: 't.created_ms',
};

function endOfToday(now: number): number {
  const end = new Date(now);
  end.setHours(23, 59, 59, 999);
  return end.getTime();
}

function where(filter: QueueFilter, now: number, params: Record<string, unknown>): string[] {
  const clauses: string[] = [];
  const list = (name: string, column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    const keys = values.map((value, i) => {
      params[`${name}${i}`] = value;
      return `@${name}${i}`;
    });
    clauses.push(`${column} IN (${keys.join(', ')})`);
  };
  if (filter.open !== undefined) clauses.push(`t.is_open = ${filter.open ? 1 : 0}`);
  list('status', 't.status', filter.statuses);
  list('priority', 't.priority', filter.priorities);
  list('level', 't.level', filter.levels);
  list('kind', 't.kind', filter.kinds);
  if (filter.unassigned) clauses.push('t.assignee IS NULL');
  else if (filter.assignee) {
    params.assignee = filter.assignee;
    clauses.push('t.assignee = @assignee');
  }
  if (filter.category) {
    params.category = filter.category;
    params.categoryPrefix = `${filter.category}/%`;
    clauses.push('(t.category = @category OR t.category LIKE @categoryPrefix)');
  }
  if (filter.site) {
    params.site = filter.site;
    clauses.push('t.site = @site');
  }
  if (filter.requester) {
    params.requester = filter.requester;
    clauses.push('t.requester = @requester');
  }
  // Status conflicts and open field clashes; written as migration 0021's partial index says, so it serves both.
  if (filter.conflicts) clauses.push('(t.conflicts > 0 OR t.clashes IS NOT NULL)');
  if (filter.withVendor) clauses.push('t.vendor IS NOT NULL');
  if (filter.sla) {
    params.now = now;
    if (filter.sla === 'breached') clauses.push('t.is_open = 1 AND t.resolve_due_ms < @now');
    if (filter.sla === 'due_today') {
      params.endOfDay = endOfToday(now);
      clauses.push('t.is_open = 1 AND t.resolve_due_ms <= @endOfDay');
    }
    if (filter.sla === 'at_risk') clauses.push('t.is_open = 1 AND t.resolve_due_ms >= @now');
  }
  return clauses;
}

function reading(clock: SlaClock): SlaReading {
  return { state: clock.state, leftMs: clock.leftMs, paused: clock.paused, stopped: clock.stoppedAt !== null };
}

/** The queue: filtered, sorted, paged; with a text, ranked by the sort and carrying a highlighted snippet. */
export class QueueReader {
  private readonly countMatches;
  private readonly highestRowid;

  constructor(
    private readonly db: Database,
    private readonly slaTable: () => SlaTable = () => DEFAULT_SLA_TABLE,
  ) {
    this.countMatches = db.prepare('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?').pluck();
    // About how many tickets there are, without counting them (tickets are never deleted one by one).
    this.highestRowid = db.prepare('SELECT coalesce(max(rowid), 0) FROM tickets').pluck();
  }

  page(input: QueueQuery, now = Date.now()): QueuePage {
    const query = QueueQuerySchema.parse(input);
    const params: Record<string, unknown> = {};
    const clauses = where(query.filter, now, params);
    const match = query.filter.text ? searchQuery(query.filter.text, { positions: false }) : null;
    const from = 'tickets t';
    let total: number | null = null;
    let pageClauses = clauses;
    if (match) {
      params.match = match;
      const hits = this.countMatches.get(match) as number;
      if (hits === 0) return { total: 0, offset: query.offset, rows: [] };
      // Every ticket has one full-text row: without other filters the matches are the total.
      if (clauses.length === 0) total = hits;
      // The full-text match runs once, as a set of rowids (a join would let SQLite run it again per ticket).
      // Few matches: read those tickets and sort them. Many: walk the queue in the sort's order (an index) and
      // keep the tickets in the set, stopping after the page, instead of reading and sorting every match
      // (`+` keeps SQLite from looking tickets up by the set).
      const inMatches = 't.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH @match)';
      const many = hits * hits > (query.offset + query.limit) * (this.highestRowid.get() as number);
      clauses.push(inMatches);
      pageClauses = [...clauses.slice(0, -1), many ? `+${inMatches}` : inMatches];
    }
    const whereSql = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const pageWhereSql = pageClauses.length > 0 ? `WHERE ${pageClauses.join(' AND ')}` : '';

    const dir = query.sort.dir === 'desc' ? 'DESC' : 'ASC';
    const order = SORT_COLUMNS[query.sort.field]
      .split(', ')
      .map((column) => `${column} ${dir}`)
      .concat('t.updated_ms DESC', 't.id')
      .join(', ');
    // Sort and page on the narrow columns first; the wider ones are read for the page's rows only
    // (SQLite would otherwise compute every output column for every matching row before sorting).
    // CROSS JOIN keeps the page's 100 rows as the outer loop: otherwise SQLite may walk a whole index in the
    // sort order to skip the final sort of those 100 rows.
    const rows = this.db
      .prepare(
        `WITH page AS (SELECT t.rowid AS rid FROM ${from} ${pageWhereSql} ORDER BY ${order} LIMIT @limit OFFSET @offset)
         SELECT t.rowid AS rid, t.id, t.ref, t.kind, t.title, t.requester, t.site, t.category, t.priority, t.level, t.status,
                t.assignee, t.vendor, t.updated_ms, t.conflicts, t.clashes, s.sla_input, ${match ? 's.state' : 'NULL AS state'},
                (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.synced_at IS NULL AND e.origin = 'local') AS unsynced
         FROM page CROSS JOIN tickets t ON t.rowid = page.rid CROSS JOIN ticket_states s ON s.id = t.id
         ORDER BY ${order}`,
      )
      .all({ ...params, limit: query.limit, offset: query.offset }) as RawRow[];
    // The page stops early on an index; a separate count is cheaper than sorting every row to count them.
    total ??= this.db.prepare(`SELECT count(*) FROM ${from} ${whereSql}`).pluck().get(params) as number;
    const text = match ? query.filter.text : undefined;
    return { total, offset: query.offset, rows: rows.map((row) => this.toRow(row, now, text ? this.snippet(text, row) : undefined)) };
  }

  /** A passage around the first match in the ticket, matches marked. Built here from the stored ticket (the
   *  full-text index keeps no text; FTS5's snippet() would run the whole query again for every row). */
  private snippet(text: string, row: RawRow): string | undefined {
    const words = searchedWords(text);
    const inTitle = passage([row.title], words);
    if (inTitle !== null || row.state === null) return inTitle ?? undefined;
    const { description, comments } = searchText(JSON.parse(row.state) as Ticket);
    return passage([description, comments], words) ?? undefined;
  }

  private toRow(row: RawRow, now: number, snippet: string | undefined): QueueRow {
    const targets = slaTargetsFor(row.priority as Ticket['priority'], this.slaTable());
    const clocks = slaState(JSON.parse(row.sla_input) as SlaInput, now, targets);
    const out: QueueRow = {
      id: row.id,
      ref: row.ref,
      kind: row.kind as QueueRow['kind'],
      title: row.title,
      requester: row.requester,
      site: row.site,
      category: row.category,
      priority: row.priority as QueueRow['priority'],
      level: row.level as QueueRow['level'],
      status: row.status as QueueRow['status'],
      assignee: row.assignee,
      vendor: row.vendor,
      updatedMs: row.updated_ms,
      sla: reading(clocks.resolve),
      conflicts: row.conflicts,
      clashes: row.clashes ? (row.clashes.split(',') as QueueRow['clashes']) : [],
      unsynced: row.unsynced,
    };
    if (snippet !== undefined) out.snippet = snippet;
    return out;
  }

  /** Values already used in a field, for autocomplete (most recent first). */
  suggest(field: 'requester' | 'site' | 'assignee' | 'team', prefix: string, limit = 12): string[] {
    return this.db
      .prepare(
        `SELECT ${field} FROM tickets WHERE ${field} IS NOT NULL AND ${field} LIKE @prefix ESCAPE '\\'
         GROUP BY ${field} ORDER BY max(updated_ms) DESC LIMIT @limit`,
      )
      .pluck()
      .all({ prefix: `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit }) as string[];
  }
}

interface RawRow {
  rid: number;
  id: string;
  ref: string;
  kind: string;
  title: string;
  requester: string | null;
  site: string | null;
  category: string | null;
  priority: string;
  level: string;
  status: string;
  assignee: string | null;
  vendor: string | null;
  updated_ms: number;
  conflicts: number;
  /** The fields of open clashes, comma-separated; null for none. */
  clashes: string | null;
  sla_input: string;
  /** The whole ticket, on search pages only (for the snippet). */
  state: string | null;
  unsynced: number;
}
